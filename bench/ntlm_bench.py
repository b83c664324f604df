#!/usr/bin/env python3
"""Negotiate (NTLM) next to Basic, on the real binary, in one run: the server's CPU time per
new connection's handshake, and per Get on an authenticated keep-alive connection with Basic,
with NTLM and plain bodies, and with NTLM and sealed bodies (MS-WSMV 2.2.9.1). The client is
pywinrm (requests-ntlm, python3-ntlm-auth); what is reported is the server's own CPU (from
/proc), as ratios to Basic's: the machines are shared and noisy.

    OPENSSL_CONF=tests/integration/openssl-legacy.cnf ntlm_bench.py CIMDOUBLE [--requests N] [--quick]

Loopback only; bounded by --requests."""
import argparse
import os
import re
import signal
import subprocess
import sys
import time

import requests
import winrm
from requests_ntlm import HttpNtlmAuth

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from wsman_bench import cpu_seconds  # noqa: E402
from wsman_messages import TRANSFER, WMI, envelope  # noqa: E402

GET = envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"})


def measure(pid, count, step):
    before = cpu_seconds(pid)
    for _ in range(count):
        step()
    return (cpu_seconds(pid) - before) / count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cimdouble")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="a smoke run: few requests")
    args = parser.parse_args()
    count = 50 if args.quick else args.requests
    env = {k: v for k, v in os.environ.items() if k != "OPENSSL_CONF"}
    server = subprocess.Popen([args.cimdouble, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--user", "bench:Bench-pass1"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        url = None
        deadline = time.monotonic() + 20
        while url is None and time.monotonic() < deadline:
            match = re.search(r"listening on (http://\S+)", server.stdout.readline())
            url = match.group(1) if match else None
        if url is None:
            raise RuntimeError("cimdouble did not get ready")
        user, password = "bench", "Bench-pass1"

        def protocol(transport, encryption="never"):
            return winrm.protocol.Protocol(endpoint=url, transport=transport, username=user, password=password,
                                           message_encryption=encryption)

        handshakes = count // 5 or 1
        results = {
            "Basic: new connection": measure(server.pid, handshakes, lambda: requests.post(
                url, data=b"", auth=(user, password), timeout=30).raise_for_status()),
            "NTLM: new connection (handshake)": measure(server.pid, handshakes, lambda: requests.post(
                url, data=b"", auth=HttpNtlmAuth(user, password), timeout=30).raise_for_status()),
        }
        for name, p in (("Basic: Get", protocol("basic")), ("NTLM: Get, plain", protocol("ntlm")),
                        ("NTLM: Get, sealed", protocol("ntlm", "always"))):
            p.send_message(GET)  # the handshake, outside the measurement
            results[name] = measure(server.pid, count, lambda p=p: p.send_message(GET))
        basic_connection, basic_get = results["Basic: new connection"], results["Basic: Get"]
        print(f"{'measure':36} {'server CPU':>12} {'× Basic':>8}")
        for name, seconds in results.items():
            base = basic_connection if "connection" in name else basic_get
            ratio = seconds / base if base else float("nan")
            print(f"{name:36} {seconds * 1e6:9.0f} µs {ratio:8.2f}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
