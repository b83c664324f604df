"""HTTP framing (RFC 9112) and arithmetic on untrusted values, on the real binary over raw
sockets (issue 21): methods other than GET and POST, conflicting or malformed lengths and
codings, multipart bodies without a boundary, durations and clock moves that overflowed int64.
After each attack a well-behaved client is still served. Bounded in time; loopback only."""
import base64
import socket
import unittest

import requests

from cimdouble_server import CimdoubleServer
from wsman_messages import TRANSFER, WMI, envelope

RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"


class FramingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = CimdoubleServer("--request-timeout", "3", "--idle-timeout", "3", https=False).__enter__()
        cls.port = int(cls.server.http_url.split(":")[2].split("/")[0])
        cls.auth = "Basic " + base64.b64encode(f"{cls.server.user}:{cls.server.password}".encode()).decode()
        cls.base = cls.server.http_url.replace("/wsman", "/cimdouble/v1/")

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        assert cls.server.exit_code == 0

    def tearDown(self):
        self.assertEqual(self.get_job()[0], 200, "the server stopped serving after " + self._testMethodName)

    # -- helpers -------------------------------------------------------------------------

    def exchange(self, raw, timeout=8, check_close=False):
        """(status, headers, body, closed): the first answer, and (check_close) whether the
        server then closed the connection."""
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        try:
            sock.sendall(raw)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    return None
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
            length = int(headers.get("content-length", "0"))
            while len(body) < length:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                body += chunk
            closed = None
            if check_close:
                try:
                    closed = sock.recv(1) == b""
                except (socket.timeout, ConnectionResetError):
                    closed = False
            return int(lines[0].split()[1]), headers, body, closed
        finally:
            sock.close()

    def get_job(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        return self.exchange(self.post("/wsman", body))

    def post(self, path, body, headers=(), content_type="application/soap+xml;charset=UTF-8", length=True):
        head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: {self.auth}", f"Content-Type: {content_type}"]
        if length:
            head.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(head + list(headers)) + "\r\n\r\n").encode() + body

    # -- methods ---------------------------------------------------------------------------

    def test_put_delete_patch_and_unknown_methods_get_405_with_allow(self):
        for method in ("PUT", "DELETE", "PATCH", "FOO"):
            answer = self.exchange(f"{method} /cimdouble/v1/reset HTTP/1.1\r\nHost: x\r\nAuthorization: {self.auth}\r\n"
                                   f"Content-Length: 2\r\n\r\n{{}}".encode())
            self.assertIsNotNone(answer, f"{method}: closed without a status")
            self.assertEqual(answer[0], 405, method)
            self.assertIn("POST", answer[1]["allow"], method)

    def test_head_and_options_without_credentials_get_the_challenge(self):
        for method in ("HEAD", "OPTIONS"):
            answer = self.exchange(f"{method} /cimdouble/v1/health HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            self.assertIsNotNone(answer, method)
            self.assertEqual(answer[0], 401, method)
            self.assertIn("Basic", answer[1]["www-authenticate"])
        answer = self.exchange(f"OPTIONS /cimdouble/v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: {self.auth}\r\n\r\n".encode())
        self.assertEqual(answer[0], 200)
        self.assertEqual(answer[1]["allow"], "GET, POST")

    # -- lengths and codings (RFC 9112 §6) --------------------------------------------------

    def assert_refused_and_closed(self, raw, status=400):
        answer = self.exchange(raw, check_close=True)
        self.assertIsNotNone(answer, "closed without a status")
        self.assertEqual(answer[0], status, answer[2][:200])
        self.assertTrue(answer[3], "the connection stays open after a framing error")

    def test_content_length_and_transfer_encoding_together(self):
        body = b"0\r\n\r\n"
        self.assert_refused_and_closed(self.post("/wsman", body, ["Transfer-Encoding: chunked"]))

    def test_two_different_content_lengths(self):
        self.assert_refused_and_closed(self.post("/wsman", b"x" * 16, ["Content-Length: 17"]))

    def test_a_content_length_that_is_not_digits(self):
        for value in ("0x10", "+16", "1 6", "-1", "1e3"):
            self.assert_refused_and_closed(self.post("/wsman", b"x" * 16, [f"Content-Length: {value}"], length=False))

    def test_whitespace_before_the_colon(self):
        self.assert_refused_and_closed(self.post("/wsman", b"x" * 16, ["Content-Length : 16"], length=False))

    def test_an_unknown_transfer_coding(self):
        self.assert_refused_and_closed(self.post("/wsman", b"0\r\n\r\n", ["Transfer-Encoding: gzip, chunked"], length=False),
                                       501)

    def test_multipart_bodies_without_their_boundary_are_answered(self):
        body = b"--Encrypted Boundary\r\nContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n\r\nxx"
        for content_type in ("multipart/encrypted", 'multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted"',
                             'multipart/encrypted;boundary="Other"', "multipart/related", "multipart/form-data"):
            answer = self.exchange(self.post("/wsman", body, content_type=content_type))
            self.assertIsNotNone(answer, content_type)
            self.assertGreaterEqual(answer[0], 400, content_type)

    def clock_answers(self, requests):
        """The "paused" of each of four clock answers to `requests`, sent in one write."""
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        try:
            sock.sendall(requests)
            data = b""
            while data.count(b"HTTP/1.1 200") < 4 or not data.rstrip().endswith(b"}"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        finally:
            sock.close()
        self.assertEqual(data.count(b"HTTP/1.1 200"), 4, data[:300])
        return [part.split(b'"paused": ')[1][:5] for part in data.split(b"HTTP/1.1 200")[1:]]

    def test_pipelined_requests_are_answered_in_order(self):
        get = f"GET /cimdouble/v1/clock HTTP/1.1\r\nHost: x\r\nAuthorization: {self.auth}\r\n\r\n".encode()
        pause = self.post("/cimdouble/v1/clock", b'{"pause": true}', content_type="application/json")
        resume = self.post("/cimdouble/v1/clock", b'{"resume": true}', content_type="application/json")
        paused = self.clock_answers(get + pause + get + resume)
        self.assertEqual(paused, [b"false", b"true,", b"true,", b"false"])

    def test_requests_pipelined_behind_a_chunked_body_are_answered(self):
        # gSOAP forgets what it read past a chunked body; the receive hook never hands it more
        # than the request (src/http/request_framing.h), so what follows is the next request.
        def chunked(body, trailer=b""):
            return self.post("/cimdouble/v1/clock", b"", headers=("Transfer-Encoding: chunked",),
                             content_type="application/json", length=False) + \
                b"%x;note=1\r\n%s\r\n0\r\n%s\r\n" % (len(body), body, trailer)
        get = f"GET /cimdouble/v1/clock HTTP/1.1\r\nHost: x\r\nAuthorization: {self.auth}\r\n\r\n".encode()
        pause = chunked(b'{"pause": true}', b"X-Trailer: 1\r\n")
        resume = chunked(b'{"resume": true}')
        paused = self.clock_answers(pause + get + resume + get)
        self.assertEqual(paused, [b"true,", b"true,", b"false", b"false"])

    def test_a_post_to_an_unknown_path_keeps_the_connection_usable(self):
        get = f"GET /cimdouble/v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: {self.auth}\r\n\r\n".encode()
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        try:
            sock.sendall(self.post("/nowhere", b"not a request line\r\n") + get)
            data = b""
            while data.count(b"HTTP/1.1 ") < 2 or not data.rstrip().endswith(b"}"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        finally:
            sock.close()
        self.assertTrue(data.startswith(b"HTTP/1.1 404 "), data[:100])
        self.assertIn(b"HTTP/1.1 200 ", data, "the body was read as the next request")

    def test_junk_in_front_of_a_request_is_refused_not_skipped(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        for junk in (b"x" * 65536, b"junk\r\n", b"\x00\x01", b"get " * 3, b"\r\n" * 40):
            answer = self.exchange(junk + self.post("/wsman", body), check_close=True)
            self.assertIsNotNone(answer, repr(junk[:10]))
            self.assertEqual(answer[0], 400, repr(junk[:10]))
            self.assertNotIn(b"Msvm_MigrationJob", answer[2], "the request behind the junk was executed")
        # An empty line or two before a request is allowed (RFC 9112 §2.2).
        self.assertEqual(self.exchange(b"\r\n" + self.post("/wsman", body))[0], 200)

    def test_an_absolute_form_target_is_accepted(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        raw = self.post(f"http://127.0.0.1:{self.port}/wsman", body)
        self.assertEqual(self.exchange(raw)[0], 200)
        answer = self.exchange(f"GET HTTP://hv-node1:5985/cimdouble/v1/health HTTP/1.1\r\nHost: x\r\n"
                               f"Authorization: {self.auth}\r\n\r\n".encode())
        self.assertEqual(answer[0], 200, answer[2][:200])

    # -- arithmetic on untrusted values ------------------------------------------------------

    def test_an_operation_timeout_past_int64_is_refused(self):
        for timeout in ("P100000000000D", "PT9223372036854775807S", "P99999999DT99999999999H", "PT99999999999H"):
            text = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB})
            text = text.replace("<w:OperationTimeout>PT20S</w:OperationTimeout>",
                                f"<w:OperationTimeout>{timeout}</w:OperationTimeout>")
            answer = self.exchange(self.post("/wsman", text.encode()))
            self.assertIsNotNone(answer, timeout)
            self.assertEqual(answer[0], 500, f"{timeout} was accepted")
        identify = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                    'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
                    'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header>'
                    '<w:OperationTimeout>P100000000000D</w:OperationTimeout></s:Header>'
                    '<s:Body><wsmid:Identify/></s:Body></s:Envelope>').encode()
        raw = (f"POST /wsman HTTP/1.1\r\nHost: x\r\nWSMANIDENTIFY: unauthenticated\r\n"
               f"Content-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: {len(identify)}\r\n\r\n").encode() + identify
        self.assertIsNotNone(self.exchange(raw), "an unauthenticated Identify got no answer")

    def test_the_clock_cannot_be_moved_past_what_a_cim_datetime_holds(self):
        auth = (self.server.user, self.server.password)
        try:
            self.assertEqual(requests.post(self.base + "clock", json={"advance": "P99999999D"}, auth=auth, timeout=10).status_code, 400)
            for advance in (1e300, float("1e19"), -1):
                r = requests.post(self.base + "clock", json={"advance": advance}, auth=auth, timeout=10)
                self.assertEqual(r.status_code, 400, advance)
            self.assertEqual(requests.post(self.base + "clock", json={"scale": 1e300}, auth=auth, timeout=10).status_code, 400)
            self.assertEqual(requests.post(self.base + "clock", json={"set": "9999-12-31T00:00:00Z", "pause": True},
                                           auth=auth, timeout=10).status_code, 200)
            self.assertEqual(requests.post(self.base + "clock", json={"advance": "P1D"}, auth=auth, timeout=10).status_code, 400)
            now = requests.get(self.base + "clock", auth=auth, timeout=10).json()["now"]
            self.assertTrue(now.startswith("9999-12-31T"), now)
        finally:
            requests.post(self.base + "reset", json={}, auth=auth, timeout=10)
            requests.post(self.base + "clock", json={"set": "2026-01-01T00:00:00Z", "resume": True}, auth=auth, timeout=10)


if __name__ == "__main__":
    unittest.main()
