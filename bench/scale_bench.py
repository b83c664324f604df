#!/usr/bin/env python3
"""How cimdouble scales and starts, measured on the real binary in one run (loopback only):

  - start-up: spawn to ready line, on the built-in default cluster (median of runs);
  - reset: the control plane's own figure for POST reset (median);
  - 100,000 live jobs: a fixture staging that many Msvm_MigrationJob instances (each with its
    two associations); the time to load it, the server's RSS, and a full Enumerate + Pull of
    every job (optimized, MaxElements 1000) in instances per second.

    scale_bench.py CIMDOUBLE [--jobs N] [--quick]

Targets (issue 7): start-up <= 200 ms, reset <= 20 ms, 100k jobs in <= 300 MB RSS and
enumerated at >= 50,000 instances/s."""
import argparse
import base64
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import json

WMI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/"
AUTH = "Basic " + base64.b64encode(b"bench:bench").decode()


def envelope(action, uri, body):
    return (f'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            f'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration">'
            f'<s:Header><a:To>http://windows-host:5985/wsman</a:To><w:ResourceURI>{uri}</w:ResourceURI>'
            f'<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
            f'<a:Action>{action}</a:Action><w:MaxEnvelopeSize>512000</w:MaxEnvelopeSize>'
            f'<a:MessageID>uuid:6F5C4B3A-2918-4706-B5A4-938271605F4E</a:MessageID><w:OperationTimeout>PT60S</w:OperationTimeout>'
            f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


def start(binary, *args):
    started = time.monotonic()
    process = subprocess.Popen([binary, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--user", "bench:bench", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = started + 600
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("cimdouble exited before it was ready")
        match = re.match(r"cimdouble: listening on http://127.0.0.1:(\d+)/wsman", line)
        if match:
            return process, int(match.group(1)), time.monotonic() - started
    raise RuntimeError("cimdouble did not get ready")


def stop(process):
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def post(connection, path, body, content_type="application/soap+xml;charset=UTF-8"):
    connection.request("POST", path, body=body.encode(), headers={"Authorization": AUTH, "Content-Type": content_type})
    response = connection.getresponse()
    return response.status, response.read()


def write_fixture(path, jobs):
    with open(path, "w") as f:
        f.write("namespaces: [root/HyperVCluster/v2]\nhosts: [{name: A}, {name: B}]\n")
        f.write("vms: [{name: v, host: A, id: 00000000-0000-4000-8000-000000000001}]\njobs:\n")
        for i in range(jobs):
            f.write(f"  - {{kind: migration, id: 10000000-0000-4000-8000-{i:012d}, vm: v, destination: B, percent: {i % 100}}}\n")


def enumerate_all(port, cls):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.monotonic()
    status, body = post(connection, "/wsman", envelope(
        "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", WMI + cls,
        "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>1000</w:MaxElements></n:Enumerate>"))
    count = 0
    while True:
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body[:300]}")
        count += body.count(b"<p:" + cls.encode() + b" ")
        if b"EndOfSequence" in body:
            break
        context = re.search(rb"EnumerationContext>([^<]+)<", body).group(1).decode()
        status, body = post(connection, "/wsman", envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", WMI + cls,
            f"<n:Pull><n:EnumerationContext>{context}</n:EnumerationContext><n:MaxElements>1000</n:MaxElements></n:Pull>"))
    return count, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cimdouble")
    parser.add_argument("--jobs", type=int, default=100000)
    parser.add_argument("--quick", action="store_true", help="1,000 jobs and fewer runs: checks the bench still works")
    args = parser.parse_args()
    jobs = 1000 if args.quick else args.jobs
    runs = 3 if args.quick else 9

    startups = []
    for _ in range(runs):
        process, port, seconds = start(args.cimdouble)
        startups.append(seconds)
        stop(process)
    print(f"start-up to ready line (default cluster): median {statistics.median(startups) * 1000:.0f} ms "
          f"(min {min(startups) * 1000:.0f}, max {max(startups) * 1000:.0f}; target <= 200 ms)")

    process, port, _ = start(args.cimdouble)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        resets = [json.loads(post(connection, "/cimdouble/v1/reset", "{}", "application/json")[1])["milliseconds"]
                  for _ in range(runs * 3)]
        print(f"reset (default cluster): median {statistics.median(resets):.2f} ms (max {max(resets):.2f}; target <= 20 ms)")
    finally:
        stop(process)

    folder = tempfile.mkdtemp(prefix="cimdouble-scale-")
    fixture = os.path.join(folder, "jobs.yaml")
    write_fixture(fixture, jobs)
    process, port, load_seconds = start(args.cimdouble, "--fixture", fixture)
    try:
        rss = rss_mib(process.pid)
        count, seconds = enumerate_all(port, "Msvm_MigrationJob")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        reset_ms = json.loads(post(connection, "/cimdouble/v1/reset", "{}", "application/json")[1])["milliseconds"]
        print(f"{jobs} staged jobs: loaded in {load_seconds:.1f} s, RSS {rss:.0f} MiB (target <= 300 MB), "
              f"Enumerate+Pull of {count} jobs in {seconds:.2f} s = {count / seconds:.0f} instances/s "
              f"(target >= 50,000), reset {reset_ms:.1f} ms")
        return 0 if count == jobs else 1
    finally:
        stop(process)
        os.unlink(fixture)
        os.rmdir(folder)


if __name__ == "__main__":
    sys.exit(main())
