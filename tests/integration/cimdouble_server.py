"""Starts the real cimdouble binary on ephemeral loopback ports for a test, and stops it.

    with CimdoubleServer() as server:
        server.http_url, server.https_url, server.user, server.password
        server.cimxml_http_url, server.cimxml_https_url   # CIM-XML's /cimom listeners

The binary comes from $CIMDOUBLE_BINARY (set by ctest). The server's ready lines are the
contract: "cimdouble: listening on http://HOST:PORT/wsman". Everything is bounded in time.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

READY = re.compile(r"^cimdouble: listening on (https?)://([^/]+)(/[^/]+)$")


class CimdoubleServer:
    def __init__(self, *args, user="test", password="s3cret!", https=True, timeout=20, ready_path="/wsman"):
        self.binary = os.environ.get("CIMDOUBLE_BINARY", "cimdouble")
        self.user, self.password = user, password
        self.args = ["serve", "--http", "127.0.0.1:0", "--user", f"{user}:{password}"]
        self.args += ["--https", "127.0.0.1:0"] if https else ["--https", ""]
        # CIM-XML's listeners (default 5988/5989) on ephemeral ports too, or none.
        self.args += ["--cimxml-http", "127.0.0.1:0", "--cimxml-https", "127.0.0.1:0" if https else ""]
        self.args += list(args)
        self.timeout = timeout
        self.ready_path = ready_path  # the WS-Man path the ready lines name (serve --url-prefix)
        self.http_url = self.https_url = self.cimxml_http_url = self.cimxml_https_url = None
        self.output = []

    def __enter__(self):
        # The clients' OpenSSL settings (openssl-legacy.cnf) are theirs, not the server's.
        env = {k: v for k, v in os.environ.items() if k != "OPENSSL_CONF"}
        self.process = subprocess.Popen([self.binary] + self.args, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=env)
        def given(option):  # the last value given for `option`, as the command line takes it
            values = [self.args[i + 1] for i, a in enumerate(self.args[:-1]) if a == option]
            return values[-1] if values else ""
        wanted = sum(1 for option in ("--http", "--https", "--cimxml-http", "--cimxml-https") if given(option))
        deadline = time.monotonic() + self.timeout
        found = 0
        while found < wanted:
            if time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError("cimdouble did not get ready: " + "".join(self.output))
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("cimdouble exited: " + "".join(self.output))
            self.output.append(line)
            match = READY.match(line.strip())
            if match and match.group(3) in (self.ready_path, "/cimom"):
                found += 1
                url = f"{match.group(1)}://{match.group(2)}{match.group(3)}"
                cimxml = match.group(3) == "/cimom"
                if match.group(1) == "http":
                    if cimxml:
                        self.cimxml_http_url = url
                    else:
                        self.http_url = url
                elif cimxml:
                    self.cimxml_https_url = url
                else:
                    self.https_url = url
        # Keep draining stdout so the server never blocks on a full pipe.
        threading.Thread(target=lambda: [self.output.append(l) for l in self.process.stdout], daemon=True).start()
        return self

    def __exit__(self, *exc):
        died_early = self.process.poll() is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.exit_code = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # Where it hangs is what the report needs: every thread's stack, if gdb is there.
            stacks = subprocess.run(["gdb", "-p", str(self.process.pid), "-batch", "-ex", "thread apply all bt 15"],
                                    capture_output=True, text=True, timeout=60).stdout if shutil.which("gdb") else ""
            sys.stderr.write("cimdouble did not stop on SIGTERM; its threads:\n" + stacks)
            self.process.kill()
            self.exit_code = self.process.wait()
            raise RuntimeError("cimdouble did not stop on SIGTERM")
        if died_early or self.exit_code != 0:
            # A crash (or a sanitizer report) must be seen, not swallowed with the pipe.
            sys.stderr.write(f"cimdouble exited with {self.exit_code}; its output:\n" + "".join(self.output))
        return False
