"""Client certificate authentication over HTTPS against the real binary, as WinRM's certificate
mapping does it: pywinrm's transport='certificate' with certificates a throwaway CA issued,
mapped to fixture users by subject or by the UPN in the subjectAltName; certificates from
another CA, unmapped ones and none at all are refused, and the server keeps serving."""
import os
import subprocess
import tempfile
import unittest

import requests
import winrm
from winrm.exceptions import InvalidCredentialsError

from cimdouble_server import CimdoubleServer
from client_flow import IDENTIFY, hyperv_flow
from wsman_messages import parse

DEFAULT_FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "default.yaml")
MUTUAL = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


class CertificateAuthority:
    """A CA in `folder` (name.key, name.pem) that issues client certificates."""

    def __init__(self, folder, name):
        self.folder, self.name = folder, name
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{name}.key",
                "-out", f"{name}.pem", "-days", "2", "-subj", f"/CN={name}", cwd=folder)

    def issue(self, file, subject, upn=None):
        """A client certificate and its key: file.pem, file.key."""
        extensions = os.path.join(self.folder, f"{file}.ext")
        with open(extensions, "w") as f:
            f.write("extendedKeyUsage = clientAuth\n")
            if upn:
                f.write(f"subjectAltName = otherName:1.3.6.1.4.1.311.20.2.3;UTF8:{upn}\n")
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{file}.key",
                "-out", f"{file}.csr", "-subj", subject, cwd=self.folder)
        openssl("x509", "-req", "-in", f"{file}.csr", "-CA", f"{self.name}.pem", "-CAkey", f"{self.name}.key",
                "-CAcreateserial", "-out", f"{file}.pem", "-days", "1", "-extfile", extensions, cwd=self.folder)
        return os.path.join(self.folder, f"{file}.pem"), os.path.join(self.folder, f"{file}.key")


class ClientCertificateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        d = cls.folder.name
        ca, other = CertificateAuthority(d, "ci-ca"), CertificateAuthority(d, "other-ca")
        cls.by_subject = ca.issue("worker", "/O=CI/CN=ci-worker-1")
        cls.by_upn = ca.issue("upn", "/CN=someone", upn="builder@corp.test")
        cls.unmapped = ca.issue("unmapped", "/CN=nobody-knows-me")
        cls.forged = other.issue("forged", "/O=CI/CN=ci-worker-1")  # the right subject, the wrong issuer
        with open(DEFAULT_FIXTURE) as f:
            fixture = f.read()
        fixture += ("\nusers:\n"
                    "  - {name: worker-1, password: Worker-Pass1, certificate: {subject: 'CN=ci-worker-1,O=CI', issuer: ci-ca.pem}}\n"
                    "  - {name: builder, password: Builder-Pass1, certificate: {upn: builder@corp.test, issuer: ci-ca.pem}}\n")
        with open(os.path.join(d, "cluster.yaml"), "w") as f:
            f.write(fixture)
        # A server certificate pywinrm validates (REQUESTS_CA_BUNDLE in the environment would
        # override its server_cert_validation="ignore").
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
                "-out", "server.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", cwd=d)
        cls.server_cert = os.path.join(d, "server.pem")
        cls.server = CimdoubleServer("--fixture", os.path.join(d, "cluster.yaml"), "--isolate-by-user",
                                     "--cert", cls.server_cert, "--key", os.path.join(d, "server.key")).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.folder.cleanup()
        assert cls.server.exit_code == 0, "cimdouble did not stop cleanly on SIGTERM"

    def protocol(self, certificate):
        return winrm.protocol.Protocol(endpoint=self.server.https_url, transport="certificate", cert_pem=certificate[0],
                                       cert_key_pem=certificate[1], ca_trust_path=self.server_cert,
                                       read_timeout_sec=30, operation_timeout_sec=20)

    def journal(self, user, password):
        url = self.server.http_url.replace("/wsman", "/cimdouble/v1/journal")
        return requests.get(url, auth=(user, password), timeout=10).json()["entries"]

    def test_the_challenge_does_not_name_certificates(self):
        # WinRM's 401 lists Negotiate (and Basic) even with certificate mapping on: a client
        # asks for it with its Authorization header.
        self.assertEqual(requests.post(self.server.http_url, data=b"", timeout=10).status_code, 401)

    def test_a_certificate_mapped_by_subject_runs_the_flow_as_its_user(self):
        hyperv_flow(self, self.protocol(self.by_subject))
        entries = self.journal("worker-1", "Worker-Pass1")
        self.assertTrue(entries)
        self.assertEqual({(e["user"], e["authentication"]) for e in entries if e["action"] == "Invoke"},
                         {("worker-1", "Certificate")})

    def test_a_certificate_mapped_by_upn(self):
        parse(self.protocol(self.by_upn).send_message(IDENTIFY))
        self.assertTrue(any(e["authentication"] == "Certificate" for e in self.journal("builder", "Builder-Pass1")))

    def test_other_certificates_are_refused_and_the_server_keeps_serving(self):
        for name, certificate in (("unmapped", self.unmapped), ("another CA", self.forged)):
            with self.subTest(name), self.assertRaises(InvalidCredentialsError):
                self.protocol(certificate).send_message(IDENTIFY)
        # No certificate at all, and the profile over HTTP.
        self.assertEqual(requests.post(self.server.https_url, data=IDENTIFY, verify=self.server_cert, timeout=10,
                                       headers={"Authorization": MUTUAL}).status_code, 401)
        self.assertEqual(requests.post(self.server.http_url, data=IDENTIFY, timeout=10,
                                       headers={"Authorization": MUTUAL}).status_code, 401)
        metrics = requests.get(self.server.http_url.replace("/wsman", "/cimdouble/v1/metrics"),
                               auth=("worker-1", "Worker-Pass1"), timeout=10).text
        for reason in ("unmapped-certificate", "no-certificate"):
            self.assertIn(f'cimdouble_authentication_failures_total{{scheme="Certificate",reason="{reason}"}}', metrics)
        parse(self.protocol(self.by_subject).send_message(IDENTIFY))

    def test_the_control_plane_takes_certificates(self):
        answer = requests.get(self.server.https_url.replace("/wsman", "/cimdouble/v1/journal"), cert=self.by_subject,
                              verify=self.server_cert, headers={"Authorization": MUTUAL}, timeout=10)
        self.assertEqual(answer.status_code, 200)
        self.assertIn("entries", answer.json())

    def test_a_mapped_user_keeps_its_password_logins(self):
        protocol = winrm.protocol.Protocol(endpoint=self.server.http_url, transport="ntlm", username="worker-1",
                                           password="Worker-Pass1", read_timeout_sec=30, operation_timeout_sec=20)
        parse(protocol.send_message(IDENTIFY))


if __name__ == "__main__":
    unittest.main()
