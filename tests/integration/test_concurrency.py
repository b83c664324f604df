"""Many clients at once on the real binary (run in every build, and in the ThreadSanitizer
build by ./run.sh test): keep-alive connections mixing Get, Enumerate/Pull, WQL polls and
Invoke, while the control plane resets the state and moves the clock under them. Every
answer must be a success or a WS-Man fault, never a dropped connection or w:InternalError."""
import threading
import time
import unittest
import xml.etree.ElementTree as ET

import requests

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, TRANSFER, WMI, enumerate_body, envelope, pull_body, wql_filter

RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"
JOB_URI = WMI + "Msvm_MigrationJob"


class ConcurrencyTest(unittest.TestCase):
    def test_clients_resets_and_clock_jumps(self):
        with CimdoubleServer("--winrm", "EnumerationTimeoutms=2000", https=False, timeout=60) as server:
            base = server.http_url.replace("/wsman", "/cimdouble/v1/")
            auth = (server.user, server.password)
            headers = {"Content-Type": "application/soap+xml;charset=UTF-8"}
            problems, counts = [], {"ok": 0, "fault": 0}
            lock = threading.Lock()
            deadline = time.monotonic() + 8

            def record(response):
                with lock:
                    if response.status_code == 200:
                        counts["ok"] += 1
                    elif response.status_code == 500 and b"InternalError" not in response.content:
                        counts["fault"] += 1
                    else:
                        problems.append((response.status_code, response.content[:300]))

            def client(n):
                session = requests.Session()
                session.auth = auth
                i = 0
                while time.monotonic() < deadline and i < 400:
                    i += 1
                    kind = (n + i) % 4
                    try:
                        if kind == 0:
                            r = session.post(server.http_url, headers=headers, timeout=30, data=envelope(
                                TRANSFER + "Get", JOB_URI, selectors={"InstanceID": RUNNING_JOB}))
                            record(r)
                        elif kind == 1:
                            r = session.post(server.http_url, headers=headers, timeout=30, data=envelope(
                                ENUMERATION + "Enumerate", WMI + "Msvm_ComputerSystem", enumerate_body(max_elements=4)))
                            record(r)
                            context = ET.fromstring(r.content).find(".//n:EnumerationContext", NS) if r.ok else None
                            while context is not None and context.text:
                                r = session.post(server.http_url, headers=headers, timeout=30, data=envelope(
                                    ENUMERATION + "Pull", WMI + "Msvm_ComputerSystem", pull_body(context.text, 4)))
                                record(r)
                                context = ET.fromstring(r.content).find(".//n:EnumerationContext", NS) if r.ok else None
                        elif kind == 2:
                            r = session.post(server.http_url, headers=headers, timeout=30, data=envelope(
                                ENUMERATION + "Enumerate", JOB_URI,
                                enumerate_body(wql_filter("SELECT * FROM CIM_ConcreteJob WHERE JobState = 4"))))
                            record(r)
                        else:
                            body = (f'<p:RequestStateChange_INPUT xmlns:p="{JOB_URI}"><p:RequestedState>{3 + i % 3}'
                                    "</p:RequestedState></p:RequestStateChange_INPUT>")
                            r = session.post(server.http_url, headers=headers, timeout=30, data=envelope(
                                JOB_URI + "/RequestStateChange", JOB_URI, body, {"InstanceID": RUNNING_JOB}))
                            record(r)
                    except requests.RequestException as e:
                        with lock:
                            problems.append(("transport", str(e)))

            def chaos():
                session = requests.Session()
                session.auth = auth
                i = 0
                while time.monotonic() < deadline:
                    i += 1
                    if i % 3 == 0:
                        session.post(base + "reset", json={}, timeout=30)
                    elif i % 3 == 1:
                        session.post(base + "clock", json={"advance": 3}, timeout=30)
                    else:
                        session.get(base + "jobs", timeout=30)
                    time.sleep(0.02)

            threads = [threading.Thread(target=client, args=(n,)) for n in range(24)] + [threading.Thread(target=chaos)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            self.assertEqual(problems, [])
            self.assertGreater(counts["ok"], 100)
            health = requests.get(base + "health", auth=auth, timeout=30).json()
            self.assertTrue(health["ready"])
        self.assertEqual(server.exit_code, 0)


if __name__ == "__main__":
    unittest.main()
