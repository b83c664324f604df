"""Hostile input over real sockets: each attack gets the fault or HTTP status WinRM would give
(or the connection closed where there is nothing to answer), while the server keeps serving a
well-behaved client in between and its memory stays bounded. Bounded in time and count;
loopback only."""
import base64
import os
import socket
import ssl
import threading
import time
import unittest
import xml.etree.ElementTree as ET

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, TRANSFER, WMI, enumerate_body, envelope, wql_filter

RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"
MIGRATION_SERVICE = WMI + "Msvm_VirtualSystemMigrationService"
SERVICE_KEYS = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": "HV-NODE1",
                "CreationClassName": "Msvm_VirtualSystemMigrationService", "Name": "migrationwmi"}


# Memory stays bounded: 64 MiB of growth at most over the whole suite (ASan keeps up to
# 256 MiB of freed memory in quarantine, so its build gets that much more).
GROWTH_LIMIT_KIB = (64 + (256 if os.environ.get("CIMDOUBLE_SANITIZED") == "1" else 0)) * 1024


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Connection:
    """One raw HTTP/1.1 connection: what we send is exactly what goes on the wire."""

    def __init__(self, port, timeout=15, tls=False):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            self.sock = context.wrap_socket(self.sock)

    def send(self, data):
        self.sock.sendall(data)

    def response(self):
        """(status, headers, body), or None when the server closed without answering."""
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return None
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
            length = int(headers.get("content-length", "0"))
            while len(body) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                body += chunk
            return status, headers, body
        except (ConnectionResetError, BrokenPipeError):
            return None

    def closed(self, within=10):
        """Whether the server closes this connection within `within` seconds."""
        self.sock.settimeout(within)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()


class HostileInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = CimdoubleServer("--request-timeout", "3", "--idle-timeout", "2", https=True).__enter__()
        cls.port = int(cls.server.http_url.split(":")[2].split("/")[0])
        cls.tls_port = int(cls.server.https_url.split(":")[2].split("/")[0])
        cls.auth = "Basic " + base64.b64encode(f"{cls.server.user}:{cls.server.password}".encode()).decode()
        cls.pid = cls.server.process.pid
        cls.rss_start = rss_kib(cls.pid)

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        assert cls.server.exit_code == 0

    def tearDown(self):
        # After every attack a well-behaved client is still served, and memory stays bounded.
        self.assertEqual(self.get_job()[0], 200, "the server stopped serving after " + self._testMethodName)
        self.assertLess(rss_kib(self.pid), self.rss_start + GROWTH_LIMIT_KIB, "RSS grew beyond the limit")

    # -- helpers -------------------------------------------------------------------------

    def request(self, body, headers=None, auth=True, content_type="application/soap+xml;charset=UTF-8"):
        head = [f"POST /wsman HTTP/1.1", f"Host: 127.0.0.1:{self.port}", f"Content-Type: {content_type}",
                f"Content-Length: {len(body)}"]
        if auth:
            head.append(f"Authorization: {self.auth}")
        head += headers or []
        return ("\r\n".join(head) + "\r\n\r\n").encode() + body

    def exchange(self, raw, timeout=15):
        c = Connection(self.port, timeout)
        try:
            c.send(raw)
            return c.response()
        finally:
            c.close()

    def get_job(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        return self.exchange(self.request(body))

    def assert_fault(self, answer, subcode, status=500):
        self.assertIsNotNone(answer, "the server closed without answering")
        self.assertEqual(answer[0], status, answer[2][:500])
        fault = ET.fromstring(answer[2]).find(".//s:Fault/s:Code/s:Subcode/s:Value", NS)
        self.assertIsNotNone(fault, answer[2][:500])
        self.assertTrue(fault.text.endswith(subcode), f"{fault.text} is not {subcode}")

    def invoke_body(self, inner, uri=MIGRATION_SERVICE, method="MigrateVirtualSystemToHost", selectors=None):
        return envelope(f"{uri}/{method}", uri, f'<p:{method}_INPUT xmlns:p="{uri}">{inner}</p:{method}_INPUT>',
                        SERVICE_KEYS if selectors is None else selectors).encode()

    # -- XML bombs and DTDs ------------------------------------------------------------------

    def test_01_billion_laughs(self):
        lol = '<!DOCTYPE l [<!ENTITY a "lollollollollol">' + "".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
        body = (lol + envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": "&j;"})).encode()
        self.assert_malformed(self.exchange(self.request(body)))

    def assert_malformed(self, answer):
        """Malformed XML, a DTD, an entity: WinRM's answer is a SOAP fault, HTTP 400 or 500."""
        self.assertIsNotNone(answer, "the server closed without answering")
        self.assertIn(answer[0], (400, 500), answer[2][:300])
        self.assertIn(b"Fault", answer[2])
        self.assertNotIn(b"lollollol", answer[2])

    def test_02_quadratic_blowup(self):
        big = "x" * 50000
        body = (f'<!DOCTYPE e [<!ENTITY a "{big}">]>' + envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob",
                selectors={"InstanceID": "&a;" * 40})).encode()
        self.assert_malformed(self.exchange(self.request(body)))

    def test_03_external_entity(self):
        body = ('<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + envelope(
            TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": "&x;"})).encode()
        answer = self.exchange(self.request(body))
        self.assert_malformed(answer)
        self.assertNotIn(b"root:", answer[2])

    def test_04_parameter_entity_and_external_dtd(self):
        body = ('<!DOCTYPE e SYSTEM "http://127.0.0.1:1/evil.dtd" [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
                + envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": "x"})).encode()
        self.assert_malformed(self.exchange(self.request(body)))

    def test_05_deep_nesting(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB},
                        extra_headers="<x>" * 100000 + "</x>" * 100000).encode()
        self.assert_malformed(self.exchange(self.request(body)))

    # -- sizes -------------------------------------------------------------------------------

    def test_06_hundred_megabyte_body_is_refused_before_it_is_read(self):
        c = Connection(self.port)
        try:
            c.send(self.request(b"", headers=[])[:-4].replace(b"Content-Length: 0", b"Content-Length: 104857600")
                   + b"\r\n\r\n" + b"<" * 65536)
            answer = c.response()
            self.assertIsNotNone(answer)
            self.assertEqual(answer[0], 413)
        finally:
            c.close()

    def test_07_endless_chunked_body(self):
        c = Connection(self.port)
        head = (f"POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                f"Authorization: {self.auth}\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
        c.send(head)
        sent, answer = 0, None
        chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"
        try:
            while sent < 64 * 1024 * 1024:  # far beyond the 2 MB cap; the server must give up first
                c.send(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = c.response()
        c.close()
        self.assertLess(sent, 64 * 1024 * 1024, "the server kept reading")
        if answer is not None:
            self.assertEqual(answer[0], 413)

    def test_08_body_over_max_envelope_size(self):
        # The service's MaxEnvelopeSizekb (500 KB, WinRM's default) bounds requests: beyond it,
        # w:EncodingLimit (the transport's own cap, 2 MB, answers 413 before reading).
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB},
                        extra_headers="<w:Junk>" + "y" * 600000 + "</w:Junk>").encode()
        self.assert_fault(self.exchange(self.request(body)), "EncodingLimit")

    def test_09_huge_selector_sets(self):
        selectors = {f"K{i}": "v" for i in range(20000)}  # 800 KB of selectors: over the envelope limit
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors=selectors).encode()
        self.assert_fault(self.exchange(self.request(body)), "EncodingLimit")
        selectors = {f"K{i}": "v" for i in range(2000)}  # within it: selectors the class does not have
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors=selectors).encode()
        self.assert_fault(self.exchange(self.request(body)), "InvalidSelectors")
        selectors = {"InstanceID": RUNNING_JOB, **{f"InstanceID{i}": "x" for i in range(2000)}}
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors=selectors).encode()
        self.assert_fault(self.exchange(self.request(body)), "InvalidSelectors")

    # -- encodings ---------------------------------------------------------------------------

    def test_10_invalid_utf8(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": "x"}).encode()
        body = body.replace(b">x<", b">\xc3\x28\xff\xfe<")
        self.assert_malformed(self.exchange(self.request(body)))

    def test_11_unpaired_utf16_surrogate(self):
        text = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": "SURROGATE"})
        body = b"\xff\xfe" + text.encode("utf-16-le").replace("SURROGATE".encode("utf-16-le"), b"\x00\xd8A\x00")
        self.assert_malformed(self.exchange(self.request(body, content_type="application/soap+xml;charset=UTF-16")))

    def test_12_foreign_media_type(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        self.assertEqual(self.exchange(self.request(body, content_type="text/html"))[0], 415)

    # -- chunking ----------------------------------------------------------------------------

    def chunked(self, chunks):
        head = (f"POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                f"Authorization: {self.auth}\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
        c = Connection(self.port, timeout=10)
        try:
            c.send(head + chunks)
            return c.response()
        finally:
            c.close()

    def test_13_malformed_chunk_size(self):
        answer = self.chunked(b"zz\r\n<s:Envelope/>\r\n0\r\n\r\n")
        self.assertTrue(answer is None or answer[0] in (400, 500), answer)

    def test_14_truncated_chunked_body(self):
        # Says 4096 bytes, sends 10 and stops: the whole-request timeout ends it.
        started = time.monotonic()
        answer = self.chunked(b"1000\r\n<s:Envel")
        self.assertTrue(answer is None or answer[0] in (400, 408, 500), answer)
        self.assertLess(time.monotonic() - started, 10)

    def test_15_negative_and_huge_chunk_sizes(self):
        for size in (b"-5", b"ffffffffffffffffffff"):
            answer = self.chunked(size + b"\r\nabc\r\n0\r\n\r\n")
            self.assertTrue(answer is None or answer[0] in (400, 413, 500), answer)

    # -- slow and flooding clients -----------------------------------------------------------

    def test_16_slowloris_is_cut_off_while_others_are_served(self):
        c = Connection(self.port, timeout=15)
        started = time.monotonic()
        cut = False
        try:
            c.send(b"POST /wsman HTTP/1.1\r\nHost: x\r\n")
            for _ in range(40):  # a header byte every 0.25 s, never finishing: 10 s at most
                time.sleep(0.25)
                self.assertEqual(self.get_job()[0], 200) if _ % 8 == 0 else None
                c.send(b"X")
        except (BrokenPipeError, ConnectionResetError):
            cut = True
        if not cut:
            cut = c.closed(within=5)
        c.close()
        self.assertTrue(cut, "a slow client held its connection for good")
        self.assertLess(time.monotonic() - started, 10)

    def test_17_header_flood(self):
        headers = [f"X-Flood-{i}: {'v' * 100}" for i in range(20000)]  # 2 MB of headers
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        try:
            answer = self.exchange(self.request(body, headers=headers))
        except (BrokenPipeError, ConnectionResetError):
            answer = None
        self.assertTrue(answer is None or answer[0] == 400, answer and answer[0])
        # Fewer, so the whole request fits the socket buffers and the answer can be read: 400.
        answer = self.exchange(self.request(body, headers=[f"X-Flood-{i}: v" for i in range(300)]))
        self.assertEqual(answer[0] if answer else None, 400)
        self.assertEqual(answer[1].get("connection", "").lower(), "close")

    def test_18_one_enormous_header_line(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        try:
            answer = self.exchange(self.request(body, headers=["X-Long: " + "a" * 1000000]))
        except (BrokenPipeError, ConnectionResetError):
            answer = None
        self.assertTrue(answer is None or answer[0] in (400, 413, 431), answer and answer[0])

    def test_19_many_idle_connections_do_not_starve_a_client(self):
        idle = [Connection(self.port) for _ in range(100)]
        try:
            self.assertEqual(self.get_job()[0], 200)
        finally:
            for c in idle:
                c.close()

    # -- SOAP headers ------------------------------------------------------------------------

    def test_20_duplicate_soap_header(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB},
                        extra_headers=f'<a:Action mustUnderstand="true">{TRANSFER}Get</a:Action>').encode()
        self.assert_fault(self.exchange(self.request(body)), "InvalidMessageInformationHeader")

    def test_21_conflicting_soap_headers(self):
        # Two ResourceURIs naming different classes.
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB},
                        extra_headers=f"<w:ResourceURI>{WMI}Msvm_ComputerSystem</w:ResourceURI>").encode()
        self.assert_fault(self.exchange(self.request(body)), "InvalidMessageInformationHeader")

    def test_22_unknown_must_understand_header(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB},
                        extra_headers='<x:Evil xmlns:x="urn:evil" s:mustUnderstand="true" '
                                      'xmlns:s="http://www.w3.org/2003/05/soap-envelope">1</x:Evil>').encode()
        answer = self.exchange(self.request(body))
        self.assertIsNotNone(answer)
        self.assertEqual(answer[0], 500)
        self.assertIn(b"MustUnderstand", answer[2])

    # -- WQL ---------------------------------------------------------------------------------

    def enumerate_wql(self, query):
        body = envelope(ENUMERATION + "Enumerate", WMI + "Msvm_MigrationJob", enumerate_body(wql_filter(query))).encode()
        return self.exchange(self.request(body))

    def test_23_wql_of_absurd_length(self):
        query = "SELECT * FROM Msvm_MigrationJob WHERE " + " OR ".join(f"JobState = {i % 11}" for i in range(40000))
        answer = self.enumerate_wql(query)
        self.assertIsNotNone(answer)
        self.assertIn(answer[0], (200, 413, 500))
        if answer[0] == 500:
            self.assertIn(b"Fault", answer[2])

    def test_24_wql_of_absurd_depth(self):
        query = "SELECT * FROM Msvm_MigrationJob WHERE " + "(" * 100000 + "JobState = 4" + ")" * 100000
        answer = self.enumerate_wql(query)
        self.assertIsNotNone(answer)
        self.assertIn(answer[0], (413, 500))
        if answer[0] == 500:
            self.assert_fault(answer, "CannotProcessFilter")

    def test_25_wql_garbage(self):
        for query in ("SELECT", "SELECT * FROM", "ASSOCIATORS OF {", "SELECT * FROM X WHERE A LIKE '[", "\u00e9\u00e9 \u2603",
                      "SELECT * FROM Msvm_MigrationJob WHERE JobState = 99999999999999999999999"):
            self.assert_fault(self.enumerate_wql(query), "CannotProcessFilter")

    # -- method parameters -------------------------------------------------------------------

    def test_26_wrong_types_in_every_method_parameter(self):
        vm_epr = ("<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
                  f"<a:ReferenceParameters><w:ResourceURI>{WMI}Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>"
                  '<w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector>'
                  '<w:Selector Name="Name">5E3A0000-1000-4000-8000-A00000000000</w:Selector></w:SelectorSet>'
                  "</a:ReferenceParameters>")
        wrong = {
            "ComputerSystem": ["not a reference", "<p:Nested>1</p:Nested>"],
            "DestinationHost": [f"<p:Nested>{vm_epr}</p:Nested>"],
            "MigrationSettingData": ["&lt;INSTANCE", "&lt;INSTANCE CLASSNAME=\"Msvm_ComputerSystem\"/&gt;", "12"],
            "NewResourceSettingData": [vm_epr],
        }
        for name, values in wrong.items():
            for value in values:
                params = {"ComputerSystem": vm_epr, "DestinationHost": "HV-NODE2"}
                params[name] = value
                inner = "".join(f"<p:{k}>{v}</p:{k}>" for k, v in params.items())
                answer = self.exchange(self.request(self.invoke_body(inner)))
                self.assertIsNotNone(answer, (name, value))
                if answer[0] == 200:  # accepted by the transport, refused by the provider as Hyper-V does
                    rv = ET.fromstring(answer[2]).find(".//{%s}ReturnValue" % MIGRATION_SERVICE)
                    self.assertIn(rv.text, ("32773", "32770"), (name, value))
                else:
                    self.assert_fault(answer, "InvalidParameter")
        job_uri = WMI + "Msvm_MigrationJob"
        for inner in ("<p:RequestedState>abc</p:RequestedState>", "<p:RequestedState>70000</p:RequestedState>",
                      "<p:RequestedState>4</p:RequestedState><p:TimeoutPeriod>soon</p:TimeoutPeriod>",
                      "<p:Unknown>1</p:Unknown>"):
            answer = self.exchange(self.request(self.invoke_body(inner, job_uri, "RequestStateChange",
                                                                 {"InstanceID": RUNNING_JOB})))
            self.assert_fault(answer, "InvalidParameter")

    # -- authentication and TLS --------------------------------------------------------------

    def test_27_malformed_authorization(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        for value in ("Basic !!!notbase64!!!", "Basic " + base64.b64encode(b"nocolon").decode(), "Basic", "Bearer x",
                      "Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==", "Basic " + "A" * 3):
            answer = self.exchange(self.request(body, headers=[f"Authorization: {value}"], auth=False))
            self.assertIsNotNone(answer, value)
            self.assertEqual(answer[0], 401, value)

    def test_28_enormous_authorization(self):
        body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
        huge = "Basic " + base64.b64encode(b"u:" + b"p" * 300000).decode()
        try:
            answer = self.exchange(self.request(body, headers=[f"Authorization: {huge}"], auth=False))
        except (BrokenPipeError, ConnectionResetError):
            answer = None
        self.assertTrue(answer is None or answer[0] in (400, 401, 413, 431), answer and answer[0])

    def test_29_tls_handshake_garbage(self):
        for garbage in (os.urandom(4096), b"\x16\x03\x01\x00\x05hello" + os.urandom(512), b"GET / HTTP/1.1\r\n\r\n"):
            s = socket.create_connection(("127.0.0.1", self.tls_port), timeout=10)
            try:
                s.sendall(garbage)
                s.settimeout(10)
                try:
                    while s.recv(4096):
                        pass
                except (ConnectionResetError, socket.timeout):
                    pass
            finally:
                s.close()
        # TLS still works for a real client after the garbage.
        c = Connection(self.tls_port, tls=True)
        try:
            body = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB}).encode()
            c.send(self.request(body))
            self.assertEqual(c.response()[0], 200)
        finally:
            c.close()

    def test_30_attacks_in_parallel_with_a_polling_client(self):
        stop = threading.Event()
        failures = []

        def poller():
            while not stop.is_set():
                answer = self.get_job()
                if answer is None or answer[0] != 200:
                    failures.append(answer)

        t = threading.Thread(target=poller)
        t.start()
        try:
            for _ in range(20):
                self.assert_malformed(self.exchange(self.request(b"<s:Envelope><<<")))
                self.exchange(self.request(b"", headers=[]))
        finally:
            stop.set()
            t.join(timeout=30)
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
