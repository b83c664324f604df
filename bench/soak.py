#!/usr/bin/env python3
"""Soak: N keep-alive connections mixing Get, Enumerate/Pull, WQL polls and Invoke against
the real binary for T minutes (loopback only; stops by itself), reporting errors, latency
percentiles and the server's RSS over time, and checking at the end that no enumeration
context and no file descriptor was leaked. Meanwhile an attacker (one more connection at a
time, the security issue's attacks over raw sockets: pipelined and smuggled framing, bad
lengths and codings, unknown methods, multipart without its boundary, overflowing durations
and clock moves, NUL-padded passwords, cross-site control calls, path probes, slow partial
requests) must get an answer or a close each time, and never disturb the clients.

    soak.py CIMDOUBLE [--connections 200] [--minutes 10] [--quick] [--no-attacks]

Passes when there were no unexpected errors, RSS grew by less than 5 % from the end of the
warm-up (the first quarter) to the end, no enumeration context is left open and the server
holds no more file descriptors than before the clients came. --quick (20 connections, 20 s)
is what the test suite runs."""
import argparse
import base64
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

WMI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/"
RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"
FAILED_EXPORT = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C03"
AUTH = "Basic " + base64.b64encode(b"soak:soak").decode()


def envelope(action, uri, body="", selectors=None):
    keys = "".join(f'<w:Selector Name="{k}">{v}</w:Selector>' for k, v in (selectors or {}).items())
    return (f'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            f'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration">'
            f'<s:Header><a:To>http://windows-host:5985/wsman</a:To><w:ResourceURI>{uri}</w:ResourceURI>'
            f'<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
            f'<a:Action>{action}</a:Action><w:MaxEnvelopeSize>153600</w:MaxEnvelopeSize>'
            f'<a:MessageID>uuid:6F5C4B3A-2918-4706-B5A4-938271605F4E</a:MessageID><w:OperationTimeout>PT60S</w:OperationTimeout>'
            + (f"<w:SelectorSet>{keys}</w:SelectorSet>" if keys else "") + f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


ENUMERATE = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/"
GET = envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB})
ENUMERATE_VMS = envelope(ENUMERATE + "Enumerate", WMI + "Msvm_ComputerSystem",
                         "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>4</w:MaxElements></n:Enumerate>")
WQL_POLL = envelope(ENUMERATE + "Enumerate", WMI + "Msvm_MigrationJob",
                    "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>50</w:MaxElements>"
                    '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">'
                    f"SELECT * FROM CIM_ConcreteJob WHERE InstanceID = '{RUNNING_JOB}'</w:Filter></n:Enumerate>")
INVOKE = envelope(WMI + "Msvm_CollectionReferencePointExportJob/GetErrorEx", WMI + "Msvm_CollectionReferencePointExportJob",
                  f'<p:GetErrorEx_INPUT xmlns:p="{WMI}Msvm_CollectionReferencePointExportJob"/>', {"InstanceID": FAILED_EXPORT})


def pull(context):
    return envelope(ENUMERATE + "Pull", WMI + "Msvm_ComputerSystem",
                    f"<n:Pull><n:EnumerationContext>{context}</n:EnumerationContext><n:MaxElements>4</n:MaxElements></n:Pull>")


def proc(pid, what):
    if what == "rss":
        with open(f"/proc/{pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
    return len(os.listdir(f"/proc/{pid}/fd"))


class Client(threading.Thread):
    def __init__(self, port, deadline, n):
        super().__init__(daemon=True)
        self.port, self.deadline, self.n = port, deadline, n
        self.latencies, self.errors, self.requests = [], [], 0

    def send(self, connection, body):
        started = time.monotonic()
        connection.request("POST", "/wsman", body=body.encode(),
                           headers={"Authorization": AUTH, "Content-Type": "application/soap+xml;charset=UTF-8"})
        response = connection.getresponse()
        data = response.read()
        self.latencies.append(time.monotonic() - started)
        self.requests += 1
        if response.status != 200:
            subcode = re.search(rb"<s:Subcode><s:Value>([^<]+)<", data)
            self.errors.append((response.status, subcode.group(1).decode() if subcode else data[:200]))
        return data

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        i = self.n
        try:
            while time.monotonic() < self.deadline:
                i += 1
                kind = i % 4
                if kind == 0:
                    self.send(connection, GET)
                elif kind == 1:
                    data = self.send(connection, ENUMERATE_VMS)
                    while b"EndOfSequence" not in data:
                        match = re.search(rb"EnumerationContext>([^<]+)<", data)
                        if not match:
                            break
                        data = self.send(connection, pull(match.group(1).decode()))
                elif kind == 2:
                    self.send(connection, WQL_POLL)
                else:
                    self.send(connection, INVOKE)
        except Exception as e:  # a dropped connection is an error of the run, not of the script
            self.errors.append(("exception", repr(e)))
        finally:
            connection.close()


IDENTIFY = (b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            b'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
            b'xmlns:i="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header>'
            b'<w:OperationTimeout>P100000000000D</w:OperationTimeout></s:Header><s:Body><i:Identify/></s:Body></s:Envelope>')
NUL_AUTH = "Basic " + base64.b64encode(b"soak:soak\0anything").decode()


def raw(body, head):
    return head.encode() + b"\r\n\r\n" + body


def attacks():
    get = GET.encode()
    post = f"POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH}\r\nContent-Type: application/soap+xml"
    return [
        ("pipelined", raw(get, f"{post}\r\nContent-Length: {len(get)}") * 2),
        ("CL and TE", raw(b"0\r\n\r\n", f"{post}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked")),
        ("two lengths", raw(get, f"{post}\r\nContent-Length: {len(get)}\r\nContent-Length: 1")),
        ("hex length", raw(get, f"{post}\r\nContent-Length: 0x10")),
        ("unknown coding", raw(b"x", f"{post}\r\nTransfer-Encoding: gzip, zstd")),
        ("unknown method", b"FROB /wsman HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("multipart", raw(b"--x--", f"{post.replace('application/soap+xml', 'multipart/encrypted')}\r\nContent-Length: 5")),
        ("junk", b"\x16\x03\x01\x02\x00" + b"A" * 2000 + b"\r\n\r\n"),
        ("overflowing duration", raw(IDENTIFY, f"POST /wsman HTTP/1.1\r\nHost: x\r\nWSMANIDENTIFY: unauthenticated\r\n"
                                              f"Content-Type: application/soap+xml\r\nContent-Length: {len(IDENTIFY)}")),
        ("NUL password", raw(get, f"{post.replace(AUTH, NUL_AUTH)}\r\nContent-Length: {len(get)}")),
        ("clock overflow", raw(b'{"advance": "P99999999D"}', f"POST /cimdouble/v1/clock HTTP/1.1\r\nHost: x\r\n"
                                                               f"Authorization: {AUTH}\r\nContent-Type: application/json\r\nContent-Length: 25")),
        ("cross-site form", raw(b"pause=true", f"POST /cimdouble/v1/clock HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
                                              f"Authorization: {AUTH}\r\nContent-Type: text/plain\r\nContent-Length: 10")),
        ("path probe", raw(b"", f"POST /cimdouble/v1/fixture?path=/etc/passwd HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH}\r\n"
                                f"Content-Type: application/json\r\nContent-Length: 0")),
        ("slow partial", f"{post}\r\nContent-Length: 100\r\n\r\n<s:Env".encode()),
    ]


class Attacker(threading.Thread):
    """One attack after another until the deadline; each must be answered or closed."""

    def __init__(self, port, deadline):
        super().__init__(daemon=True)
        self.port, self.deadline = port, deadline
        self.sent, self.unanswered = 0, []

    def run(self):
        import socket
        catalogue = attacks()
        i = 0
        while time.monotonic() < self.deadline:
            name, data = catalogue[i % len(catalogue)]
            i += 1
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                    sock.sendall(data)
                    if name == "slow partial":
                        time.sleep(0.5)  # then give up on it: the server's read timeout ends it
                        continue
                    sock.settimeout(40)
                    if not sock.recv(4096) and name not in ("junk",):
                        pass  # a close is an answer too
                self.sent += 1
            except (TimeoutError, socket.timeout):
                self.unanswered.append(name)
            except OSError:
                self.sent += 1  # reset by the server: refused, which is an answer
            time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cimdouble")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--quick", action="store_true", help="20 connections for 20 seconds")
    parser.add_argument("--no-attacks", action="store_true", help="well-behaved clients only")
    args = parser.parse_args()
    connections, seconds = (20, 20) if args.quick else (args.connections, args.minutes * 60)

    # All connections log in as one user, each with an enumeration open at times: the per-user
    # quota (WinRM's MaxConcurrentOperationsPerUser, 1500) and MaxConnections (300) are raised
    # so that w:QuotaLimit and 503 are not what is measured.
    server = subprocess.Popen([args.cimdouble, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--user", "soak:soak",
                               "--winrm", f"MaxConcurrentOperationsPerUser={max(1500, 4 * connections)}",
                               "--winrm", f"MaxConnections={max(300, 2 * connections)}"],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = None
        while port is None:
            line = server.stdout.readline()
            if not line:
                raise RuntimeError("cimdouble exited")
            match = re.match(r"cimdouble: listening on http://127.0.0.1:(\d+)/wsman", line)
            port = int(match.group(1)) if match else None
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        fds_before = proc(server.pid, "fds")
        started = time.monotonic()
        deadline = started + seconds
        clients = [Client(port, deadline, n) for n in range(connections)]
        for c in clients:
            c.start()
        attacker = None if args.no_attacks else Attacker(port, deadline)
        if attacker:
            attacker.start()
        samples = []
        while time.monotonic() < deadline:
            time.sleep(min(seconds / 20, 30))
            samples.append((time.monotonic() - started, proc(server.pid, "rss")))
            print(f"  t={samples[-1][0]:6.0f} s  RSS {samples[-1][1] / 1024:7.1f} MiB  "
                  f"requests {sum(c.requests for c in clients)}", flush=True)
        for c in clients:
            c.join(timeout=120)
        if attacker:
            attacker.join(timeout=120)
        time.sleep(0.5)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/cimdouble/v1/health", headers={"Authorization": AUTH})
        health = json.loads(connection.getresponse().read())
        connection.close()
        time.sleep(0.5)
        fds_after = proc(server.pid, "fds")

        latencies = sorted(l for c in clients for l in c.latencies)
        errors = [e for c in clients for e in c.errors]
        requests = len(latencies)
        warm = [rss for t, rss in samples if t >= seconds / 4] or [samples[-1][1]]
        growth = (samples[-1][1] - warm[0]) / warm[0] * 100
        q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
        print(f"{connections} connections, {seconds:.0f} s: {requests} requests ({requests / seconds:.0f}/s), "
              f"{len(errors)} errors; latency p50 {q(0.5):.2f} ms, p99 {q(0.99):.2f} ms, max {q(1.0):.1f} ms")
        print(f"RSS after warm-up {warm[0] / 1024:.1f} MiB, at the end {samples[-1][1] / 1024:.1f} MiB ({growth:+.1f} %); "
              f"enumeration contexts open {health['enumerationContexts']}; file descriptors {fds_before} before, {fds_after} after")
        if attacker:
            print(f"attacks: {attacker.sent} answered or closed, {len(attacker.unanswered)} unanswered {attacker.unanswered[:5]}")
        for e in errors[:5]:
            print("  error:", e)
        ok = (not attacker or not attacker.unanswered) and not errors and health["enumerationContexts"] == 0 and fds_after <= fds_before and (args.quick or growth < 5)
        print("soak: " + ("passed" if ok else "FAILED"))
        return 0 if ok else 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
