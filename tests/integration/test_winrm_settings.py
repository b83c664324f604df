"""WinRM's service limits under WinRM's names (issue 18): `serve --winrm NAME=VALUE` and a
start-up fixture's `winrm:`, the command line winning; each limit answered as WinRM answers
it, on the real binary over raw sockets and requests. Loopback only, bounded in time."""
import os
import socket
import subprocess
import tempfile
import time
import unittest

import requests

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, envelope, enumerate_body, fault_of, parse

NAMESPACES = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/__NAMESPACE"  # four instances in root


class WinrmSettingsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        cls.fixture = os.path.join(cls.folder.name, "limits.yaml")
        with open(cls.fixture, "w") as f:
            f.write("description: limits\nwinrm:\n  MaxBatchItems: 2\n  MaxEnvelopeSizekb: 32\n  maxconnections: 3\n")
        # The command line wins over the fixture: envelopes up to 40 KiB.
        cls.server = CimdoubleServer("--fixture", cls.fixture, "--winrm", "MaxEnvelopeSizekb=40", https=False).__enter__()
        cls.port = int(cls.server.http_url.split(":")[2].split("/")[0])

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.folder.cleanup()

    def post(self, body, url=None):
        return requests.post(url or self.server.http_url, data=body.encode(), timeout=30,
                             headers={"Content-Type": "application/soap+xml;charset=UTF-8"},
                             auth=(self.server.user, self.server.password))

    def test_max_batch_items_bounds_every_batch(self):
        answer = self.post(envelope(ENUMERATION + "Enumerate", NAMESPACES, enumerate_body(max_elements=10)))
        self.assertEqual(answer.status_code, 200, answer.text)
        response = parse(answer.text).find("s:Body/n:EnumerateResponse", NS)
        self.assertEqual(len(list(response.find("w:Items", NS))), 2)  # MaxElements 10, MaxBatchItems 2
        context = response.find("n:EnumerationContext", NS).text
        pull = f"<n:Pull><n:EnumerationContext>{context}</n:EnumerationContext><n:MaxElements>10</n:MaxElements></n:Pull>"
        answer = self.post(envelope(ENUMERATION + "Pull", NAMESPACES, pull))
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(len(list(parse(answer.text).find("s:Body/n:PullResponse/n:Items", NS))), 2)

    def test_max_envelope_size_kb_bounds_requests(self):
        identify = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                    'xmlns:i="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
                    '<s:Header/><s:Body><i:Identify/></s:Body><!--{}--></s:Envelope>')
        self.assertEqual(self.post(identify.format("x" * 38 * 1024)).status_code, 200)  # under 40 KiB
        answer = self.post(identify.format("x" * 41 * 1024))
        _, subcode, code, message, detail = fault_of(answer.text)
        self.assertEqual((answer.status_code, subcode, code), (500, "w:EncodingLimit", "2150858805"), answer.text)
        self.assertTrue(detail.endswith("/ServiceEnvelopeLimit"), detail)
        self.assertIn("40960 octets", message)
        # Beyond four times MaxEnvelopeSizekb the transport answers 413 without reading it.
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                         b"Content-Length: 200000\r\n\r\n")
            self.assertIn(b" 413 ", sock.recv(4096))
        self.assertEqual(self.post(identify.format("")).status_code, 200)  # still serving

    def test_max_connections_answers_503_beyond(self):
        held = []
        try:
            deadline = time.monotonic() + 10
            while len(held) < 3:  # three keep-alive connections, each answered (other tests' may be ending)
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
                sock.sendall(b"GET /wsman HTTP/1.1\r\nHost: x\r\n\r\n")
                if b" 401 " in sock.recv(4096):
                    held.append(sock)
                    continue
                sock.close()
                self.assertLess(time.monotonic(), deadline, "the server never had three connections free")
                time.sleep(0.1)
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as extra:
                extra.sendall(b"GET /wsman HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertIn(b" 503 ", extra.recv(4096))
        finally:
            for sock in held:
                sock.close()
        deadline = time.monotonic() + 10
        while True:  # the held connections' workers end; new clients are served again
            answer = self.post(envelope(ENUMERATION + "Enumerate", NAMESPACES, enumerate_body(max_elements=1)))
            if answer.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(answer.status_code, 200)

    def test_posted_fixture_cannot_change_the_limits(self):
        control = self.server.http_url.replace("/wsman", "/cimdouble/v1/fixture")
        answer = requests.post(control, data="winrm:\n  MaxBatchItems: 32000\n", timeout=10,
                               headers={"Content-Type": "application/yaml"}, auth=(self.server.user, self.server.password))
        self.assertEqual(answer.status_code, 400, answer.text)
        self.assertIn("'winrm' cannot be loaded at run time", answer.text)

    def test_bad_settings_are_refused_with_their_names(self):
        binary = os.environ.get("CIMDOUBLE_BINARY", "cimdouble")
        run = subprocess.run([binary, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--winrm", "MaxBatchItem=5"],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 2)
        self.assertIn("'MaxBatchItem' is not a WinRM setting cimdouble knows (did you mean MaxBatchItems?)", run.stderr)
        run = subprocess.run([binary, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--winrm", "MaxTimeoutms=10"],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 2)
        self.assertIn("MaxTimeoutms is a whole number from 500", run.stderr)
        bad = os.path.join(self.folder.name, "bad.yaml")
        with open(bad, "w") as f:
            f.write("winrm:\n  MaxEnvelopeSizekb: 8\n  Frob: 1\n")
        run = subprocess.run([binary, "fixture", "check", bad], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn(bad + ":2:22: winrm: WinRM's MaxEnvelopeSizekb is a whole number from 32", run.stderr + run.stdout)
        self.assertIn(bad + ":3:9: winrm: 'Frob' is not a WinRM setting", run.stderr + run.stdout)


if __name__ == "__main__":
    unittest.main()
