"""Kerberos against the real binary: a throwaway realm on loopback (MIT's KDC, kerberos_realm.py)
issues the tickets, `serve --keytab` accepts them through GSSAPI. pywinrm's transport='kerberos'
(requests-kerberos) runs the clients' flow over HTTP and HTTPS; python-gssapi, MIT's own
initiator, seals messages as Windows does (Debian's pykerberos cannot), in the `Negotiate`
and the `Kerberos` schemes."""
import base64
import hashlib
import json
import ssl
import os
import subprocess
import tempfile
import unittest

import gssapi
import requests
import winrm
from gssapi.raw import IOV, IOVBufferType, unwrap_iov, wrap_iov
from winrm.exceptions import InvalidCredentialsError

from cimdouble_server import CimdoubleServer
from client_flow import IDENTIFY, hyperv_flow
from kerberos_realm import KerberosRealm
from wsman_messages import parse

SERVICE_HOST = "hv-node1"  # HTTP/hv-node1: the default node's service principal
PROTOCOL = "application/HTTP-Kerberos-session-encrypted"


def encrypted_body(protocol, signature, sealed, length):
    return (b"--Encrypted Boundary\r\n\tContent-Type: " + protocol.encode() + b"\r\n\tOriginalContent: "
            b"type=application/soap+xml;charset=UTF-8;Length=" + str(length).encode() + b"\r\n--Encrypted Boundary\r\n"
            b"\tContent-Type: application/octet-stream\r\n" + len(signature).to_bytes(4, "little") + signature + sealed +
            b"--Encrypted Boundary--\r\n")


class KerberosTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.realm = KerberosRealm([SERVICE_HOST], {"alice": "Alice-Pass1", "mallory": "Mallory-Pass1"}).__enter__()
        # The client side of the test (pywinrm, python-gssapi) and the server read the realm's krb5.conf.
        cls.saved = {k: os.environ.get(k) for k in ("KRB5_CONFIG", "KRB5CCNAME")}
        os.environ.update({k: cls.realm.env[k] for k in cls.saved})
        cls.realm.kinit("alice")
        cls.folder = tempfile.TemporaryDirectory()
        cls.cert, key = os.path.join(cls.folder.name, "cert.pem"), os.path.join(cls.folder.name, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cls.cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
        # alice is a configured account (her Kerberos principal logs in as it); mallory is only
        # in the realm.
        cls.server = CimdoubleServer("--user", "alice:Alice-Pass1", "--keytab", cls.realm.keytab,
                                     "--isolate-by-user", "--cert", cls.cert, "--key", key).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        for k, v in cls.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        cls.realm.__exit__()
        cls.folder.cleanup()
        assert cls.server.exit_code == 0, "cimdouble did not stop cleanly on SIGTERM"

    def protocol(self, url=None, encryption="auto"):
        return winrm.protocol.Protocol(endpoint=url or self.server.http_url, transport="kerberos",
                                       username="alice@CIMDOUBLE.TEST", kerberos_hostname_override=SERVICE_HOST,
                                       message_encryption=encryption, ca_trust_path=self.cert,
                                       read_timeout_sec=30, operation_timeout_sec=20)

    def journal(self, user="alice", password="Alice-Pass1"):
        url = self.server.http_url.replace("/wsman", "/cimdouble/v1/journal")
        return requests.get(url, auth=(user, password), timeout=10).json()["entries"]

    def test_the_challenge_offers_kerberos_between_negotiate_and_basic(self):
        answer = requests.post(self.server.http_url, data=b"", timeout=10)
        self.assertEqual(answer.status_code, 401)
        self.assertEqual(answer.raw.headers.getlist("WWW-Authenticate"), ["Negotiate", "Kerberos", 'Basic realm="WSMAN"'])

    def test_pywinrm_kerberos_over_http(self):
        protocol = self.protocol()
        hyperv_flow(self, protocol)
        entries = [e for e in self.journal() if e["action"] == "Invoke"]
        self.assertEqual({(e["user"], e["authentication"]) for e in entries}, {("alice", "Kerberos")})

    def test_pywinrm_kerberos_over_https(self):
        # requests-kerberos sends the channel binding of the certificate where it can; either way
        # the server takes it (WinRM's CbtHardeningLevel Relaxed).
        hyperv_flow(self, self.protocol(self.server.https_url))

    def context(self, channel_binding=None, mech=gssapi.MechType.kerberos):
        name = gssapi.Name(f"HTTP@{SERVICE_HOST}", gssapi.NameType.hostbased_service)
        flags = [gssapi.RequirementFlag.mutual_authentication, gssapi.RequirementFlag.integrity,
                 gssapi.RequirementFlag.confidentiality, gssapi.RequirementFlag.out_of_sequence_detection]
        bindings = gssapi.raw.ChannelBindings(application_data=channel_binding) if channel_binding else None
        return gssapi.SecurityContext(name=name, usage="initiate", mech=mech, flags=flags, channel_bindings=bindings)

    def test_spnego_as_windows_sends_it(self):
        # Windows' Negotiate: an SPNEGO token (RFC 4178) wrapping Kerberos, the answer's
        # negTokenResp completing it.
        context = self.context(mech=gssapi.OID.from_int_seq("1.3.6.1.5.5.2"))
        answer = requests.post(self.server.http_url, data=IDENTIFY, timeout=10, headers={
            "Authorization": "Negotiate " + base64.b64encode(context.step()).decode(),
            "Content-Type": "application/soap+xml;charset=UTF-8"})
        self.assertEqual(answer.status_code, 200)
        self.assertIn("ProductVendor", answer.text)
        context.step(base64.b64decode(answer.headers["WWW-Authenticate"].split(" ", 1)[1]))
        self.assertTrue(context.complete)

    def test_the_control_plane_takes_kerberos(self):
        from requests_kerberos import HTTPKerberosAuth, REQUIRED
        auth = HTTPKerberosAuth(mutual_authentication=REQUIRED, hostname_override=SERVICE_HOST, force_preemptive=True)
        answer = requests.get(self.server.http_url.replace("/wsman", "/cimdouble/v1/journal"), auth=auth, timeout=10)
        self.assertEqual(answer.status_code, 200)
        self.assertIn("entries", answer.json())

    def test_channel_bindings_over_https(self):
        # RFC 5929 tls-server-end-point: SHA-256 of the certificate (signed with sha256WithRSA).
        with open(self.cert) as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        right = b"tls-server-end-point:" + hashlib.sha256(der).digest()
        wrong = b"tls-server-end-point:" + hashlib.sha256(b"another certificate").digest()
        for binding, status in ((right, 200), (None, 200), (wrong, 401)):
            with self.subTest(binding=binding and binding[-4:].hex()):
                token = self.context(binding).step()
                answer = requests.post(self.server.https_url, data=b"", verify=self.cert, timeout=10,
                                       headers={"Authorization": "Kerberos " + base64.b64encode(token).decode()})
                self.assertEqual(answer.status_code, status)
        metrics = requests.get(self.server.http_url.replace("/wsman", "/cimdouble/v1/metrics"),
                               auth=(self.server.user, self.server.password), timeout=10).text
        self.assertIn('cimdouble_authentication_failures_total{scheme="Kerberos",reason="channel-binding"}', metrics)

    def sealed_exchange(self, scheme, protocol):
        """One message sealed with gss_wrap_iov as Windows' EncryptMessage lays it out, and its answer unsealed."""
        context = self.context()
        session = requests.Session()
        token = context.step()
        answer = session.post(self.server.http_url, data=b"", timeout=10,
                              headers={"Authorization": f"{scheme} {base64.b64encode(token).decode()}"})
        self.assertEqual(answer.status_code, 200, answer.text)
        mutual = answer.headers["WWW-Authenticate"]
        self.assertTrue(mutual.startswith(scheme + " "), mutual)
        context.step(base64.b64decode(mutual.split(" ", 1)[1]))
        self.assertTrue(context.complete)
        message = IOV(IOVBufferType.header, IDENTIFY.encode(), IOVBufferType.padding, std_layout=False)
        wrap_iov(context, message, confidential=True)
        body = encrypted_body(protocol, message[0].value, message[1].value + (message[2].value or b""), len(IDENTIFY))
        answer = session.post(self.server.http_url, data=body, timeout=10, headers={
            "Content-Type": f'multipart/encrypted;protocol="{protocol}";boundary="Encrypted Boundary"'})
        self.assertEqual(answer.status_code, 200)
        self.assertIn(f'protocol="{protocol}"', answer.headers["Content-Type"])
        parts = answer.content.split(b"--Encrypted Boundary\r\n")
        payload = parts[2].split(b"\r\n", 1)[1][:-len(b"--Encrypted Boundary--\r\n")]
        length = int.from_bytes(payload[:4], "little")
        reply = IOV((IOVBufferType.header, False, payload[4:4 + length]), payload[4 + length:], std_layout=False)
        unwrap_iov(context, reply)
        return reply[1].value.decode()

    def test_sealed_messages_in_both_schemes_and_protocols(self):
        for scheme, protocol in (("Kerberos", PROTOCOL), ("Negotiate", "application/HTTP-SPNEGO-session-encrypted")):
            with self.subTest(scheme=scheme):
                self.assertIn("ProductVendor", self.sealed_exchange(scheme, protocol))

    def test_a_principal_that_is_no_account_is_refused(self):
        self.realm.kinit("mallory")
        try:
            protocol = winrm.protocol.Protocol(endpoint=self.server.http_url, transport="kerberos",
                                               username="mallory@CIMDOUBLE.TEST", kerberos_hostname_override=SERVICE_HOST,
                                               read_timeout_sec=30, operation_timeout_sec=20)
            with self.assertRaises(InvalidCredentialsError):
                protocol.send_message(IDENTIFY)
        finally:
            self.realm.kinit("alice")
        # Refusals are the shared sandbox's: counted by reason, journaled with the principal.
        metrics = requests.get(self.server.http_url.replace("/wsman", "/cimdouble/v1/metrics"),
                               auth=(self.server.user, self.server.password), timeout=10).text
        self.assertIn('cimdouble_authentication_failures_total{scheme="Kerberos",reason="unknown-principal"}', metrics)
        parse(self.protocol().send_message(IDENTIFY))  # still serving

    def test_each_principal_has_its_sandbox_and_refusals_go_to_the_claimed_one(self):
        parse(self.protocol().send_message(IDENTIFY))
        self.assertTrue(any(e["authentication"] == "Kerberos" for e in self.journal()))
        self.assertFalse(any(e["user"] == "alice" for e in self.journal(self.server.user, self.server.password)))
        # A wrong password for alice is journaled in alice's sandbox, with the reason.
        self.assertEqual(requests.post(self.server.http_url, data=IDENTIFY, auth=("alice", "wrong"), timeout=10).status_code, 401)
        refused = [e for e in self.journal() if e["action"] == "(refused)"]
        self.assertTrue(any(e["authentication"] == "Basic" and e["fault"].startswith("bad-credentials") for e in refused),
                        json.dumps(refused))

    def test_a_garbage_token_in_the_kerberos_scheme_is_refused(self):
        answer = requests.post(self.server.http_url, data=b"", timeout=10,
                               headers={"Authorization": "Kerberos " + base64.b64encode(b"\x60\x10not a ticket").decode()})
        self.assertEqual(answer.status_code, 401)
        parse(self.protocol().send_message(IDENTIFY))


if __name__ == "__main__":
    unittest.main()
