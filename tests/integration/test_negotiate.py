"""Negotiate (NTLM) as real clients speak it, against the real binary: pywinrm's NTLM transport
(requests-ntlm) with each message_encryption setting over HTTP and HTTPS, and Go's
masterzen/winrm with its NTLM negotiator (go_winrm/, Debian's package built in GOPATH mode
without a module proxy), each running Identify, Enumerate/Pull, Get and an Invoke; and the refusals, over raw sockets with
python3-ntlm-auth's NtlmContext making the tokens: wrong passwords, a bare NTLM scheme, a
garbage token, a token answered on another connection, a replayed handshake, a truncated
encrypted body. The server must go on serving after each (wsman-wire §1.4, MS-WSMV 2.2.9.1)."""
import base64
import hashlib
import http.client
import os
import ssl
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import gssapi
import requests
import winrm
from ntlm_auth.gss_channel_bindings import GssChannelBindingsStruct
from ntlm_auth.ntlm import NtlmContext
from requests_ntlm import HttpNtlmAuth
from winrm.exceptions import InvalidCredentialsError, WinRMTransportError

from cimdouble_server import CimdoubleServer
from client_flow import IDENTIFY, RUNNING_JOB, WEB_02, hyperv_flow
from wsman_messages import ENUMERATION, NS, TRANSFER, WMI, envelope, enumerate_body, parse, pull_body, wql_filter

def negotiate_token(header):
    """The token of a 'Negotiate <base64>' WWW-Authenticate value."""
    for part in header.split(","):
        part = part.strip()
        if part.startswith("Negotiate "):
            return base64.b64decode(part.split(" ", 1)[1])
    return None


class NegotiateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A certificate pywinrm validates (REQUESTS_CA_BUNDLE in the environment would override
        # its server_cert_validation="ignore").
        cls.folder = tempfile.TemporaryDirectory()
        cls.cert, key = os.path.join(cls.folder.name, "cert.pem"), os.path.join(cls.folder.name, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-out", cls.cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
        cls.server = CimdoubleServer("--user", "CONTOSO\\carol:Domain-Pass1", "--cert", cls.cert, "--key", key).__enter__()
        cls.host, cls.port = cls.server.http_url.split("/")[2].split(":")

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.folder.cleanup()
        assert cls.server.exit_code == 0, "cimdouble did not stop cleanly on SIGTERM"

    def protocol(self, url=None, user=None, password=None, encryption="auto"):
        return winrm.protocol.Protocol(endpoint=url or self.server.http_url, transport="ntlm",
                                       username=user or self.server.user, password=password or self.server.password,
                                       message_encryption=encryption, ca_trust_path=self.cert,
                                       read_timeout_sec=30, operation_timeout_sec=20)

    def test_pywinrm_ntlm_over_http_with_each_encryption_setting(self):
        for encryption in ("auto", "always", "never"):
            with self.subTest(encryption=encryption):
                protocol = self.protocol(encryption=encryption)
                hyperv_flow(self, protocol)
                # Over HTTP, auto and always seal every message; never sends them in the clear.
                self.assertEqual(protocol.transport.encryption is not None, encryption != "never")

    def test_pywinrm_ntlm_over_https(self):
        for encryption in ("auto", "always", "never"):
            with self.subTest(encryption=encryption):
                protocol = self.protocol(self.server.https_url, encryption=encryption)
                hyperv_flow(self, protocol)
                self.assertEqual(protocol.transport.encryption is not None, encryption == "always")

    def test_spnego_wrapping_ntlm_as_windows_sends_it(self):
        # A Windows client outside a domain: SPNEGO (RFC 4178) offering NTLM, through MIT's SPNEGO
        # and gss-ntlmssp as the initiator; the server's negTokenResp legs, then the request.
        spnego, ntlm = gssapi.OID.from_int_seq("1.3.6.1.5.5.2"), gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
        name = gssapi.Name("HV-NODE1\\" + self.server.user, gssapi.NameType.user)
        credentials = gssapi.raw.acquire_cred_with_password(name, self.server.password.encode(), usage="initiate",
                                                            mechs=[spnego]).creds
        gssapi.raw.set_neg_mechs(credentials, [ntlm])
        context = gssapi.SecurityContext(name=gssapi.Name("HTTP@hv-node1", gssapi.NameType.hostbased_service),
                                         creds=credentials, usage="initiate", mech=spnego)
        conn = self.connection()
        token = context.step()
        self.assertEqual(token[:1], b"\x60")  # a GSS-API framed SPNEGO token, not raw NTLMSSP
        answer = self.leg(conn, token)
        self.assertEqual(answer.status, 401)
        answer = self.leg(conn, context.step(negotiate_token(answer.getheader("WWW-Authenticate"))))
        self.assertEqual(answer.status, 200)
        conn.request("POST", "/wsman", body=IDENTIFY.encode(), headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        identified = conn.getresponse()
        self.assertEqual(identified.status, 200)
        self.assertIn(b"ProductVendor", identified.read())

    def test_channel_bindings_over_https(self):
        # requests-ntlm sends the binding of the served certificate; without one the server takes
        # the login too (WinRM's CbtHardeningLevel Relaxed); a binding of another certificate is refused.
        protocol = winrm.protocol.Protocol(endpoint=self.server.https_url, transport="ntlm", username=self.server.user,
                                           password=self.server.password, ca_trust_path=self.cert, send_cbt=False,
                                           read_timeout_sec=30, operation_timeout_sec=20)
        hyperv_flow(self, protocol)
        with open(self.cert) as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        for digest, status in ((hashlib.sha256(der).digest(), 200), (hashlib.sha256(b"another").digest(), 401)):
            with self.subTest(status=status):
                bindings = GssChannelBindingsStruct()
                bindings[bindings.APPLICATION_DATA] = b"tls-server-end-point:" + digest
                client = NtlmContext(self.server.user, self.server.password, domain="", cbt_data=bindings,
                                     ntlm_compatibility=3)
                conn = http.client.HTTPSConnection(self.host, int(self.server.https_url.split(":")[2].split("/")[0]),
                                                   timeout=30, context=ssl.create_default_context(cafile=self.cert))
                challenge = self.leg(conn, client.step())
                self.assertEqual(self.leg(conn, client.step(negotiate_token(challenge.getheader("WWW-Authenticate"))),
                                          body=IDENTIFY.encode()).status, status)
        metrics = requests.get(self.server.http_url.replace("/wsman", "/cimdouble/v1/metrics"),
                               auth=(self.server.user, self.server.password), timeout=30).text
        self.assertIn('cimdouble_authentication_failures_total{scheme="Negotiate",reason="channel-binding"} 1', metrics)

    def test_messages_past_16_kib_travel_in_chunks(self):
        # MS-WSMV 2.2.9.1.3: multipart/x-multi-encrypted, a sealed pair of parts per 16 KiB (built by
        # pywinrm's own encryption of each chunk), and the answer chunked the same way.
        protocol = self.protocol(encryption="always")
        protocol.send_message(IDENTIFY)
        transport = protocol.transport
        message = envelope(ENUMERATION + "Enumerate", WMI + "*", "<!--" + "x" * 40000 + "-->" + enumerate_body(
            wql_filter("SELECT * FROM Msvm_VirtualSystemSettingData"), max_elements=100)).encode()
        chunks = [message[i:i + 16384] for i in range(0, len(message), 16384)]
        body = b"".join(transport.encryption._encrypt_message(c, self.host) for c in chunks) + b"--Encrypted Boundary--\r\n"
        request = requests.Request("POST", self.server.http_url, data=body, headers={
            "Content-Type": 'multipart/x-multi-encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";'
                            'boundary="Encrypted Boundary"'}).prepare()
        answer = transport.session.send(request, timeout=30)
        self.assertEqual(answer.status_code, 200)
        self.assertTrue(answer.headers["Content-Type"].startswith("multipart/x-multi-encrypted;"), answer.headers)
        self.assertGreater(answer.content.count(b"\tContent-Type: application/octet-stream"), 1)
        items = parse(transport.encryption.parse_encrypted_response(answer).decode()).find(".//w:Items", NS)
        self.assertGreater(len(items), 12)

    def test_go_masterzen_winrm_with_ntlm(self):
        with tempfile.TemporaryDirectory() as folder:
            binary = os.path.join(folder, "go_winrm")
            env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOCACHE=os.path.join(folder, "cache"),
                       GOPROXY="off", GOFLAGS="")
            subprocess.run(["go", "build", "-o", binary, "main.go"], cwd=os.path.join(os.path.dirname(__file__), "go_winrm"),
                           env=env, check=True, capture_output=True, timeout=240)
            for user in (self.server.user, "HV-NODE1\\" + self.server.user):
                with self.subTest(user=user):
                    run = subprocess.run([binary, self.host, self.port, user, self.server.password],
                                         capture_output=True, text=True, timeout=60)
                    self.assertEqual(run.stdout.split(), ["ok", "identify", "ok", "enumerate", "ok", "pull", "ok", "get",
                                                          "ok", "invoke", "ok", "poll", "ok", "terminate", "ok", "terminated"],
                                     run.stdout + run.stderr)
            refused = subprocess.run([binary, self.host, self.port, self.server.user, "wrong"], capture_output=True, text=True,
                                     timeout=60)
            self.assertEqual(refused.returncode, 1)
            self.assertIn("failed identify", refused.stdout)

    def test_npm_winrm_client_with_ntlm(self):
        # winrm-client logs in with NTLM when the user names a domain (a bare name: Basic).
        script = os.path.join(os.path.dirname(__file__), "node_winrm", "flow.js")
        steps = ["ok", "identify", "ok", "enumerate", "ok", "pull", "ok", "get", "ok", "invoke", "ok", "poll",
                 "ok", "terminate", "ok", "terminated"]
        for user, password in (("HV-NODE1\\" + self.server.user, self.server.password), ("CONTOSO\\carol", "Domain-Pass1")):
            with self.subTest(user=user):
                run = subprocess.run(["node", script, self.host, self.port, user, password], capture_output=True,
                                     text=True, timeout=120)
                self.assertEqual(run.stdout.split(), steps, run.stdout + run.stderr)
        refused = subprocess.run(["node", script, self.host, self.port, "HV-NODE1\\" + self.server.user, "wrong"],
                                 capture_output=True, text=True, timeout=120)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("failed identify", refused.stdout)

    def test_domains_a_login_may_name(self):
        # A local account answers to no domain, ".", and a node's name; a domain account to its own.
        for user, password in ((".\\" + self.server.user, self.server.password), ("HV-NODE1\\" + self.server.user, self.server.password),
                               ("CONTOSO\\carol", "Domain-Pass1")):
            with self.subTest(user=user):
                parse(self.protocol(user=user, password=password).send_message(IDENTIFY))
        for user, password in ((self.server.user, "wrong"), ("nobody", self.server.password), ("FABRIKAM\\carol", "Domain-Pass1")):
            with self.subTest(user=user), self.assertRaises(InvalidCredentialsError):
                self.protocol(user=user, password=password).send_message(IDENTIFY)
        parse(self.protocol().send_message(IDENTIFY))  # still serving

    def test_the_control_plane_takes_ntlm(self):
        base = self.server.http_url.replace("/wsman", "/cimdouble/v1/")
        answer = requests.get(base + "clock", auth=HttpNtlmAuth(self.server.user, self.server.password), timeout=30)
        self.assertEqual(answer.status_code, 200)

    def test_the_journal_says_how_each_request_authenticated(self):
        parse(self.protocol(encryption="always").send_message(IDENTIFY))
        parse(self.protocol(encryption="never").send_message(IDENTIFY))
        basic = winrm.protocol.Protocol(endpoint=self.server.http_url, transport="basic", username=self.server.user,
                                        password=self.server.password)
        parse(basic.send_message(IDENTIFY))
        base = self.server.http_url.replace("/wsman", "/cimdouble/v1/")
        entries = requests.get(base + "journal", params={"action": "Identify", "user": self.server.user},
                               auth=(self.server.user, self.server.password), timeout=30).json()["entries"][-3:]
        self.assertEqual([(e["authentication"], e["encrypted"]) for e in entries],
                         [("Negotiate", True), ("Negotiate", False), ("Basic", False)])

    def connection(self):
        return http.client.HTTPConnection(self.host, int(self.port), timeout=30)

    def leg(self, conn, token, scheme="Negotiate", body=b""):
        conn.request("POST", "/wsman", body=body, headers={
            "Authorization": f"{scheme} {base64.b64encode(token).decode()}",
            "Content-Type": "application/soap+xml;charset=UTF-8"})
        answer = conn.getresponse()
        answer.read()
        return answer

    def test_the_handshake_is_bound_to_its_connection(self):
        client = NtlmContext(self.server.user, self.server.password, domain="", ntlm_compatibility=3)
        first = self.connection()
        challenge = self.leg(first, client.step())
        self.assertEqual(challenge.status, 401)
        authenticate = client.step(negotiate_token(challenge.getheader("WWW-Authenticate")))
        # The answer to the challenge on another connection: refused, and that connection knows nobody.
        other = self.connection()
        self.assertEqual(self.leg(other, authenticate).status, 401)
        other.request("POST", "/wsman", body=IDENTIFY, headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        answer = other.getresponse()
        answer.read()
        self.assertEqual(answer.status, 401)
        # On its own connection the handshake completes; the empty POST gets 200, and the
        # connection stays authenticated without a header.
        self.assertEqual(self.leg(first, authenticate).status, 200)
        first.request("POST", "/wsman", body=IDENTIFY, headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        answer = first.getresponse()
        self.assertIn(b"IdentifyResponse", answer.read())
        self.assertEqual(answer.status, 200)
        # The same handshake replayed is a new, incomplete one: refused.
        self.assertEqual(self.leg(first, authenticate).status, 401)

    def test_a_content_type_naming_a_parameter_twice_is_answered(self):
        # fuzz_negotiate found it: a parameter name without '=' before the real one looped for ever.
        client = NtlmContext(self.server.user, self.server.password, domain="", ntlm_compatibility=3)
        conn = self.connection()
        challenge = self.leg(conn, client.step())
        self.assertEqual(self.leg(conn, client.step(negotiate_token(challenge.getheader("WWW-Authenticate")))).status, 200)
        conn.request("POST", "/wsman", body=b"--Encrypted Boundary\r\n", headers={
            "Content-Type": 'multipart/encrypted;protocolprotocol;protocol="application/HTTP-SPNEGO-session-encrypted";'
                            'boundaryboundary;boundary="Encrypted Boundary"'})
        answer = conn.getresponse()
        answer.read()
        self.assertEqual(answer.status, 400)
        parse(self.protocol().send_message(IDENTIFY))

    def test_refusals_keep_the_server_serving(self):
        # A bare NTLM scheme, as WinRM answers it: a fresh 401, and the connection closes.
        conn = self.connection()
        answer = self.leg(conn, NtlmContext("x", "y", domain="").step(), scheme="NTLM")
        self.assertEqual(answer.status, 401)
        self.assertEqual(answer.getheader("Connection"), "close")
        self.assertEqual(answer.getheader("WWW-Authenticate"), 'Negotiate, Basic realm="WSMAN"')
        # Garbage and base64 that is not a token.
        for token in (b"\x00" * 40, b"NTLMSSP\x00\x03" + b"\xff" * 60, b"\x60\x82\xff\xff"):
            with self.subTest(token=token[:12]):
                self.assertEqual(self.leg(self.connection(), token).status, 401)
        conn = self.connection()
        conn.request("POST", "/wsman", body=b"", headers={"Authorization": "Negotiate not*base64"})
        self.assertEqual(conn.getresponse().status, 401)
        # A 5 KB token reaches the mechanism and is refused; a header line past gSOAP's 8 KB is
        # answered 400 or closed unread (the client may see the reset first).
        self.assertEqual(self.leg(self.connection(), b"NTLMSSP\x00\x01\x00\x00\x00" + os.urandom(5000)).status, 401)
        try:
            self.assertEqual(self.leg(self.connection(), os.urandom(48000)).status, 400)
        except (ConnectionResetError, http.client.RemoteDisconnected):
            pass
        # An encrypted body on a connection without a context, and a truncated one on a
        # connection with one: 401, then 400 and close.
        protocol = self.protocol(encryption="always")
        protocol.send_message(IDENTIFY)
        transport = protocol.transport
        request = transport.encryption.prepare_encrypted_request(transport.session, transport.endpoint, IDENTIFY.encode())
        stranger = requests.post(self.server.http_url, data=request.body, headers={"Content-Type": request.headers["Content-Type"]},
                                 timeout=30)
        self.assertEqual(stranger.status_code, 401)
        request = transport.encryption.prepare_encrypted_request(transport.session, transport.endpoint, IDENTIFY.encode())
        request.body = request.body[:len(request.body) // 2]
        request.headers["Content-Length"] = str(len(request.body))
        truncated = transport.session.send(request, timeout=30)
        self.assertEqual(truncated.status_code, 400)
        # Chunks that lie about their lengths, and a Kerberos-protocol body on an NTLM context,
        # each sealed with its own connection's context.
        multi = 'multipart/x-multi-encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"'
        kerberos = 'multipart/encrypted;protocol="application/HTTP-Kerberos-session-encrypted";boundary="Encrypted Boundary"'
        for content_type, build in (
                (multi, lambda seal: seal(IDENTIFY.encode()).replace(b"Length=", b"Length=9") + seal(b"x") +
                 b"--Encrypted Boundary--\r\n"),
                (kerberos, lambda seal: seal(IDENTIFY.encode()).replace(b"SPNEGO", b"Kerberos") + b"--Encrypted Boundary--\r\n")):
            with self.subTest(content_type=content_type[:30]):
                protocol = self.protocol(encryption="always")
                protocol.send_message(IDENTIFY)
                transport = protocol.transport
                body = build(lambda plain: transport.encryption._encrypt_message(plain, self.host))
                request = requests.Request("POST", self.server.http_url, data=body, headers={"Content-Type": content_type})
                self.assertEqual(transport.session.send(request.prepare(), timeout=30).status_code, 400)
        parse(self.protocol().send_message(IDENTIFY))


class OtherSettingsTest(unittest.TestCase):
    def test_require_encryption_refuses_what_winrm_refuses(self):
        with CimdoubleServer("--require-encryption") as server:
            def protocol(url, transport="ntlm", encryption="auto"):
                return winrm.protocol.Protocol(endpoint=url, transport=transport, username=server.user,
                                               password=server.password, message_encryption=encryption,
                                               server_cert_validation="ignore", read_timeout_sec=30, operation_timeout_sec=20)
            hyperv_flow(self, protocol(server.http_url))  # sealed: taken
            # A plain message on a Negotiate connection over HTTP: 500, as WinRM with AllowUnencrypted=false.
            with self.assertRaises(WinRMTransportError) as refused:
                protocol(server.http_url, encryption="never").send_message(IDENTIFY)
            self.assertIn("500", str(refused.exception))
            # Basic over HTTP: refused; over HTTPS: taken.
            with self.assertRaises(InvalidCredentialsError):
                protocol(server.http_url, "basic").send_message(IDENTIFY)
            metrics = requests.get(server.https_url.replace("/wsman", "/cimdouble/v1/metrics"), verify=False,
                                   auth=(server.user, server.password), timeout=30).text
            self.assertIn('cimdouble_authentication_failures_total{scheme="Negotiate",reason="unencrypted"} 1', metrics)
            self.assertIn('cimdouble_authentication_failures_total{scheme="Basic",reason="unencrypted"} 1', metrics)
            self.assertIn('cimdouble_requests_by_scheme_total{scheme="Negotiate",encrypted="true"}', metrics)


    def test_isolate_by_user_puts_an_ntlm_login_in_its_users_sandbox(self):
        with CimdoubleServer("--isolate-by-user", "--user", "other:0ther-pass", https=False) as server:
            base = server.http_url.replace("/wsman", "/cimdouble/v1/")
            paused = requests.post(base + "clock", json={"pause": True}, timeout=30,
                                   auth=HttpNtlmAuth(server.user, server.password))
            self.assertEqual(paused.status_code, 200)
            mine = requests.get(base + "clock", auth=(server.user, server.password), timeout=30).json()
            theirs = requests.get(base + "clock", auth=("other", "0ther-pass"), timeout=30).json()
            self.assertTrue(mine["paused"])
            self.assertFalse(theirs["paused"])
        self.assertEqual(server.exit_code, 0)

class BasicOnlyTest(unittest.TestCase):
    def test_auth_basic_offers_basic_alone(self):
        with CimdoubleServer("--auth", "Basic", https=False) as server:
            anonymous = requests.post(server.http_url, data=IDENTIFY, timeout=30,
                                      headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
            self.assertEqual(anonymous.headers.get("WWW-Authenticate"), 'Basic realm="WSMAN"')
            with self.assertRaises(InvalidCredentialsError):
                winrm.protocol.Protocol(endpoint=server.http_url, transport="ntlm", username=server.user,
                                        password=server.password).send_message(IDENTIFY)
            parse(winrm.protocol.Protocol(endpoint=server.http_url, transport="basic", username=server.user,
                                          password=server.password).send_message(IDENTIFY))
        self.assertEqual(server.exit_code, 0)


if __name__ == "__main__":
    unittest.main()
