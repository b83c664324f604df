"""Fixtures on the real binary: `serve --fixture FILE` with a YAML fixture seen through pywinrm,
a broken fixture refused with file:line:col, the control plane's `fixture` call (replace, merge,
bad input leaving everything as it was, ?path=, users refused at run time), and
`--isolate-by-user` keeping two users' state, clock, journal and fault rules apart."""
import os
import subprocess
import tempfile
import unittest

import requests
import winrm

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, WMI, enumerate_body, envelope, fault_of, parse, wql_filter

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "fixtures")


def names_of(protocol, query="SELECT * FROM Msvm_ComputerSystem"):
    root = parse(protocol.send_message(envelope(ENUMERATION + "Enumerate", WMI + "Msvm_ComputerSystem",
                                                enumerate_body(wql_filter(query)))))
    return sorted(e.text for e in root.findall(".//w:Items/*/{%s}ElementName" % (WMI + "Msvm_ComputerSystem"), NS))


class FixtureFileTest(unittest.TestCase):
    def test_a_yaml_fixture_is_served(self):
        with CimdoubleServer("--fixture", os.path.join(FIXTURES, "examples", "small_cluster.yaml"), https=False) as server:
            protocol = winrm.protocol.Protocol(endpoint=server.http_url, transport="basic",
                                               username=server.user, password=server.password)
            self.assertEqual(names_of(protocol), ["NODE-A", "NODE-B", "sql-01", "sql-02", "test-01"])
            off = names_of(protocol, "SELECT * FROM Msvm_ComputerSystem WHERE EnabledState = 3")
            self.assertEqual(off, ["test-01"])
        self.assertEqual(server.exit_code, 0)

    def test_a_broken_fixture_is_refused_with_positions(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("hosts:\n  - {name: A}\nvms:\n  - {name: v, host: B}\n  - {name: w, host: A, state: Dozing}\n")
        try:
            run = subprocess.run([os.environ.get("CIMDOUBLE_BINARY", "cimdouble"), "serve", "--http", "127.0.0.1:0",
                                  "--https", "", "--fixture", f.name], capture_output=True, text=True, timeout=30)
            self.assertEqual(run.returncode, 1)
            self.assertIn(f"{f.name}:4:21: vm v: no host named 'B'", run.stderr)
            self.assertIn(f"{f.name}:5:31: 'state' must be Running, Off, Saved or Paused", run.stderr)
            self.assertIn("not serving: 2 problem(s)", run.stderr)
            self.assertNotIn("listening", run.stdout)
        finally:
            os.unlink(f.name)


class FixtureControlTest(unittest.TestCase):
    def setUp(self):
        self.server = CimdoubleServer("--fixture-dir", os.path.join(FIXTURES, "examples"), https=False).__enter__()
        self.base = self.server.http_url.replace("/wsman", "/cimdouble/v1/")
        self.auth = (self.server.user, self.server.password)
        self.protocol = winrm.protocol.Protocol(endpoint=self.server.http_url, transport="basic",
                                                username=self.server.user, password=self.server.password)

    def tearDown(self):
        self.server.__exit__(None, None, None)
        self.assertEqual(self.server.exit_code, 0)

    def post_fixture(self, text, query="", auth=None):
        return requests.post(self.base + "fixture" + query, data=text.encode(), auth=auth or self.auth, timeout=30,
                             headers={"Content-Type": "application/yaml"})

    def test_replace_merge_and_refuse(self):
        self.assertEqual(len(names_of(self.protocol)), 15)
        loaded = requests.get(self.base + "fixture", auth=self.auth, timeout=30).json()
        self.assertEqual(loaded["origin"], "default.yaml")
        self.assertEqual((loaded["nodes"], loaded["defaultNode"]), (["HV-NODE1", "HV-NODE2", "HV-NODE3"], "HV-NODE1"))

        bad = self.post_fixture("hosts: [{name: X}]\nvms: [{name: y, host: nowhere}]\n")
        self.assertEqual(bad.status_code, 400)
        self.assertFalse(bad.json()["loaded"])
        self.assertEqual(bad.json()["problems"], ["posted-fixture.yaml:2:23: vm y: no host named 'nowhere' (declare it under hosts)"])
        self.assertEqual(len(names_of(self.protocol)), 15, "a refused fixture changes nothing")

        replaced = self.post_fixture("hosts: [{name: X}]\nvms: [{name: y, host: X}]\n")
        self.assertEqual(replaced.status_code, 200, replaced.text)
        self.assertEqual(names_of(self.protocol), ["X", "y"])

        merged = self.post_fixture('{"vms": [{"name": "z", "host": "X", "state": "Saved"}]}', "?mode=merge&format=json")
        self.assertEqual(merged.status_code, 200, merged.text)
        self.assertEqual(names_of(self.protocol), ["X", "y", "z"])
        self.assertEqual(requests.post(self.base + "reset", json={}, auth=self.auth, timeout=30).status_code, 200)
        self.assertEqual(names_of(self.protocol), ["X", "y", "z"], "reset returns to the merged fixture")

        from_disk = self.post_fixture("", "?path=" + os.path.join(FIXTURES, "examples", "small_cluster.yaml"))
        self.assertEqual(from_disk.status_code, 200, from_disk.text)
        self.assertEqual(len(names_of(self.protocol)), 5)

        self.assertEqual(self.post_fixture("x: 1", "?mode=sideways").status_code, 400)
        self.assertEqual(self.post_fixture("").status_code, 400)

    def test_users_cannot_be_declared_at_run_time(self):
        # Accounts come from the command line and the start-up fixture only (test_control_security.py).
        refused = self.post_fixture("users: [{name: late, password: pw}]\n", "?mode=merge")
        self.assertEqual(refused.status_code, 400, refused.text)
        self.assertIn("accounts come from the command line", refused.json()["problems"][0])
        self.assertEqual(requests.get(self.base + "health", auth=("late", "pw"), timeout=30).status_code, 401)


class IsolationTest(unittest.TestCase):
    def test_each_user_has_its_own_world(self):
        with CimdoubleServer("--isolate-by-user", "--user", "bob:bobpw", https=False) as server:
            base = server.http_url.replace("/wsman", "/cimdouble/v1/")
            alice, bob = (server.user, server.password), ("bob", "bobpw")
            protocols = {who: winrm.protocol.Protocol(endpoint=server.http_url, transport="basic",
                                                      username=who[0], password=who[1]) for who in (alice, bob)}
            # Alice's fixture, clock, fault rule and journal...
            r = requests.post(base + "fixture", data=b"hosts: [{name: ALICE}]\n", auth=alice, timeout=30,
                              headers={"Content-Type": "application/yaml"})
            self.assertEqual(r.status_code, 200, r.text)
            requests.post(base + "clock", json={"pause": True}, auth=alice, timeout=30)
            requests.post(base + "clock", json={"set": "2030-01-01T00:00:00Z"}, auth=alice, timeout=30)
            requests.post(base + "faults", json={"action": "Enumerate", "fault": "w:AccessDenied"}, auth=alice, timeout=30)
            # ...are not Bob's.
            self.assertEqual(len(names_of(protocols[bob])), 15)
            self.assertNotEqual(requests.get(base + "clock", auth=bob, timeout=30).json()["now"][:4], "2030")
            self.assertEqual(requests.get(base + "faults", auth=bob, timeout=30).json()["rules"], [])
            with self.assertRaises(winrm.exceptions.WinRMError):
                names_of(protocols[alice])
            raw = requests.post(server.http_url, auth=alice, timeout=30,
                                headers={"Content-Type": "application/soap+xml;charset=UTF-8"},
                                data=envelope(ENUMERATION + "Enumerate", WMI + "Msvm_ComputerSystem", enumerate_body()))
            self.assertEqual(raw.status_code, 500)
            self.assertEqual(fault_of(raw.text)[1], "w:AccessDenied")
            bob_journal = requests.get(base + "journal", auth=bob, timeout=30).json()["entries"]
            self.assertEqual({e["user"] for e in bob_journal}, {"bob"})
            alice_journal = requests.get(base + "journal", auth=alice, timeout=30).json()["entries"]
            self.assertEqual({e["user"] for e in alice_journal}, {server.user})
            self.assertEqual(requests.get(base + "clock", auth=alice, timeout=30).json()["now"][:4], "2030")
        self.assertEqual(server.exit_code, 0)


if __name__ == "__main__":
    unittest.main()
