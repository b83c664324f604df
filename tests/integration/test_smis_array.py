"""An SMI-S array (HP 3PAR's CIM API, root/tpd) staged by fixtures/examples/storage_array.yaml,
driven over CIM-XML by sblim's wbemcli over HTTP and HTTPS: the array read through its CIM_
and TPD_ classes and associations, a volume set replicated with CreateGroupReplica and its jobs
polled to their end on the test's clock (one fails as the fixture's rule says), virtual and
physical copies of single volumes and the operations ModifyReplicaSynchronization takes on
them, and the parameter checks the reference documents. wbemcli cannot read the reference-array
OUT parameters of CreateGroupReplica (its parser takes no VALUE.REFARRAY in a PARAMVALUE), so
that answer's DSP0201 structure is checked from a recorded request."""
import os
import re
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import requests
import winrm

from cimdouble_server import CimdoubleServer
from client_flow import terminate_job
from wsman_messages import TRANSFER, envelope, parse

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "fixtures", "examples", "storage_array.yaml")
NS = "root/tpd"
WWN = "2FF70002AC189A39"  # from the fixture's serial 1612345
SYSTEM_KEYS = f'SystemCreationClassName="TPD_StorageSystem",SystemName="{WWN}"'
SERVICE = f'TPD_ReplicationService.{SYSTEM_KEYS},CreationClassName="TPD_ReplicationService",Name="ReplicationService"'
DB_SET = 'TPD_ReplicationGroup.InstanceID="HP_3PAR:db-set"'


def volume(device_id):
    return f'TPD_StorageVolume.{SYSTEM_KEYS},CreationClassName="TPD_StorageVolume",DeviceID="{device_id}"'


def properties(text):
    """wbemcli -nl output of one instance as a dict of its properties' texts."""
    found = {}
    for line in text.splitlines():
        if line.startswith("-") and "=" in line:
            name, value = line[1:].split("=", 1)
            found[name] = value.strip('"')
    return found


class SmisArrayTest(unittest.TestCase):
    def setUp(self):
        self.server = CimdoubleServer("--fixture", FIXTURE).__enter__()
        self.base = self.server.cimxml_http_url.rsplit("/", 1)[0]
        self.tls_base = self.server.cimxml_https_url.rsplit("/", 1)[0]
        self.hostport = self.base.split("://", 1)[1]
        self.control = self.server.http_url.rsplit("/", 1)[0] + "/cimdouble/v1/"
        self.clock({"pause": True})

    def tearDown(self):
        self.server.__exit__(None, None, None)
        self.assertEqual(self.server.exit_code, 0)

    def clock(self, body):
        answer = requests.post(self.control + "clock", json=body, auth=(self.server.user, self.server.password), timeout=30)
        self.assertEqual(answer.status_code, 200, answer.text)

    def wbemcli(self, command, path, *options, call=None, tls=False, expect_rc=0):
        base = self.tls_base if tls else self.base
        url = base.replace("://", f"://{self.server.user}:{self.server.password}@") + f"/{NS}:{path}"
        argv = ["wbemcli", command] + (["-noverify"] if tls else []) + list(options) + [url] + ([call] if call else [])
        run = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, expect_rc, run.stdout + run.stderr)
        return run.stdout + run.stderr

    def ref(self, path):
        return f"{self.hostport}/{NS}:{path}"

    def invoke(self, target, call, expect_rc=0):
        """wbemcli cm: the return value and the OUT parameters' texts."""
        text = self.wbemcli("cm", target, call=call, expect_rc=expect_rc)
        # "<path> Method: 4096, Name (type): value, Name (type): value"; values hold commas.
        parts = re.split(r", (\w+) \([^)]*\): ", text.strip())
        match = re.search(r" \w+: (\d+)$", parts[0])
        self.assertIsNotNone(match, text)
        return int(match.group(1)), dict(zip(parts[1::2], parts[2::2]))

    def instance(self, path):
        return properties(self.wbemcli("gi", path, "-nl"))

    def pairs(self):
        text = self.wbemcli("ei", "TPD_StorageSynchronized", "-nl")
        return [properties(block) for block in text.split("\n\n") if block.strip()]

    def jobs(self):
        return [line.split(f"/{NS}:", 1)[1] for line in self.wbemcli("ein", "TPD_ConcreteJob").splitlines() if line]

    def test_wbemcli_reads_the_array_through_its_cim_and_tpd_classes(self):
        for tls in (False, True):
            with self.subTest(tls=tls):
                systems = self.wbemcli("ein", "CIM_ComputerSystem", tls=tls)
                self.assertIn(f'TPD_StorageSystem.CreationClassName="TPD_StorageSystem",Name="{WWN}"', systems)
                volumes = self.wbemcli("ein", "CIM_StorageVolume", tls=tls).splitlines()
                self.assertEqual(len(volumes), 4)
                self.assertTrue(all("TPD_StorageVolume." in v for v in volumes))
                pool = self.instance('TPD_DynamicStoragePool.InstanceID="HP_3PAR:FC_r5"')
                self.assertEqual(pool["PoolID"], "FC_r5")
                self.assertEqual(int(pool["TotalManagedSpace"]), 4096 << 30)
                self.assertEqual(int(pool["RemainingManagedSpace"]), (4096 - 450) << 30)
                db = self.instance(volume(0))
                self.assertEqual((db["ElementName"], db["BlockSize"], int(db["NumberOfBlocks"])),
                                 ("db-data-01", "512", (200 << 30) // 512))
                self.assertRegex(db["Name"], r"^60002AC[0-9A-F]{25}$")
                pair_class = self.wbemcli("gc", "TPD_StorageSynchronized", tls=tls)
                for name in ("SystemElement", "SyncedElement", "CopyState", "SyncState", "PercentSynced"):
                    self.assertIn(name + "=", pair_class)
                hosted = self.wbemcli("ain", f'TPD_StorageSystem.CreationClassName="TPD_StorageSystem",Name="{WWN}"',
                                      "-ac", "CIM_HostedStoragePool", tls=tls)
                self.assertEqual(len(hosted.split()), 2)
                members = self.wbemcli("ain", DB_SET, "-ac", "CIM_MemberOfCollection", tls=tls).split()
                self.assertEqual([m.rsplit("DeviceID=", 1)[1] for m in members], ['"0"', '"1"', '"2"'])
                capabilities = self.wbemcli("ai", SERVICE, "-ac", "CIM_ElementCapabilities", "-nl", tls=tls)
                self.assertIn("SupportedReplicationTypes=6,10,11", capabilities)
                self.assertIn(f'"HP_3PAR:{WWN}:ReplicationServiceCapabilities"', capabilities)

    def test_a_volume_set_is_replicated_and_its_jobs_polled_to_their_end(self):
        # wbemcli makes the call (over HTTPS here); its parser stops at the Jobs[] it cannot read (exit 16).
        text = self.wbemcli("cm", SERVICE, call=f'CreateGroupReplica.RelationshipName="nightly",SyncType=8,Mode=3,'
                                                f'SourceGroup={self.ref(DB_SET)}', tls=True, expect_rc=16)
        self.assertIn("Parse Exception: Bad attribute list for VALUE", text)
        jobs = self.jobs()
        self.assertEqual(len(jobs), 3)
        for job in jobs:
            shown = self.instance(job)
            self.assertEqual((shown["JobState"], shown["PercentComplete"]), ("4", "0"))
            self.assertNotIn("Cancellable", shown)  # Hyper-V's own property, not CIM_ConcreteJob's
            self.assertEqual(shown["ElementName"], "Physical Copy")
        targets = self.wbemcli("ain", 'TPD_ReplicationGroup.InstanceID="HP_3PAR:nightly"', "-ac",
                               "CIM_OrderedMemberOfCollection").split()
        self.assertEqual(len(targets), 3)
        self.assertEqual([self.instance(t.split(f"/{NS}:", 1)[1])["ElementName"] for t in targets],
                         ["nightly_0", "nightly_1", "nightly_2"])
        pairs = self.pairs()
        self.assertEqual(len(pairs), 3)
        self.assertTrue(all((p["CopyState"], p["ProgressStatus"], p["SyncState"], p["PercentSynced"], p["SyncType"],
                             p["Mode"]) == ("3", "6", "5", "0", "8", "3") for p in pairs), pairs)

        self.clock({"advance": 60})  # half of the fixture's 120 s; the log volume's copy fails at 40 %
        by_source = {re.search(r'DeviceID="(\d+)', p["SystemElement"]).group(1): p for p in self.pairs()}
        self.assertEqual((by_source["0"]["CopyState"], by_source["0"]["PercentSynced"]), ("3", "50"))
        self.assertEqual((by_source["2"]["CopyState"], by_source["2"]["SyncState"], by_source["2"]["PercentSynced"]),
                         ("5", "12", "40"))

        self.clock({"advance": 60})
        states = {}
        for job in jobs:
            shown = self.instance(job)
            states[shown["JobState"]] = job
            if shown["JobState"] == "10":
                self.assertEqual(shown["ErrorDescription"],
                                 "Physical copy of db-log-01 failed: CPG FC_r5 has insufficient space.")
                code, out = self.invoke(job, "GetError")
                self.assertEqual(code, 0)
                self.assertIn('<INSTANCE CLASSNAME="CIM_Error">', out["Error"])
                self.assertIn("<VALUE>HP 3PAR</VALUE>", out["Error"])
                self.assertIn("CPG FC_r5 has insufficient space.", out["Error"])
        self.assertEqual(sorted(states), ["10", "7"])
        self.assertEqual(sorted(p["CopyState"] for p in self.pairs()), ["4", "4", "5"])
        done = next(p for p in self.pairs() if p["CopyState"] == "4")
        self.assertEqual((done["ProgressStatus"], done["SyncState"], done["PercentSynced"]), ("2", "14", "100"))
        self.assertNotEqual(done["WhenSynced"], "")
        # A 3PAR task takes Terminate only, and not once it has ended.
        self.assertEqual(self.invoke(states["7"], "RequestStateChange.RequestedState=3")[0], 1)
        self.assertEqual(self.invoke(states["7"], "RequestStateChange.RequestedState=4")[0], 4097)

    def test_the_group_replica_answer_is_dsp0201(self):
        service = (f'<INSTANCENAME CLASSNAME="TPD_ReplicationService">'
                   + "".join(f'<KEYBINDING NAME="{k}"><KEYVALUE VALUETYPE="string">{v}</KEYVALUE></KEYBINDING>'
                             for k, v in (("SystemCreationClassName", "TPD_StorageSystem"), ("SystemName", WWN),
                                          ("CreationClassName", "TPD_ReplicationService"), ("Name", "ReplicationService")))
                   + "</INSTANCENAME>")
        group = ('<VALUE.REFERENCE><INSTANCENAME CLASSNAME="TPD_ReplicationGroup"><KEYBINDING NAME="InstanceID">'
                 '<KEYVALUE VALUETYPE="string">HP_3PAR:db-set</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE>')
        body = ('<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="7" '
                'PROTOCOLVERSION="1.0"><SIMPLEREQ><METHODCALL NAME="CreateGroupReplica"><LOCALINSTANCEPATH>'
                '<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="tpd"/></LOCALNAMESPACEPATH>'
                f'{service}</LOCALINSTANCEPATH><PARAMVALUE NAME="RelationshipName"><VALUE>weekly</VALUE></PARAMVALUE>'
                '<PARAMVALUE NAME="SyncType"><VALUE>8</VALUE></PARAMVALUE>'
                f'<PARAMVALUE NAME="SourceGroup">{group}</PARAMVALUE></METHODCALL></SIMPLEREQ></MESSAGE></CIM>')
        answer = requests.post(self.server.cimxml_http_url, data=body.encode(), timeout=30,
                               auth=(self.server.user, self.server.password),
                               headers={"Content-Type": 'application/xml; charset="utf-8"', "CIMOperation": "MethodCall",
                                        "CIMMethod": "CreateGroupReplica", "CIMObject": "root%2Ftpd:" + SERVICE,
                                        "CIMProtocolVersion": "1.0"})
        self.assertEqual(answer.status_code, 200, answer.text)
        response = ET.fromstring(answer.content).find("MESSAGE/SIMPLERSP/METHODRESPONSE")
        self.assertEqual(response.get("NAME"), "CreateGroupReplica")
        self.assertEqual(response.find("RETURNVALUE").get("PARAMTYPE"), "uint32")
        self.assertEqual(response.find("RETURNVALUE/VALUE").text, "4096")
        out = {p.get("NAME"): p for p in response.findall("PARAMVALUE")}
        self.assertEqual(set(out), {"TargetGroup", "Job", "Jobs", "Synchronization", "Synchronizations"})
        for name in out:
            self.assertEqual(out[name].get("PARAMTYPE"), "reference")
        jobs = out["Jobs"].findall("VALUE.REFARRAY/VALUE.REFERENCE/INSTANCEPATH/INSTANCENAME")
        self.assertEqual([j.get("CLASSNAME") for j in jobs], ["TPD_ConcreteJob"] * 3)
        first = out["Job"].find("VALUE.REFERENCE/INSTANCEPATH/INSTANCENAME/KEYBINDING/KEYVALUE").text
        self.assertEqual(jobs[0].find("KEYBINDING/KEYVALUE").text, first)
        self.assertTrue(first.startswith("HP_3PAR:"))
        pairs = out["Synchronizations"].findall("VALUE.REFARRAY/VALUE.REFERENCE/INSTANCEPATH/INSTANCENAME")
        self.assertEqual(len(pairs), 3)
        for pair in pairs:
            self.assertEqual(pair.get("CLASSNAME"), "TPD_StorageSynchronized")
            # Reference-valued keys are VALUE.REFERENCE inside KEYBINDING (DSP0201 §3.2.4.8).
            self.assertEqual(sorted(k.get("NAME") for k in pair.findall("KEYBINDING")), ["SyncedElement", "SystemElement"])
            self.assertIsNotNone(pair.find("KEYBINDING/VALUE.REFERENCE"))
        host = out["TargetGroup"].find("VALUE.REFERENCE/INSTANCEPATH/NAMESPACEPATH/HOST").text
        self.assertEqual(host, "127.0.0.1")  # the array is the host the client named, not a cluster node

    def test_copies_of_a_volume_and_what_can_be_done_with_them(self):
        pool_before = self.instance('TPD_DynamicStoragePool.InstanceID="HP_3PAR:NL_r6"')["RemainingManagedSpace"]
        # A virtual copy: at once, no job.
        code, out = self.invoke(SERVICE, f'CreateElementReplica.ElementName="scratch-snap",SyncType=7,'
                                         f'SourceElement={self.ref(volume(3))}')
        self.assertEqual(code, 0)
        self.assertEqual(self.jobs(), [])
        snap = self.instance(out["TargetElement"].split(f"/{NS}", 1)[1])
        self.assertEqual((snap["ElementName"], snap["CopyType"], snap["CopyOf"]), ("scratch-snap", "3", "scratch-01"))
        [pair] = self.pairs()
        self.assertEqual((pair["CopyState"], pair["SyncState"], pair["ReplicaType"], pair["CopyType"]), ("4", "11", "4", "4"))
        sync_ref = self.ref("TPD_StorageSynchronized." + out["Synchronization"].split("TPD_StorageSynchronized.", 1)[1])
        # Return To ResourcePool deletes it; the CPG's space is as before.
        self.assertEqual(self.invoke(SERVICE, f"ModifyReplicaSynchronization.Operation=19,Synchronization={sync_ref}")[0], 0)
        self.assertEqual(self.pairs(), [])
        self.assertEqual(len(self.wbemcli("ein", "TPD_StorageVolume").split()), 4)
        self.assertEqual(self.instance('TPD_DynamicStoragePool.InstanceID="HP_3PAR:NL_r6"')["RemainingManagedSpace"],
                         pool_before)

        # An asynchronous physical copy: a job, then the operations of replication type 11.
        code, out = self.invoke(SERVICE, f"CreateElementReplica.SyncType=8,Mode=3,SourceElement={self.ref(volume(3))}")
        self.assertEqual(code, 4096)
        self.assertIn("Job", out)
        sync_ref = self.ref("TPD_StorageSynchronized." + out["Synchronization"].split("TPD_StorageSynchronized.", 1)[1])
        self.assertEqual(self.invoke(SERVICE, f"ModifyReplicaSynchronization.Operation=8,Synchronization={sync_ref}")[0],
                         4)  # Detach while it copies: Failed
        self.assertEqual(self.invoke(SERVICE, f"ModifyReplicaSynchronization.Operation=2,Synchronization={sync_ref}")[0], 0)
        [job] = self.jobs()
        self.assertEqual(self.instance(job)["JobState"], "8")  # Terminated
        [pair] = self.pairs()
        self.assertEqual(pair["CopyState"], "12")  # Aborted
        code, out = self.invoke(SERVICE, f"ModifyReplicaSynchronization.Operation=14,Synchronization={sync_ref}")
        self.assertEqual(code, 4096)
        self.assertEqual(self.pairs()[0]["ProgressStatus"], "7")  # Resyncing
        self.clock({"advance": 30})
        self.assertEqual([self.pairs()[0][k] for k in ("CopyState", "SyncState")], ["4", "14"])
        self.assertEqual(self.invoke(SERVICE, f"ModifyReplicaSynchronization.Operation=15,Synchronization={sync_ref}")[0],
                         1)  # Restore is a virtual copy's
        self.assertEqual(self.invoke(SERVICE, f"ModifyReplicaSynchronization.Operation=8,Synchronization={sync_ref}")[0], 0)
        self.assertEqual(self.pairs(), [])
        copy = [self.instance(v.split(f"/{NS}:", 1)[1]) for v in self.wbemcli("ein", "TPD_StorageVolume").split()][-1]
        self.assertEqual((copy["ElementName"], copy["CopyType"]), ("scratch-01.copy", "1"))

        # A synchronous physical copy that waits for Synchronized is made within the call.
        code, out = self.invoke(SERVICE, f'CreateElementReplica.ElementName="db-clone",SyncType=8,Mode=2,'
                                         f'WaitForCopyState=4,SourceElement={self.ref(volume(0))}')
        self.assertEqual(code, 0)
        self.assertNotIn("Job", out)
        self.assertEqual(self.pairs(), [])  # independent: detached at once

    def test_an_array_job_started_over_cim_xml_is_seen_and_cancelled_over_ws_man(self):
        code, out = self.invoke(SERVICE, f"CreateElementReplica.SyncType=8,Mode=3,SourceElement={self.ref(volume(3))}")
        self.assertEqual(code, 4096)
        job_id = re.search(r'InstanceID="([^"]+)"', out["Job"]).group(1)
        uri = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/tpd/TPD_ConcreteJob"
        protocol = winrm.protocol.Protocol(endpoint=self.server.http_url, transport="basic", username=self.server.user,
                                           password=self.server.password)
        seen = parse(protocol.send_message(envelope(TRANSFER + "Get", uri, selectors={"InstanceID": job_id})))
        self.assertEqual(seen.find(f".//{{{uri}}}JobState").text, "4")
        self.assertEqual(terminate_job(protocol, job_id, uri), "0")  # CIM_ConcreteJob's 0, not Hyper-V's codes
        self.assertEqual(self.instance(f'TPD_ConcreteJob.InstanceID="{job_id}"')["JobState"], "8")
        self.assertEqual(self.pairs()[0]["CopyState"], "12")  # Aborted
        self.assertEqual(terminate_job(protocol, job_id, uri), "4097")  # Invalid State Transition

    def test_parameters_are_checked_as_the_reference_says(self):
        source = self.ref(volume(0))
        cases = [
            ("SyncType=6", 1),                                    # Mirror: no remote copy
            ("SyncType=9", 5),
            ("SyncType=7,Mode=3", 5),                             # virtual copies are synchronous
            ("SyncType=8,Mode=2,WaitForCopyState=8", 5),          # a synchronous copy waits for 4 only
            ("SyncType=8,Mode=3,WaitForCopyState=4", 5),          # an asynchronous one for 8 only
            (f"SyncType=7,TargetElement={self.ref(volume(1))}", 5),  # a virtual copy is always new
            (f"SyncType=8,TargetElement={self.ref(volume(2))}", 5),  # smaller than its source
            (f'SyncType=8,ElementName="db-data-02"', 5),          # a VV of that name exists
        ]
        for call, expected in cases:
            with self.subTest(call=call):
                self.assertEqual(self.invoke(SERVICE, f"CreateElementReplica.{call},SourceElement={source}")[0], expected)
        self.assertEqual(self.invoke(SERVICE, "CreateElementReplica.SyncType=8")[0], 5)  # no source
        self.assertEqual(self.jobs(), [])
        # Volume sets: a target set's name is taken once; the CPG runs out of room (each copy
        # of db-set takes 450 of FC_r5's 3646 free GiB: eight fit, the ninth does not).
        group = self.ref(DB_SET)
        for n in range(8):
            self.wbemcli("cm", SERVICE, call=f'CreateGroupReplica.RelationshipName="copy{n}",SyncType=8,Mode=3,'
                                             f'SourceGroup={group}', expect_rc=16)  # made; wbemcli cannot read Jobs[]
        self.assertEqual(self.invoke(SERVICE, f'CreateGroupReplica.RelationshipName="copy0",SyncType=8,Mode=3,'
                                              f'SourceGroup={group}')[0], 5)
        self.assertEqual(self.invoke(SERVICE, f'CreateGroupReplica.RelationshipName="copy8",SyncType=8,Mode=3,'
                                              f'SourceGroup={group}')[0], 4)
        self.assertEqual(len(self.jobs()), 24)
        remaining = int(self.instance('TPD_DynamicStoragePool.InstanceID="HP_3PAR:FC_r5"')["RemainingManagedSpace"])
        self.assertEqual(remaining, (4096 - 450 * 9) << 30)
        capabilities = f'TPD_ReplicationServiceCapabilities.InstanceID="HP_3PAR:{WWN}:ReplicationServiceCapabilities"'
        code, out = self.invoke(capabilities, "GetSupportedOperations.ReplicationType=11")
        self.assertEqual((code, out.get("SupportedOperations")), (0, "2,8,9,14"))
        self.assertEqual(self.invoke(capabilities, "GetSupportedOperations.ReplicationType=4")[0], 2)

    def fault(self, rule):
        answer = requests.post(self.control + "faults", json=rule, auth=(self.server.user, self.server.password), timeout=30)
        return answer

    def test_fault_rules_reach_cim_xml_requests(self):
        self.assertEqual(self.fault({"action": "cimxml:CreateElementReplica", "oneShot": True,
                                     "cimError": {"code": 1, "description": "Array busy"}}).status_code, 200)
        text = self.wbemcli("cm", SERVICE, call=f"CreateElementReplica.SyncType=7,SourceElement={self.ref(volume(3))}",
                            expect_rc=16)
        self.assertIn("(1) CIM_ERR_FAILED: Array busy", text)
        self.assertEqual(self.pairs(), [])  # the operation did not run
        self.assertEqual(self.invoke(SERVICE, f"CreateElementReplica.SyncType=7,SourceElement={self.ref(volume(3))}")[0], 0)

        self.assertEqual(self.fault({"action": "cimxml:GetInstance", "class": "TPD_StorageVolume", "nth": 2,
                                     "status": 503}).status_code, 200)
        self.instance(volume(0))
        self.assertIn("HTTP response code said error", self.wbemcli("gi", volume(0), expect_rc=16))
        self.instance(volume(0))
        self.assertEqual(self.fault({"action": "cimxml:EnumerateInstanceNames", "oneShot": True, "drop": True}).status_code,
                         200)
        self.wbemcli("ein", "TPD_StorageVolume", expect_rc=16)
        self.assertEqual(len(self.wbemcli("ein", "TPD_StorageVolume").split()), 5)
        # Lost answer: the copy is made, the client never hears of it; wbemcli sends the call
        # again, which finds the copy's name taken (5), as it would on an array.
        answer = self.fault({"action": "cimxml:CreateElementReplica", "oneShot": True, "loseAnswer": True})
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(self.invoke(SERVICE, f"CreateElementReplica.SyncType=7,SourceElement={self.ref(volume(2))}")[0], 5)
        self.assertEqual(len(self.pairs()), 2)
        journal = requests.get(self.control + "journal", auth=(self.server.user, self.server.password), timeout=30).json()
        faults = [e.get("fault", "") for e in journal["entries"] if e["action"] == "cimxml:CreateElementReplica"]
        self.assertEqual([f for f in faults if f.startswith("injected")],
                         ["injected: CIM_ERR 1: Array busy", "injected: answer lost"])
        # Each protocol's own error, and no rule that could never fire.
        for rule, why in (({"action": "cimxml:GetInstance", "fault": "w:TimedOut"}, "use cimError"),
                          ({"action": "Get", "cimError": {"code": 6}}, "cimxml:<method>"),
                          ({"action": "cimxml:GetInstance", "cimError": {"code": 99}}, "1..28")):
            answer = self.fault(rule)
            self.assertEqual(answer.status_code, 400, rule)
            self.assertIn(why, answer.text)

    def test_fixture_problems_are_reported_where_they_are(self):
        bad = ("storageSystems:\n"
               "  - name: a\n"
               "    wwn: XYZ\n"
               "  - name: b\n"
               "    pools: [{name: p1, sizeGiB: 10}]\n"
               "    volumes:\n"
               "      - {name: v1, pool: p1, sizeGiB: 20}\n"
               "      - {name: v2, pool: nope, sizeGiB: 1}\n"
               "    volumeSets: [{name: s, volumes: [v9]}]\n"
               "  - name: B\n")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(bad)
        try:
            run = subprocess.run([self.server.binary, "fixture", "check", f.name], capture_output=True, text=True,
                                 timeout=60)
        finally:
            os.unlink(f.name)
        self.assertNotEqual(run.returncode, 0)
        for expected in (":3:", "wwn is 16 hexadecimal digits", ":7:", "pool p1 has 10 GiB left",
                         ":8:", "has no pool named 'nope'", ":9:", "no volume named 'v9'", ":10:",
                         "storage system 'B' is declared twice"):
            self.assertIn(expected, run.stdout + run.stderr)


if __name__ == "__main__":
    unittest.main()
