"""The control plane under /cimdouble/v1/ on the real binary, with requests (pywinrm's HTTP
client) for the JSON calls and pywinrm for the WS-Man side: health, the clock (a migration
finished by moving paused time by hand), jobs with their history, the journal (query, verify
with near misses, faults recorded, switched off, cleared), reset, metrics."""
import unittest

import requests
import winrm

from cimdouble_server import CimdoubleServer
from wsman_messages import NS, TRANSFER, WMI, envelope, fault_of, parse

WEB_03 = "5E3A0002-1002-4002-8002-A00000000002"  # on HV-NODE3
MIGRATION_SERVICE = WMI + "Msvm_VirtualSystemMigrationService"
SERVICE_KEYS = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": "HV-NODE1",
                "CreationClassName": "Msvm_VirtualSystemMigrationService", "Name": "migrationwmi"}


class ControlPlaneTest(unittest.TestCase):
    def setUp(self):
        self.server = CimdoubleServer(https=False).__enter__()
        self.base = self.server.http_url.replace("/wsman", "/cimdouble/v1/")
        self.auth = (self.server.user, self.server.password)
        self.protocol = winrm.protocol.Protocol(endpoint=self.server.http_url, transport="basic",
                                                username=self.server.user, password=self.server.password)

    def tearDown(self):
        self.server.__exit__(None, None, None)
        self.assertEqual(self.server.exit_code, 0)

    def get(self, path, **kwargs):
        return requests.get(self.base + path, auth=self.auth, timeout=30, **kwargs)

    def post(self, path, body=None):
        return requests.post(self.base + path, json={} if body is None else body, auth=self.auth, timeout=30)

    def migrate_web03(self, destination="HV-NODE1"):
        vm = (f"<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address><a:ReferenceParameters>"
              f"<w:ResourceURI>{WMI}Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>"
              f'<w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector><w:Selector Name="Name">{WEB_03}</w:Selector>'
              "</w:SelectorSet></a:ReferenceParameters>")
        body = (f'<p:MigrateVirtualSystemToHost_INPUT xmlns:p="{MIGRATION_SERVICE}"><p:ComputerSystem>{vm}</p:ComputerSystem>'
                f"<p:DestinationHost>{destination}</p:DestinationHost></p:MigrateVirtualSystemToHost_INPUT>")
        root = parse(self.protocol.send_message(envelope(MIGRATION_SERVICE + "/MigrateVirtualSystemToHost", MIGRATION_SERVICE,
                                                         body, SERVICE_KEYS)))
        return root.find(".//w:Selector[@Name='InstanceID']", NS).text

    def job_state(self, instance_id):
        root = parse(self.protocol.send_message(envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob",
                                                         selectors={"InstanceID": instance_id})))
        job = root.find("s:Body/*", NS)
        return job.find(f"{{{WMI}Msvm_MigrationJob}}JobState").text, job.find(f"{{{WMI}Msvm_MigrationJob}}PercentComplete").text

    def test_health_and_access(self):
        health = self.get("health")
        self.assertEqual(health.status_code, 200)
        self.assertEqual(health.headers["Content-Type"], "application/json")
        body = health.json()
        self.assertTrue(body["ready"])
        self.assertGreater(body["instances"], 50)
        self.assertEqual(requests.get(self.base + "health", timeout=30).status_code, 401)
        # The readiness probe needs no credentials and says nothing more than that (issue 18).
        ready = requests.get(self.base + "ready", timeout=30)
        self.assertEqual((ready.status_code, ready.json()), (200, {"ready": True}))
        self.assertEqual(requests.post(self.base + "ready", json={}, timeout=30).status_code, 401)
        self.assertEqual(requests.get(self.base + "ready?verbose=1", timeout=30).status_code, 401)
        self.assertEqual(requests.get(self.base + "health", auth=(self.server.user, "wrong"), timeout=30).status_code, 401)
        self.assertEqual(self.get("nothing").status_code, 404)
        self.assertEqual(requests.get(self.server.http_url.replace("/wsman", "/elsewhere"), auth=self.auth, timeout=30).status_code, 404)

    def test_paused_clock_moves_jobs_only_when_told(self):
        paused = self.post("clock", {"pause": True}).json()
        self.assertTrue(paused["paused"])
        self.assertEqual(self.get("clock").json()["now"], paused["now"])
        instance_id = self.migrate_web03()
        self.assertEqual(self.job_state(instance_id), ("4", "0"))
        self.assertEqual(self.post("clock", {"advance": "PT15S"}).status_code, 200)
        self.assertEqual(self.job_state(instance_id), ("4", "50"))
        self.post("clock", {"advance": 15})
        self.assertEqual(self.job_state(instance_id), ("7", "100"))
        jobs = self.get("jobs").json()["jobs"]
        mine = [j for j in jobs if j["instanceId"] == instance_id][0]
        self.assertEqual([h["state"] for h in mine["history"]], ["Running", "Completed"])
        self.assertEqual(mine["history"][1]["percent"], 100)
        # Set, scale and bad input.
        self.assertEqual(self.post("clock", {"set": "2030-01-01T00:00:00Z"}).json()["now"], "2030-01-01T00:00:00.000000Z")
        self.assertEqual(self.post("clock", {"scale": 10}).json()["scale"], 10.0)
        self.assertEqual(self.post("clock", {"advance": "soon"}).status_code, 400)
        self.assertEqual(self.post("clock", {"advance": -5}).status_code, 400)
        self.assertEqual(self.post("clock", {"warp": 1}).status_code, 400)
        self.assertEqual(requests.post(self.base + "clock", data="{", auth=self.auth, timeout=30,
                                       headers={"Content-Type": "application/json"}).status_code, 400)
        # A reset puts the clock back where the fixture started it, running at the command
        # line's scale (issue 18): the 2030 set above, the pause and the scale 10 are undone.
        self.post("clock", {"pause": True})
        self.post("reset")
        clock = self.get("clock").json()
        self.assertLess(clock["now"], "2030")
        self.assertFalse(clock["paused"])
        self.assertEqual(clock["scale"], 1.0)
        self.assertEqual(self.job_state("Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"), ("4", "40"))

    def test_journal_records_queries_and_verifies(self):
        self.post("clock", {"pause": True})
        self.migrate_web03("HV-NODE2")
        bad = requests.post(self.server.http_url, auth=self.auth, timeout=30,
                            data=envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"Bogus": "1"}),
                            headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        self.assertEqual(fault_of(bad.text)[1], "w:InvalidSelectors")
        entries = self.get("journal", params={"action": "Invoke", "method": "MigrateVirtualSystemToHost"}).json()["entries"]
        self.assertEqual(len(entries), 1)
        entry = entries[0]
        self.assertEqual(entry["class"], "Msvm_VirtualSystemMigrationService")
        self.assertEqual(entry["namespace"], "root/HyperVCluster/v2")
        self.assertEqual(entry["selectors"]["SystemName"], "HV-NODE1")
        self.assertEqual(entry["parameters"]["DestinationHost"], "HV-NODE2")
        self.assertIn(f"Name={WEB_03};", entry["parameters"]["ComputerSystem"])
        self.assertEqual(entry["status"], 200)
        self.assertEqual(entry["user"], self.server.user)
        faults = self.get("journal", params={"fault": "w:InvalidSelectors"}).json()["entries"]
        self.assertEqual(len(faults), 1)
        self.assertEqual(faults[0]["status"], 500)
        self.assertEqual(self.get("journal", params={"colour": "red"}).status_code, 400)
        misspelt = self.get("journal", params={"action": "Invoke", "method": "MigrateVirtualSystemToHostt"})
        self.assertEqual(misspelt.status_code, 400)
        self.assertIn("did you mean 'MigrateVirtualSystemToHost'", misspelt.json()["error"])
        self.assertIn("unknown action", self.post("journal/verify", {"action": "Enumerat"}).json()["error"])

        verified = self.post("journal/verify", {"action": "Invoke", "method": "MigrateVirtualSystemToHost",
                                                "parameters": {"DestinationHost": "HV-NODE2"}}).json()
        self.assertEqual(verified["count"], 1)
        missed = self.post("journal/verify", {"action": "Invoke", "method": "MigrateVirtualSystemToHost",
                                              "parameters": {"DestinationHost": "HV-NODE9"}}).json()
        self.assertEqual(missed["count"], 0)
        self.assertEqual(missed["nearMisses"][0]["differences"], ["parameter DestinationHost: wanted 'HV-NODE9', was 'HV-NODE2'"])
        self.assertEqual(self.post("journal/verify", {"action": 5}).status_code, 400)

        self.assertEqual(self.post("journal", {"enabled": False}).json()["enabled"], False)
        requests.post(self.server.http_url, auth=self.auth, timeout=30, data=envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob"),
                      headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        self.assertEqual(self.get("health").json()["journalEntries"], 2)  # nothing added while off
        self.post("journal", {"enabled": True})
        self.assertEqual(self.post("journal/clear").json()["cleared"], True)
        self.assertEqual(self.get("journal").json()["entries"], [])

    def test_reset_returns_to_the_fixture(self):
        self.post("clock", {"pause": True})
        instance_id = self.migrate_web03()
        self.post("clock", {"advance": "PT1M"})
        self.assertEqual(self.job_state(instance_id)[0], "7")
        reset = self.post("reset").json()
        self.assertTrue(reset["reset"])
        self.assertLess(reset["milliseconds"], 1000)
        self.assertEqual(self.get("journal").json()["entries"], [])  # the journal starts again
        gone = requests.post(self.server.http_url, auth=self.auth, timeout=30,
                             data=envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": instance_id}),
                             headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        self.assertEqual(fault_of(gone.text)[1], "a:DestinationUnreachable")
        # Only the fixture's own jobs are left, each listed before any client touched it.
        listed = sorted(job["instanceId"] for job in self.get("jobs").json()["jobs"])
        self.assertEqual(listed, sorted(["Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01",
                                         "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C02",
                                         "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C03"]))
        # The VM is back on its fixture host, so it can be migrated again.
        self.migrate_web03()

    def test_metrics(self):
        self.job_state("Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01")
        text = self.get("metrics")
        self.assertTrue(text.headers["Content-Type"].startswith("text/plain"))
        self.assertIn('cimdouble_requests_total{action="Get",status="200"} 1', text.text)
        self.assertIn("cimdouble_request_duration_seconds_count 1", text.text)
        self.assertIn("cimdouble_live_jobs 1", text.text)  # the staged live migration runs on
        self.assertIn("cimdouble_enumeration_contexts 0", text.text)


if __name__ == "__main__":
    unittest.main()
