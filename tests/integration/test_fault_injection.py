"""Injected faults seen from a real client: pywinrm gets what a failing WinRM gives it (its own
timeout exception for w:TimedOut, transport errors for an HTTP status or a dropped
connection), a lost answer still changes the job, a Pull that timed out can be retried on the
same context, and rules match by action, selectors, Nth call and probability."""
import threading
import time
import unittest

import requests
import winrm
from winrm.exceptions import WinRMError, WinRMOperationTimeoutError, WinRMTransportError

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, TRANSFER, WMI, envelope, enumerate_body, parse, pull_body

RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"
DONE_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C02"
JOB_URI = WMI + "Msvm_MigrationJob"


class FaultInjectionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = CimdoubleServer(https=False).__enter__()
        cls.base = cls.server.http_url.replace("/wsman", "/cimdouble/v1/")
        cls.auth = (cls.server.user, cls.server.password)

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        assert cls.server.exit_code == 0

    def setUp(self):
        requests.post(self.base + "reset", json={}, auth=self.auth, timeout=30)
        # A fresh client per test: a dropped connection must not leak into the next test.
        self.protocol = winrm.protocol.Protocol(endpoint=self.server.http_url, transport="basic",
                                                username=self.server.user, password=self.server.password)

    def rule(self, body):
        response = requests.post(self.base + "faults", json=body, auth=self.auth, timeout=30)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["id"]

    def get_job(self, instance_id=RUNNING_JOB):
        return parse(self.protocol.send_message(envelope(TRANSFER + "Get", JOB_URI, selectors={"InstanceID": instance_id})))

    def test_timed_out_is_what_pywinrm_expects(self):
        self.rule({"action": "Get", "fault": "w:TimedOut", "oneShot": True})
        with self.assertRaises(WinRMOperationTimeoutError):
            self.get_job()
        self.get_job()  # one shot: gone
        self.assertEqual(requests.get(self.base + "faults", auth=self.auth, timeout=30).json()["rules"], [])

    def test_client_survives_a_timed_out_pull(self):
        self.rule({"action": "Pull", "fault": "wsman:TimedOut", "oneShot": True})
        root = parse(self.protocol.send_message(envelope(ENUMERATION + "Enumerate", JOB_URI, enumerate_body(optimize=False))))
        context = root.find("s:Body/n:EnumerateResponse/n:EnumerationContext", NS).text
        with self.assertRaises(WinRMOperationTimeoutError):
            self.protocol.send_message(envelope(ENUMERATION + "Pull", JOB_URI, pull_body(context)))
        # The context survived: retrying the Pull gets the items.
        pulled = parse(self.protocol.send_message(envelope(ENUMERATION + "Pull", JOB_URI, pull_body(context))))
        self.assertEqual(len(pulled.find("s:Body/n:PullResponse/n:Items", NS)), 2)

    def test_other_faults_and_statuses(self):
        self.rule({"action": "Get", "selectors": {"InstanceID": DONE_JOB}, "fault": "n:InvalidEnumerationContext"})
        self.get_job(RUNNING_JOB)  # other selectors: untouched
        with self.assertRaises(WinRMError) as raised:
            self.get_job(DONE_JOB)
        self.assertIn("2150858779", str(raised.exception))
        requests.post(self.base + "faults/clear", json={}, auth=self.auth, timeout=30)
        self.rule({"action": "Get", "status": 503, "oneShot": True})
        with self.assertRaises(WinRMTransportError) as transport:
            self.get_job()
        self.assertEqual(transport.exception.code, 503)
        self.rule({"action": "Enumerate", "fault": "w:QuotaLimit", "oneShot": True})
        with self.assertRaises(WinRMError) as quota:
            self.protocol.send_message(envelope(ENUMERATION + "Enumerate", JOB_URI, enumerate_body()))
        self.assertIn("2150858815", str(quota.exception))

    def test_dropped_connection(self):
        self.rule({"action": "Get", "drop": True, "oneShot": True})
        with self.assertRaises(requests.exceptions.ConnectionError):
            self.get_job()
        self.get_job()

    def test_lost_answer_after_the_operation_took_effect(self):
        self.rule({"action": "Invoke", "method": "RequestStateChange", "loseAnswer": True, "oneShot": True})
        body = f'<p:RequestStateChange_INPUT xmlns:p="{JOB_URI}"><p:RequestedState>4</p:RequestedState></p:RequestStateChange_INPUT>'
        with self.assertRaises(requests.exceptions.ConnectionError):
            self.protocol.send_message(envelope(JOB_URI + "/RequestStateChange", JOB_URI, body, {"InstanceID": RUNNING_JOB}))
        job = self.get_job().find("s:Body/*", NS)
        self.assertEqual(job.find(f"{{{JOB_URI}}}JobState").text, "8")  # terminated all the same
        entries = requests.get(self.base + "journal", params={"method": "RequestStateChange"}, auth=self.auth, timeout=30).json()
        self.assertEqual(entries["entries"][0]["fault"], "injected: answer lost")

    def test_delay_nth_and_probability(self):
        self.rule({"action": "Get", "delayMillis": [200, 200], "oneShot": True})
        started = time.monotonic()
        self.get_job()
        self.assertGreaterEqual(time.monotonic() - started, 0.19)
        self.rule({"action": "Get", "nth": 3, "fault": "w:AccessDenied"})
        self.get_job()
        self.get_job()
        with self.assertRaises(WinRMError):
            self.get_job()
        self.get_job()  # only the third
        requests.post(self.base + "faults/clear", json={}, auth=self.auth, timeout=30)
        rule_id = self.rule({"action": "Get", "probability": 0.5, "fault": "w:AccessDenied"})
        failures = 0
        for _ in range(40):
            try:
                self.get_job()
            except WinRMError:
                failures += 1
        self.assertTrue(5 <= failures <= 35, failures)
        listed = requests.get(self.base + "faults", auth=self.auth, timeout=30).json()["rules"][0]
        self.assertEqual(listed["id"], rule_id)
        self.assertEqual(listed["matched"], 40)
        self.assertEqual(listed["fired"], failures)
        self.assertEqual(requests.post(self.base + "faults/remove", json={"id": rule_id}, auth=self.auth, timeout=30).status_code, 200)
        self.assertEqual(requests.post(self.base + "faults/remove", json={"id": rule_id}, auth=self.auth, timeout=30).status_code, 404)

    def test_bad_rules_are_refused(self):
        for body, message in [({"action": "Get"}, "exactly one effect"),
                              ({"fault": "w:Nonsense"}, "must name a WS-Management fault"),
                              ({"fault": "w:TimedOut", "status": 500}, "exactly one effect"),
                              ({"status": 42}, "HTTP status"),
                              ({"delayMillis": [5, 1]}, "delayMillis"),
                              ({"nth": 0, "drop": True}, "nth"),
                              ({"colour": "red", "drop": True}, "unknown field"),
                              # Misspelt names would make a rule that never fires (issue 18).
                              ({"action": "Gett", "drop": True}, "unknown action 'Gett': it is one of 'Identify', 'Get'"),
                              ({"class": "Msvm_MigrationJobb", "drop": True}, "did you mean 'Msvm_MigrationJob'"),
                              ({"class": "Msvm_MigrationJob", "method": "Cancel", "drop": True},
                               "its methods are 'GetError', 'GetErrorEx', 'KillJob' and 'RequestStateChange'"),
                              ({"method": "RequestStateChang", "drop": True}, "did you mean 'RequestStateChange'")]:
            response = requests.post(self.base + "faults", json=body, auth=self.auth, timeout=30)
            self.assertEqual(response.status_code, 400, body)
            self.assertIn(message, response.json()["error"])
        # Names match case-insensitively, as rules do.
        self.assertEqual(requests.post(self.base + "faults", json={"action": "get", "class": "msvm_migrationjob", "drop": True},
                                       auth=self.auth, timeout=30).status_code, 200)
        requests.post(self.base + "faults/clear", auth=self.auth, timeout=30)


class StopDuringDelayTest(unittest.TestCase):
    """SIGTERM while a request sits in an injected 600 s delay: the server closes that
    connection and exits at once, rather than waiting the delay out (issue 21)."""

    def test_sigterm_cuts_an_injected_delay_short(self):
        server = CimdoubleServer(https=False).__enter__()
        base = server.http_url.replace("/wsman", "/cimdouble/v1/")
        auth = (server.user, server.password)
        response = requests.post(base + "faults", json={"action": "Get", "delayMillis": [600000, 600000]},
                                 auth=auth, timeout=30)
        self.assertEqual(response.status_code, 200, response.text)
        protocol = winrm.protocol.Protocol(endpoint=server.http_url, transport="basic",
                                           username=server.user, password=server.password)
        outcome = []

        def delayed_get():
            try:
                protocol.send_message(envelope(TRANSFER + "/Get", JOB_URI, "",
                                               selectors={"InstanceID": RUNNING_JOB}))
                outcome.append("answered")
            except Exception as error:  # the connection closes under it: that is the point
                outcome.append(type(error).__name__)

        waiter = threading.Thread(target=delayed_get, daemon=True)
        waiter.start()
        time.sleep(0.5)  # the Get is inside its delay by now
        started = time.monotonic()
        server.__exit__(None, None, None)
        stopped_in = time.monotonic() - started
        self.assertEqual(server.exit_code, 0)
        self.assertLess(stopped_in, 5, "SIGTERM waited out the injected delay")
        waiter.join(10)
        self.assertEqual(len(outcome), 1)
        self.assertNotEqual(outcome[0], "answered")


if __name__ == "__main__":
    unittest.main()
