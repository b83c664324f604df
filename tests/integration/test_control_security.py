"""What a hostile or careless caller of the control plane, or a web page in the developer's
browser, can make the real binary do (issue 21): change accounts through a posted fixture,
read the server's files, drive it cross-site, log in with a password followed by a NUL. Each
attack goes over a real socket; after each the server still serves a well-behaved client, and
SIGTERM still stops it. Bounded in time; loopback only."""
import base64
import os
import socket
import subprocess
import tempfile
import time
import unittest

import requests

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, WMI, enumerate_body, envelope, wql_filter

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "fixtures", "examples")
YAML = {"Content-Type": "application/yaml"}


def raw_exchange(port, data, timeout=10):
    """Sends `data` as is; returns everything the server sent until it closed or went quiet."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        sock.sendall(data)
        out = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out and out.startswith(b"HTTP/1.1 ") and b"Connection: close" not in out:
                head, _, body = out.partition(b"\r\n\r\n")
                length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if length and len(body) >= length[0]:
                    break
        return out
    finally:
        sock.close()


class Served:
    """A server, its control plane's base URL and the test user's credentials."""

    def __init__(self, *args):
        self.server = CimdoubleServer(*args, https=False)

    def __enter__(self):
        self.server.__enter__()
        self.base = self.server.http_url.replace("/wsman", "/cimdouble/v1/")
        self.port = int(self.server.http_url.split(":")[2].split("/")[0])
        self.auth = (self.server.user, self.server.password)
        return self

    def __exit__(self, *exc):
        self.server.__exit__(*exc)
        return False

    def healthy(self, auth=None):
        return requests.get(self.base + "health", auth=auth or self.auth, timeout=10).status_code == 200


class AccountsTest(unittest.TestCase):
    """A posted fixture's `users:` cannot add an account or change a password, its own caller's
    included; accounts stay as the command line and the start-up fixture made them, across resets."""

    def test_a_posted_fixture_cannot_take_over_another_users_account(self):
        with Served("--isolate-by-user", "--user", "bob:bobpw") as s:
            alice, bob = s.auth, ("bob", "bobpw")
            requests.post(s.base + "journal/verify", json={"action": "Get"}, auth=bob, timeout=10)
            for mode in ("?mode=merge", "?mode=replace"):
                taken = requests.post(s.base + "fixture" + mode, data=b"users: [{name: bob, password: owned}]\n",
                                      auth=alice, timeout=10, headers=YAML)
                self.assertEqual(taken.status_code, 400, taken.text)
                self.assertFalse(taken.json()["loaded"])
                self.assertIn("posted-fixture.yaml:1:8: 'users' cannot be loaded at run time", taken.json()["problems"][0])
                self.assertFalse(s.healthy(("bob", "owned")), "the new password does not log in")
                self.assertTrue(s.healthy(bob), "bob is not locked out")
            added = requests.post(s.base + "fixture?mode=merge", data=b'{"users": [{"name": "mallory", "password": "m"}]}',
                                  auth=alice, timeout=10, headers={"Content-Type": "application/json"})
            self.assertEqual(added.status_code, 400, added.text)
            self.assertFalse(s.healthy(("mallory", "m")), "no account is created")
            for who in (alice, bob):
                self.assertEqual(requests.post(s.base + "reset", json={}, auth=who, timeout=10).status_code, 200)
            self.assertTrue(s.healthy(bob) and s.healthy(alice), "accounts are as they were after resets")
            self.assertFalse(s.healthy(("bob", "owned")))
        self.assertEqual(s.server.exit_code, 0)

    def test_the_start_up_fixtures_users_stay_and_cannot_be_changed(self):
        with Served("--fixture", os.path.join(EXAMPLES, "ci_workers.yaml"), "--isolate-by-user") as s:
            worker = ("worker-1", "worker-1-secret")
            if not s.healthy(worker):
                self.skipTest("ci_workers.yaml declares other credentials")
            r = requests.post(s.base + "fixture?mode=merge", data=b"users: [{name: worker-1, password: x}]\n",
                              auth=s.auth, timeout=10, headers=YAML)
            self.assertEqual(r.status_code, 400, r.text)
            self.assertTrue(s.healthy(worker))
            self.assertFalse(s.healthy(("worker-1", "x")))
        self.assertEqual(s.server.exit_code, 0)

    def test_a_password_followed_by_a_nul_byte_is_refused(self):
        with Served() as s:
            for suffix in (b"\x00anything", b"\x00", b"x"):
                token = base64.b64encode(f"{s.server.user}:{s.server.password}".encode() + suffix).decode()
                answer = raw_exchange(s.port, (f"GET /cimdouble/v1/health HTTP/1.1\r\nHost: x\r\n"
                                               f"Authorization: Basic {token}\r\n\r\n").encode())
                self.assertTrue(answer.startswith(b"HTTP/1.1 401 "), answer[:200])
            token = base64.b64encode(f"{s.server.user}:{s.server.password}".encode()).decode()
            answer = raw_exchange(s.port, (f"GET /cimdouble/v1/health HTTP/1.1\r\nHost: x\r\n"
                                           f"Authorization: Basic {token}\r\nConnection: close\r\n\r\n").encode())
            self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer[:200])
            # The user name's end is checked the same way.
            token = base64.b64encode(f"{s.server.user}\x00x:{s.server.password}".encode()).decode()
            answer = raw_exchange(s.port, (f"GET /cimdouble/v1/health HTTP/1.1\r\nHost: x\r\n"
                                           f"Authorization: Basic {token}\r\n\r\n").encode())
            self.assertTrue(answer.startswith(b"HTTP/1.1 401 "), answer[:200])
            self.assertTrue(s.healthy())
        self.assertEqual(s.server.exit_code, 0)


class ServerFilesTest(unittest.TestCase):
    """`POST fixture?path=` and a posted fixture's `mof:` read only fixture files that are
    regular files under --fixture-dir (default: the start-up fixture's directory), up to a size."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.fixtures = os.path.join(cls.dir.name, "fixtures")
        os.mkdir(cls.fixtures)
        with open(os.path.join(cls.fixtures, "start.yaml"), "w") as f:
            f.write("hosts: [{name: START}]\n")
        with open(os.path.join(cls.fixtures, "other.yaml"), "w") as f:
            f.write("hosts: [{name: OTHER}]\n")
        with open(os.path.join(cls.dir.name, "secret.yaml"), "w") as f:
            f.write("top-secret-token: hunter2\n")
        with open(os.path.join(cls.fixtures, "notes.txt"), "w") as f:
            f.write("top-secret-token: hunter2\n")
        os.symlink("/etc/passwd", os.path.join(cls.fixtures, "passwd.yaml"))
        os.symlink(os.path.join(cls.dir.name, "secret.yaml"), os.path.join(cls.fixtures, "secret.mof"))
        os.mkfifo(os.path.join(cls.fixtures, "fifo.yaml"))
        with open(os.path.join(cls.fixtures, "huge.yaml"), "wb") as f:
            f.truncate(65 * 1024 * 1024)  # sparse: over the 64 MiB cap without writing it
        cls.served = Served("--fixture", os.path.join(cls.fixtures, "start.yaml")).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.served.__exit__(None, None, None)
        cls.dir.cleanup()
        assert cls.served.server.exit_code == 0, "SIGTERM did not stop the server cleanly"

    def tearDown(self):
        self.assertTrue(self.served.healthy(), "the server stopped serving after " + self._testMethodName)

    def load(self, query="", body=b"", content_type="application/yaml"):
        started = time.monotonic()
        r = requests.post(self.served.base + "fixture" + query, data=body, auth=self.served.auth, timeout=20,
                          headers={"Content-Type": content_type})
        self.assertLess(time.monotonic() - started, 10, "the load was not bounded in time")
        return r

    def assert_refused(self, answer, reason):
        self.assertEqual(answer.status_code, 400, answer.text)
        self.assertFalse(answer.json()["loaded"])
        text = "\n".join(answer.json()["problems"])
        self.assertIn(reason, text)
        for secret in ("root:", "hunter2", "top-secret", "/bin/"):
            self.assertNotIn(secret, text, "an error quotes the file")

    def test_files_outside_the_fixture_directory_are_refused_unread(self):
        for path in ("/etc/passwd", "/etc/hostname.yaml", os.path.join(self.dir.name, "secret.yaml"),
                     os.path.join(self.fixtures, "..", "secret.yaml")):
            self.assert_refused(self.load("?path=" + path), "not read")
        self.assert_refused(self.load("?path=/etc/passwd.yaml"), "outside the --fixture-dir directories")
        self.assert_refused(self.load(body=b"mof: [/etc/passwd]\n"), "not read")
        self.assert_refused(self.load(body=f"mof: [{self.dir.name}/secret.mof]\n".encode()),
                            "outside the --fixture-dir directories")

    def test_symbolic_links_out_of_the_directory_are_refused(self):
        self.assert_refused(self.load("?path=" + os.path.join(self.fixtures, "passwd.yaml")), "symbolic link")
        self.assert_refused(self.load(body=f"mof: [{self.fixtures}/secret.mof]\n".encode()), "symbolic link")

    def test_only_fixture_files_are_read(self):
        self.assert_refused(self.load("?path=" + os.path.join(self.fixtures, "notes.txt")), "only .yaml")

    def test_devices_fifos_and_huge_files_are_refused_at_once(self):
        self.assert_refused(self.load("?path=/dev/zero"), "not read")
        self.assert_refused(self.load("?path=/dev/ptmx"), "not read")
        self.assert_refused(self.load("?path=" + os.path.join(self.fixtures, "fifo.yaml")), "not a regular file")
        self.assert_refused(self.load("?path=" + os.path.join(self.fixtures, "huge.yaml")), "larger than 67108864 bytes")
        # The fixture lock is free again: a load after them works.
        self.assertEqual(self.load("?path=" + os.path.join(self.fixtures, "other.yaml")).status_code, 200)

    def test_a_fixture_in_the_directory_loads(self):
        self.assertEqual(self.load("?path=" + os.path.join(self.fixtures, "other.yaml")).status_code, 200)
        self.assertEqual(self.load("?path=" + os.path.join(self.fixtures, "start.yaml")).status_code, 200)

    def test_without_a_fixture_directory_nothing_is_read(self):
        with Served() as s:
            r = requests.post(s.base + "fixture?path=" + os.path.join(EXAMPLES, "small_cluster.yaml"), data=b"",
                              auth=s.auth, timeout=10, headers=YAML)
            self.assertEqual(r.status_code, 400, r.text)
            self.assertIn("--fixture-dir", r.json()["problems"][0])
        self.assertEqual(s.server.exit_code, 0)

    def test_sigterm_stops_the_server_after_a_device_path(self):
        with Served("--fixture-dir", self.fixtures) as s:
            r = requests.post(s.base + "fixture?path=/dev/ptmx", data=b"", auth=s.auth, timeout=10, headers=YAML)
            self.assertEqual(r.status_code, 400)
        self.assertEqual(s.server.exit_code, 0)


class CrossSiteTest(unittest.TestCase):
    """No CORS unless --allow-origin names the page's origin; state-changing calls need a media
    type that a cross-site form or a "simple" fetch cannot send."""

    @classmethod
    def setUpClass(cls):
        cls.served = Served("--allow-origin", "http://ui.example:8080").__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.served.__exit__(None, None, None)
        assert cls.served.server.exit_code == 0

    def tearDown(self):
        self.assertTrue(self.served.healthy(), "the server stopped serving after " + self._testMethodName)

    def preflight(self, origin, path="reset"):
        return requests.options(self.served.base + path, timeout=10, headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})

    def test_a_foreign_pages_preflight_gets_no_cors(self):
        r = self.preflight("http://evil.example")
        self.assertEqual(r.status_code, 403)
        for name in r.headers:
            self.assertFalse(name.lower().startswith("access-control-"), f"{name}: {r.headers[name]}")

    def test_a_foreign_pages_requests_are_refused(self):
        evil = {"Origin": "http://evil.example"}
        self.assertEqual(requests.get(self.served.base + "journal", auth=self.served.auth, headers=evil, timeout=10).status_code, 403)
        r = requests.post(self.served.base + "clock", json={"pause": True}, auth=self.served.auth, headers=evil, timeout=10)
        self.assertEqual(r.status_code, 403)
        self.assertNotIn("access-control-allow-origin", {k.lower() for k in r.headers})
        self.assertFalse(requests.get(self.served.base + "clock", auth=self.served.auth, timeout=10).json()["paused"])

    def test_form_and_text_posts_are_refused(self):
        for content_type, body in (("application/x-www-form-urlencoded", b'{"pause": true}'),
                                   ("text/plain", b'{"pause": true}'), ("multipart/form-data; boundary=x", b"--x--"),
                                   (None, b"")):
            headers = {"Content-Type": content_type} if content_type else {}
            r = requests.post(self.served.base + "clock", data=body, auth=self.served.auth, headers=headers, timeout=10)
            self.assertEqual(r.status_code, 415, f"{content_type}: {r.text}")
        self.assertFalse(requests.get(self.served.base + "clock", auth=self.served.auth, timeout=10).json()["paused"])
        r = requests.post(self.served.base + "reset", auth=self.served.auth, timeout=10)
        self.assertEqual(r.status_code, 415, "a POST without a body needs the media type too")
        r = requests.post(self.served.base + "fixture", data=b"hosts: [{name: X}]\n", auth=self.served.auth,
                          headers={"Content-Type": "text/plain"}, timeout=10)
        self.assertEqual(r.status_code, 415)
        self.assertEqual(requests.post(self.served.base + "reset", json={}, auth=self.served.auth, timeout=10).status_code, 200)

    def test_an_allowed_origin_is_answered_by_name_never_star(self):
        r = self.preflight("http://ui.example:8080")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "http://ui.example:8080")
        self.assertEqual(r.headers["Access-Control-Allow-Credentials"], "true")
        self.assertIn("POST", r.headers["Access-Control-Allow-Methods"])
        r = requests.get(self.served.base + "health", auth=self.served.auth, timeout=10,
                         headers={"Origin": "http://ui.example:8080"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "http://ui.example:8080")
        self.assertEqual(r.headers["Vary"], "Origin")

    def test_no_origin_no_cors_headers(self):
        r = requests.get(self.served.base + "health", auth=self.served.auth, timeout=10)
        self.assertNotIn("access-control-allow-origin", {k.lower() for k in r.headers})

    def test_an_allow_origin_that_is_not_an_origin_is_refused_at_start(self):
        run = subprocess.run([os.environ.get("CIMDOUBLE_BINARY", "cimdouble"), "serve", "--http", "127.0.0.1:0",
                              "--https", "", "--allow-origin", "*"], capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 2)
        self.assertIn("--allow-origin wants scheme://host[:port]", run.stderr)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class ResourceTest(unittest.TestCase):
    """What a caller can make the server keep or compute: journal entries, fault rules,
    YAML aliases."""

    @classmethod
    def setUpClass(cls):
        cls.served = Served("--isolate-by-user").__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.served.__exit__(None, None, None)
        assert cls.served.server.exit_code == 0

    def tearDown(self):
        self.assertTrue(self.served.healthy(), "the server stopped serving after " + self._testMethodName)

    def huge_enumerate(self, size=480 * 1024):
        query = "SELECT * FROM Msvm_ComputerSystem WHERE " + " OR ".join(["Name = 'x'"] * (size // 14))
        return envelope(ENUMERATION + "Enumerate", WMI + "Msvm_ComputerSystem", enumerate_body(wql_filter(query))).encode()

    def test_bytes_that_are_not_utf8_are_answered_not_fatal(self):
        # fuzz_control found it: a problem quoting a fixture's non-UTF-8 bytes made the JSON
        # answer throw. They come back as U+FFFD, in the fixture's problems and the journal.
        fixture = b'{"vms": [{"name": "extra-02", "host": "HV-\x9c-NODE1"}]}'
        answer = requests.post(self.served.base + "fixture?mode=merge", data=fixture, auth=self.served.auth, timeout=10,
                               headers={"Content-Type": "application/json"})
        self.assertEqual(answer.status_code, 400, answer.text)
        self.assertIn("\ufffd", answer.json()["problems"][0])
        get = envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", WMI + "Msvm_ComputerSystem",
                       selectors={"Name": "HV-\u00e9"}).encode().replace(b"\xc3\xa9", b"\xe9")
        requests.post(self.served.base.replace("/cimdouble/v1/", "/wsman"), data=get, auth=self.served.auth, timeout=10,
                      headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        journal = requests.get(self.served.base + "journal", auth=self.served.auth, timeout=10)
        self.assertEqual(journal.status_code, 200, journal.text[:300])

    def test_requests_refused_before_authentication_are_journaled_as_summaries(self):
        body = self.huge_enumerate()
        with Served() as s:  # one shared sandbox, so its journal can be read
            for _ in range(20):
                answer = raw_exchange(s.port, (
                    "POST /wsman HTTP/1.1\r\nHost: x\r\nWSMANIDENTIFY: unauthenticated\r\n"
                    f"Content-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: {len(body)}\r\n"
                    "Connection: close\r\n\r\n").encode() + body, timeout=20)
                self.assertTrue(answer.startswith(b"HTTP/1.1 "), answer[:100])
            entries = requests.get(s.base + "journal", auth=s.auth, timeout=10).json()["entries"]
            refused = [e for e in entries if not e["user"]]
            self.assertEqual(len(refused), 20)
            for e in refused:
                self.assertEqual(e["action"], "Enumerate")
                self.assertTrue(e.get("fault") or e.get("status") == 401, e)
                self.assertEqual(e.get("filter", ""), "", "a refused request's filter was kept")
                self.assertFalse(e.get("selectors"))
            self.assertTrue(s.healthy())
        self.assertEqual(s.server.exit_code, 0)

    def test_an_entry_keeps_at_most_a_few_kilobytes_of_a_filter(self):
        auth = self.served.auth
        requests.post(self.served.base + "journal/clear", json={}, auth=auth, timeout=10)
        r = requests.post(self.served.server.http_url, data=self.huge_enumerate(200 * 1024), auth=auth, timeout=30,
                          headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        self.assertIn(r.status_code, (200, 500))
        entries = requests.get(self.served.base + "journal", auth=auth, timeout=10).json()["entries"]
        self.assertEqual(len(entries), 1)
        self.assertLess(len(entries[0]["filter"]), 5000)
        self.assertRegex(entries[0]["filter"], r"\.\.\. \(\d+ bytes\)$")

    def test_fault_rules_are_capped(self):
        auth = self.served.auth
        session = requests.Session()
        session.auth = auth
        try:
            for i in range(1000):
                r = session.post(self.served.base + "faults", json={"action": "Get", "class": "Msvm_MigrationJob",
                                                                    "selectors": {"InstanceID": f"Microsoft:{i}"}, "status": 503},
                                 timeout=10)
                self.assertEqual(r.status_code, 200, r.text)
            r = session.post(self.served.base + "faults", json={"action": "Get", "status": 503}, timeout=10)
            self.assertEqual(r.status_code, 409, r.text)
            self.assertIn("at most 1000 fault rules", r.json()["error"])
        finally:
            session.post(self.served.base + "faults/clear", json={}, timeout=10)

    def test_yaml_alias_amplification_is_refused(self):
        anchored = "[" + ", ".join(str(i) for i in range(10000)) + "]"
        text = f"description: &L {anchored}\ninstances:\n" + "".join(
            f"  - {{class: Msvm_ComputerSystem, properties: {{Name: n{i}, Dedicated: *L}}}}\n" for i in range(200))
        started = time.monotonic()
        r = requests.post(self.served.base + "fixture", data=text.encode(), auth=self.served.auth, timeout=30, headers=YAML)
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(r.status_code, 400, r.text)
        self.assertIn("aliases expand this fixture to", r.json()["problems"][0])
        # A few aliases are fine.
        ok = "hosts: [{name: A, properties: &P {NumberOfNumaNodes: 2}}, {name: B, properties: *P}]\n"
        r = requests.post(self.served.base + "fixture", data=ok.encode(), auth=self.served.auth, timeout=30, headers=YAML)
        self.assertEqual(r.status_code, 200, r.text)


if __name__ == "__main__":
    unittest.main()
