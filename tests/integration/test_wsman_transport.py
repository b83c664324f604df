"""WS-Man's transport as WinRM (http.sys) gives it, on the real binary over raw sockets and
curl (issue 18): the path with and without its trailing slash and under another URLPrefix,
the 401 challenge to GET and HEAD probes, a POST with no Content-Type, WinRM's header set,
and the command line's words for a port in use or out of range. Loopback only, bounded."""
import base64
import os
import socket
import subprocess
import unittest

from cimdouble_server import CimdoubleServer

HERE = os.path.dirname(os.path.abspath(__file__))
IDENTIFY = open(os.path.join(HERE, "envelopes", "identify.xml"), "rb").read()


def exchange(port, raw, timeout=8):
    """(status, headers as (name, value) pairs in order, body) of the first answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError("no answer to " + raw[:60].decode("latin-1"))
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = [(k.strip().lower(), v.strip()) for k, v in (l.split(":", 1) for l in lines[1:])]
        length = int(dict(headers).get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(lines[0].split()[1]), headers, body


class TransportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = CimdoubleServer(https=False).__enter__()
        cls.port = int(cls.server.http_url.split(":")[2].split("/")[0])
        cls.auth = "Basic " + base64.b64encode(f"{cls.server.user}:{cls.server.password}".encode()).decode()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        assert cls.server.exit_code == 0

    def request(self, method, path, body=b"", content_type="application/soap+xml;charset=UTF-8", auth=True):
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if auth:
            head += f"Authorization: {self.auth}\r\n"
        if content_type is not None and method == "POST":
            head += f"Content-Type: {content_type}\r\n"
        if method == "POST":
            head += f"Content-Length: {len(body)}\r\n"
        return exchange(self.port, head.encode() + b"\r\n" + body)

    def test_trailing_slash_and_query_are_the_same_endpoint(self):
        for path in ["/wsman", "/wsman/", "/wsman?PSVersion=5.1.17763.1", "/wsman/?x=1"]:
            status, _, body = self.request("POST", path, IDENTIFY)
            self.assertEqual(status, 200, path)
            self.assertIn(b"IdentifyResponse", body, path)
        self.assertEqual(self.request("POST", "/wsmanx", IDENTIFY)[0], 404)
        self.assertEqual(self.request("POST", "/wsman//", IDENTIFY)[0], 404)

    def test_get_and_head_probes_get_the_challenge_then_405(self):
        for method in ["GET", "HEAD"]:
            status, headers, _ = self.request(method, "/wsman", auth=False)
            self.assertEqual(status, 401, method)
            self.assertIn(("www-authenticate", 'Basic realm="WSMAN"'), headers, method)
            status, headers, _ = self.request(method, "/wsman/", auth=True)
            self.assertEqual(status, 405, method)
            self.assertIn(("allow", "POST"), headers, method)

    def test_missing_content_type_is_soap_and_a_foreign_one_is_refused(self):
        status, _, body = self.request("POST", "/wsman", IDENTIFY, content_type=None)
        self.assertEqual(status, 200, body)
        self.assertIn(b"IdentifyResponse", body)
        self.assertEqual(self.request("POST", "/wsman", IDENTIFY, content_type="text/html")[0], 415)

    def test_winrm_header_set(self):
        status, headers, body = self.request("POST", "/wsman", IDENTIFY)
        names = [name for name, _ in headers]
        self.assertEqual(status, 200)
        self.assertIn(("server", "Microsoft-HTTPAPI/2.0"), headers)
        self.assertIn("date", names)
        self.assertEqual(dict(headers)["content-type"].lower().replace(" ", ""), "application/soap+xml;charset=utf-8")
        self.assertEqual(int(dict(headers)["content-length"]), len(body))
        for unwanted in ["x-frame-options", "keep-alive"]:
            self.assertNotIn(unwanted, names)
        status, headers, _ = self.request("POST", "/wsman", IDENTIFY, auth=False)
        self.assertEqual(status, 401)
        names = [name for name, _ in headers]
        self.assertIn(("server", "Microsoft-HTTPAPI/2.0"), headers)
        self.assertNotIn("content-type", names, "an empty 401 carries no Content-Type, as http.sys sends it")
        self.assertEqual(dict(headers)["content-length"], "0")


class UrlPrefixTest(unittest.TestCase):
    def test_another_prefix_is_served_and_announced(self):
        with CimdoubleServer("--url-prefix", "remote", https=False, ready_path="/remote") as server:
            self.assertTrue(server.http_url.endswith("/remote"), server.http_url)
            port = int(server.http_url.split(":")[2].split("/")[0])
            auth = "Basic " + base64.b64encode(f"{server.user}:{server.password}".encode()).decode()
            for path, wanted in [("/remote", 200), ("/remote/", 200), ("/wsman", 404)]:
                raw = (f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n"
                       f"Content-Type: application/soap+xml\r\nContent-Length: {len(IDENTIFY)}\r\n\r\n").encode() + IDENTIFY
                self.assertEqual(exchange(port, raw)[0], wanted, path)

    def test_bad_prefixes_are_refused(self):
        binary = os.environ.get("CIMDOUBLE_BINARY", "cimdouble")
        for prefix in ["", "a/b", "cimdouble", "x y"]:
            result = subprocess.run([binary, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--url-prefix", prefix],
                                    capture_output=True, text=True, timeout=20)
            self.assertEqual(result.returncode, 2, prefix)
            self.assertIn("--url-prefix wants one path segment", result.stderr, prefix)


class ListenErrorsTest(unittest.TestCase):
    def serve(self, address):
        binary = os.environ.get("CIMDOUBLE_BINARY", "cimdouble")
        return subprocess.run([binary, "serve", "--http", address, "--https", "", "--cimxml-http", "", "--cimxml-https", ""], capture_output=True, text=True,
                              timeout=20)

    def test_port_in_use_says_so(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            result = self.serve(f"127.0.0.1:{port}")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"cannot listen on 127.0.0.1:{port}: address already in use", result.stderr)
        self.assertNotIn("SOAP", result.stderr)

    def test_port_out_of_range_says_so(self):
        result = self.serve("127.0.0.1:70000")
        self.assertEqual(result.returncode, 2)
        self.assertIn("port 70000 is out of range", result.stderr)
        result = self.serve("127.0.0.1:http")
        self.assertIn("--http wants ADDR:PORT, not '127.0.0.1:http'", result.stderr)


if __name__ == "__main__":
    unittest.main()
