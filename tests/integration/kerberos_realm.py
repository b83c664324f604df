"""A throwaway Kerberos realm on loopback for a test: MIT's KDC (Debian krb5-kdc) with its
database, a keytab of HTTP/<host> service principals for the server, and a ticket cache of
a user for the client, all in a temporary directory; the KDC stops when the realm does.

    with KerberosRealm(services=["hv-node1"], users={"alice": "Pass-1"}) as realm:
        realm.env            # KRB5_CONFIG, KRB5CCNAME for clients and the server
        realm.keytab         # the services' keys
        realm.kinit("alice")
"""
import os
import socket
import subprocess
import tempfile
import time

REALM = "CIMDOUBLE.TEST"
KDC = "/usr/sbin/krb5kdc"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class KerberosRealm:
    def __init__(self, services, users, realm=REALM):
        self.realm, self.services, self.users = realm, services, users

    def _run(self, *argv, stdin=None):
        run = subprocess.run(list(argv), env=self.env, input=stdin, capture_output=True, text=True, timeout=60)
        if run.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed: {run.stdout}{run.stderr}")
        return run

    def __enter__(self):
        self.folder = tempfile.TemporaryDirectory()
        d = self.folder.name
        port = free_port()
        conf, kdc_conf = os.path.join(d, "krb5.conf"), os.path.join(d, "kdc.conf")
        with open(conf, "w") as f:
            # No DNS anywhere: the realm and its KDC are named here, and host names stay as given.
            f.write(f"[libdefaults]\n default_realm = {self.realm}\n dns_lookup_realm = false\n dns_lookup_kdc = false\n"
                    f" dns_canonicalize_hostname = false\n rdns = false\n udp_preference_limit = 1\n"
                    f" default_ccache_name = FILE:{d}/ccache\n"
                    f"[realms]\n {self.realm} = {{\n  kdc = 127.0.0.1:{port}\n }}\n")
        with open(kdc_conf, "w") as f:
            f.write(f"[kdcdefaults]\n kdc_listen = 127.0.0.1:{port}\n kdc_tcp_listen = 127.0.0.1:{port}\n"
                    f"[realms]\n {self.realm} = {{\n  database_name = {d}/principal\n  key_stash_file = {d}/stash\n"
                    f"  acl_file = {d}/kadm5.acl\n  kdc_listen = 127.0.0.1:{port}\n  kdc_tcp_listen = 127.0.0.1:{port}\n"
                    f"  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal\n }}\n"
                    f"[logging]\n kdc = FILE:{d}/kdc.log\n")
        open(os.path.join(d, "kadm5.acl"), "w").close()
        self.env = dict(os.environ, KRB5_CONFIG=conf, KRB5_KDC_PROFILE=kdc_conf, KRB5CCNAME=f"FILE:{d}/ccache")
        self.keytab = os.path.join(d, "http.keytab")
        self._run("/usr/sbin/kdb5_util", "create", "-s", "-r", self.realm, "-P", "throwaway-master-key")
        for user, password in self.users.items():
            self._run("/usr/sbin/kadmin.local", "-r", self.realm, "-q", f"addprinc -pw {password} {user}")
        for host in self.services:
            self._run("/usr/sbin/kadmin.local", "-r", self.realm, "-q", f"addprinc -randkey HTTP/{host}")
            self._run("/usr/sbin/kadmin.local", "-r", self.realm, "-q", f"ktadd -k {self.keytab} HTTP/{host}")
        self.kdc = subprocess.Popen([KDC, "-n", "-r", self.realm], env=self.env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.kdc.poll() is not None:
                    self.__exit__()
                    raise RuntimeError("the throwaway KDC did not start")
                time.sleep(0.1)
        return self

    def kinit(self, user):
        """A ticket-granting ticket for `user` in the realm's ticket cache."""
        self._run("/usr/bin/kinit", f"{user}@{self.realm}", stdin=self.users[user] + "\n")

    def __exit__(self, *exc):
        if getattr(self, "kdc", None) and self.kdc.poll() is None:
            self.kdc.terminate()
            try:
                self.kdc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kdc.kill()
                self.kdc.wait()
        self.folder.cleanup()
        return False
