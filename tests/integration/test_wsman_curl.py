"""Recorded envelopes sent with curl: the shapes Windows clients put on the wire that no
Linux client library produces (UTF-16 bodies from winrm.cmd, unauthenticated Identify from
Test-WSMan, the MI client's enumeration), plus transport edge cases (chunked bodies,
oversized bodies, keep-alive)."""
import os
import subprocess
import unittest
import xml.etree.ElementTree as ET

from cimdouble_server import CimdoubleServer
from wsman_messages import NS

HERE = os.path.dirname(os.path.abspath(__file__))


def envelope_file(name):
    return os.path.join(HERE, "envelopes", name)


class CurlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = CimdoubleServer(https=False).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def curl(self, *args, data_file=None, data=None, user=True, content_type="application/soap+xml;charset=UTF-8",
             refused_early=False, url=None):
        command = ["curl", "-sS", "--max-time", "30", "-o", "-", "-w", "\n%{http_code}", "-X", "POST",
                   "-H", f"Content-Type: {content_type}"]
        if user:
            command += ["-u", f"{self.server.user}:{self.server.password}"]
        if data_file:
            command += ["--data-binary", "@" + data_file]
        elif data is not None:
            command += ["--data-binary", "@-"]
        command += list(args) + [url or self.server.http_url]
        run = subprocess.run(command, input=data, capture_output=True, timeout=60)
        if refused_early and run.returncode in (55, 56):
            return 413, ""  # the server answered 413 and closed while curl was still sending
        self.assertEqual(run.returncode, 0, run.stderr)
        body, _, status = run.stdout.rpartition(b"\n")
        return int(status), body.decode("utf-8", "replace")

    def test_unauthenticated_identify(self):
        status, body = self.curl("-H", "WSMANIDENTIFY: unauthenticated", data_file=envelope_file("identify.xml"), user=False)
        self.assertEqual(status, 200)
        root = ET.fromstring(body)
        version = root.find(".//{http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd}ProductVersion")
        self.assertEqual(version.text, "OS: 0.0.0 SP: 0.0 Stack: 3.0")  # what Test-WSMan's own test asserts
        status, body = self.curl(data_file=envelope_file("identify.xml"))
        self.assertEqual(status, 200)
        self.assertIn("Stack: 3.0", body)
        # Without the header and without credentials: the 401 challenge.
        status, _ = self.curl(data_file=envelope_file("identify.xml"), user=False)
        self.assertEqual(status, 401)
        # The unauthenticated header does not open other operations.
        status, _ = self.curl("-H", "WSMANIDENTIFY: unauthenticated", data_file=envelope_file("winrm_get_job.xml"), user=False)
        self.assertEqual(status, 401)

    def test_utf16_bodies(self):
        with open(envelope_file("winrm_get_job.xml"), "rb") as f:
            text = f.read().decode("utf-8")
        with_bom = b"\xff\xfe" + text.encode("utf-16-le")
        status, body = self.curl(data=with_bom, content_type="application/soap+xml;charset=UTF-16")
        self.assertEqual(status, 200, body)
        self.assertIn("<p:JobState>4</p:JobState>", body)
        self.assertIn("uuid:5B4B8D27-6C2E-4C3A-9F0E-1A2B3C4D5E6F", body)  # RelatesTo, byte for byte
        status, body = self.curl(data=text.encode("utf-16-le"), content_type="application/soap+xml;charset=UTF-16")
        self.assertEqual(status, 200, body)  # no BOM: the charset says UTF-16, little-endian as Windows sends it

    def test_mi_client_enumeration(self):
        status, body = self.curl(data_file=envelope_file("mi_client_enumerate.xml"))
        self.assertEqual(status, 200, body)
        root = ET.fromstring(body)
        self.assertEqual(root.find("s:Header/a:RelatesTo", NS).text, "uuid:2CE8AD2B-8EA5-4FA8-A11C-A4C335FE9AAC")
        items = root.findall("s:Body/n:EnumerateResponse/w:Items/w:Item", NS)
        self.assertEqual(len(items), 1)
        self.assertIsNotNone(root.find("s:Body/n:EnumerateResponse/w:EndOfSequence", NS))

    def test_omicli_get(self):
        # OMI's client: SOAP-ENV and wsman prefixes, the path with its trailing slash, its User-Agent.
        status, body = self.curl("-H", "User-Agent: Microsoft WinRM Client", data_file=envelope_file("omicli_get_job.xml"),
                                 url=self.server.http_url + "/")
        self.assertEqual(status, 200, body)
        root = ET.fromstring(body)
        self.assertEqual(root.find("s:Header/a:RelatesTo", NS).text, "uuid:6A1D3C50-0000-0000-0000-0000000000C1")
        job = root.find("s:Body/*", NS)
        self.assertTrue(job.tag.endswith("}Msvm_MigrationJob"), job.tag)

    def test_openwsman_enumerate(self):
        # openwsman's wsman CLI: wsa/wsman/wsen prefixes, an XML declaration, a WMI wildcard URI with WQL.
        status, body = self.curl(data_file=envelope_file("openwsman_enumerate.xml"))
        self.assertEqual(status, 200, body)
        root = ET.fromstring(body)
        self.assertEqual(root.find("s:Header/a:RelatesTo", NS).text, "uuid:3f2c9a1e-5b7d-1e4a-8002-6c1f9e3a7b01")
        self.assertEqual(len(root.findall("s:Body/n:EnumerateResponse/w:Items/*", NS)), 1)

    def test_mi_client_faults_carry_a_cim_error(self):
        # PowerShell's CIM cmdlets turn the MSFT_WmiError in s:Detail into the CimException they raise.
        status, body = self.curl(data_file=envelope_file("mi_client_get_missing_class.xml"))
        self.assertEqual(status, 500, body)
        root = ET.fromstring(body)
        error = root.find("s:Body/s:Fault/s:Detail/{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError}MSFT_WmiError", NS)
        self.assertIsNotNone(error, body)
        self.assertEqual(error.get("{http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd}IsCIM_Error"), "true")
        p = "{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError}"
        self.assertEqual(error.find(p + "CIMStatusCode").text, "5")  # CIM_ERR_INVALID_CLASS
        self.assertEqual(error.find(p + "MessageID").text, "HRESULT 0x80041010")
        self.assertIn("Msvm_NoSuchClass", error.find(p + "Message").text)
        self.assertIsNone(root.find(".//{http://schemas.microsoft.com/wbem/wsman/1/wsmanfault}WSManFault"))
        # The same request from a client that is not the MI client gets WinRM's WSManFault.
        with open(envelope_file("mi_client_get_missing_class.xml"), "rb") as f:
            plain = f.read().replace(b"<p:OperationID", b"<p:NotOperationID").replace(b"</p:OperationID>", b"</p:NotOperationID>")
        status, body = self.curl(data=plain)
        self.assertEqual(status, 500, body)
        self.assertIn("WSManFault", body)
        self.assertNotIn("MSFT_WmiError", body)

    def test_chunked_and_oversized_bodies(self):
        status, body = self.curl("-H", "Transfer-Encoding: chunked", data_file=envelope_file("winrm_get_job.xml"))
        self.assertEqual(status, 200, body)
        self.assertIn("<p:JobState>4</p:JobState>", body)  # the de-chunked body was read and answered
        status, body = self.curl("-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                                 data_file=envelope_file("winrm_get_job.xml"))
        self.assertIn("<p:JobState>4</p:JobState>", body)
        big = b"<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope'><s:Body>" + b"x" * 600000 + b"</s:Body></s:Envelope>"
        status, body = self.curl(data=big)
        self.assertEqual(status, 500)
        self.assertIn("w:EncodingLimit", body)  # over MaxEnvelopeSize, under the transport cap
        huge = b"x" * 3_000_000
        status, _ = self.curl(data=huge, refused_early=True)
        self.assertEqual(status, 413)  # over the transport cap: refused before it is read
        status, _ = self.curl("-H", "Transfer-Encoding: chunked", data=huge, refused_early=True)
        self.assertEqual(status, 413)
        status, body = self.curl(data_file=envelope_file("winrm_get_job.xml"))
        self.assertEqual(status, 200)

    def test_keep_alive_reuses_one_connection(self):
        command = ["curl", "-sS", "--max-time", "30", "-u", f"{self.server.user}:{self.server.password}",
                   "-H", "Content-Type: application/soap+xml;charset=UTF-8", "-w", "%{num_connects} "]
        for _ in range(3):
            command += ["--data-binary", "@" + envelope_file("winrm_get_job.xml"), "-o", "/dev/null", self.server.http_url,
                        "--next", "-u", f"{self.server.user}:{self.server.password}",
                        "-H", "Content-Type: application/soap+xml;charset=UTF-8", "-w", "%{num_connects} "]
        command = command[:-7]
        run = subprocess.run(command, capture_output=True, text=True, timeout=60)
        self.assertEqual(run.stdout.split(), ["1", "0", "0"])

    def test_idle_connections_do_not_starve_a_new_client(self):
        import socket
        import time
        host, port = self.server.http_url.split("//")[1].split("/")[0].split(":")
        idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(150)]
        try:
            started = time.monotonic()
            status, body = self.curl(data_file=envelope_file("winrm_get_job.xml"))
            self.assertEqual(status, 200, body)
            self.assertLess(time.monotonic() - started, 5)
        finally:
            for s in idle:
                s.close()


class ServerOptionsTest(unittest.TestCase):
    def test_unauthenticated_identify_can_be_switched_off(self):
        with CimdoubleServer("--no-unauthenticated-identify", https=False) as server:
            run = subprocess.run(["curl", "-sS", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}",
                                  "-H", "WSMANIDENTIFY: unauthenticated", "-H", "Content-Type: application/soap+xml",
                                  "--data-binary", "@" + envelope_file("identify.xml"), server.http_url],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(run.stdout, "401")

    def test_bad_command_lines_are_refused(self):
        binary = os.environ.get("CIMDOUBLE_BINARY", "cimdouble")
        for args in (["--http", "nowhere"], ["--user", "nopassword"], ["--cert", "/dev/null"],
                     ["--winrm", "EnumerationTimeoutms=-1"], ["--winrm", "MaxEnvelopeSizekb=31"], ["--winrm", "MaxBatchItem=5"]):
            run = subprocess.run([binary, "serve"] + args, capture_output=True, text=True, timeout=30)
            self.assertNotEqual(run.returncode, 0, args)
        run = subprocess.run([binary, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--fixture", "/nonexistent.mof"],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 1)
        self.assertIn("/nonexistent.mof:0:0: cannot read file", run.stderr)


if __name__ == "__main__":
    unittest.main()
