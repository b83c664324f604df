#!/usr/bin/env python3
"""WS-Man throughput and latency of the real cimdouble binary, with wrk, next to a trivial
fixed-response server measured in the same run as the machine's ceiling. Figures are
reported as ratios to that ceiling: the machines are shared and noisy.

    wsman_bench.py CIMDOUBLE FIXED_RESPONSE_SERVER POLLER_BENCH [--seconds N] [--quick]

Operations: Identify, Get (one Msvm_MigrationJob), Enumerate (10 VMs by WQL, optimized) and
Invoke (RequestStateChange on a job), each on 1 and 64 keep-alive connections, with the
server's CPU time per request (from /proc) next to the ceiling's. Then 400 keep-alive
pollers, each sending a Get 10 times a second (poller_bench), against both servers. Loopback
only; every run is bounded by --seconds."""
import argparse
import base64
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

WMI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/"
JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"


def envelope(action, uri, body="", selectors=""):
    return (f'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            f'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration">'
            f'<s:Header><a:To>http://windows-host:5985/wsman</a:To><w:ResourceURI>{uri}</w:ResourceURI>'
            f'<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
            f'<a:Action>{action}</a:Action><w:MaxEnvelopeSize>153600</w:MaxEnvelopeSize>'
            f'<a:MessageID>uuid:6F5C4B3A-2918-4706-B5A4-938271605F4E</a:MessageID><w:OperationTimeout>PT20S</w:OperationTimeout>'
            f'{selectors}</s:Header><s:Body>{body}</s:Body></s:Envelope>')


JOB_SELECTOR = f'<w:SelectorSet><w:Selector Name="InstanceID">{JOB}</w:Selector></w:SelectorSet>'
OPERATIONS = {
    "Identify": '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:i="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header/><s:Body><i:Identify/></s:Body></s:Envelope>',
    "Get": envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", WMI + "Msvm_MigrationJob", "", JOB_SELECTOR),
    "Enumerate(10)": envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", WMI + "*",
                              '<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32000</w:MaxElements>'
                              '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">SELECT * FROM Msvm_ComputerSystem '
                              "WHERE Caption = 'Virtual Machine' AND ElementName &lt;&gt; 'jump-01' AND ElementName &lt;&gt; 'build-02'"
                              '</w:Filter></n:Enumerate>'),
    "Invoke": envelope(WMI + "Msvm_MigrationJob/RequestStateChange", WMI + "Msvm_MigrationJob",
                       f'<p:RequestStateChange_INPUT xmlns:p="{WMI}Msvm_MigrationJob"><p:RequestedState>4</p:RequestedState></p:RequestStateChange_INPUT>',
                       JOB_SELECTOR),
}


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url, body, connections, seconds, folder):
    script = os.path.join(folder, "request.lua")
    auth = base64.b64encode(b"bench:bench").decode()
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\n')
        f.write(f'wrk.headers["Content-Type"] = "application/soap+xml;charset=UTF-8"\n')
        f.write(f'wrk.headers["Authorization"] = "Basic {auth}"\n')
        f.write("wrk.body = [==[" + body + "]==]\n")
        f.write('function response(status, headers, body) if status ~= 200 then io.stderr:write("status " .. status .. "\\n") end end\n')
    threads = min(connections, 2)
    run = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", script, url],
                         capture_output=True, text=True, timeout=seconds + 60)
    out = run.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    latencies = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = len([l for l in run.stderr.splitlines() if l.startswith("status")]) + (1 if "Non-2xx" in out else 0)
    return rate, latencies.get("50", "?"), latencies.get("99", "?"), errors, total


def measured(pid, url, body, connections, seconds, folder):
    """wrk's figures plus the server's CPU microseconds per request."""
    before = cpu_seconds(pid)
    rate, p50, p99, errors, total = wrk(url, body, connections, seconds, folder)
    return rate, p50, p99, errors, (cpu_seconds(pid) - before) * 1e6 / max(total, 1)


def pollers(poller_bench, url, body_file, connections, seconds):
    run = subprocess.run([poller_bench, url.replace("/wsman", ""), "bench", "bench", body_file, "--connections",
                          str(connections), "--rate", "10", "--seconds", str(seconds)],
                         capture_output=True, text=True, timeout=seconds + 120)
    return run.stdout.strip() or run.stderr.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cimdouble")
    parser.add_argument("fixed_server")
    parser.add_argument("poller_bench")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="1 second per run: checks the bench still works")
    args = parser.parse_args()
    seconds = 1 if args.quick else args.seconds
    folder = tempfile.mkdtemp(prefix="cimdouble-bench-")
    port_file = os.path.join(folder, "port")
    fixed = subprocess.Popen([args.fixed_server, port_file])
    server = subprocess.Popen([args.cimdouble, "serve", "--http", "127.0.0.1:0", "--https", "", "--cimxml-http", "", "--cimxml-https", "", "--user", "bench:bench",
                               "--winrm", "MaxConnections=500"],
                              stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        url = None
        while url is None and time.monotonic() < deadline:
            match = re.match(r"cimdouble: listening on (http://\S+)", server.stdout.readline())
            url = match.group(1) if match else None
        while not os.path.exists(port_file) and time.monotonic() < deadline:
            time.sleep(0.05)
        with open(port_file) as f:
            fixed_url = f"http://127.0.0.1:{int(f.read())}/wsman"
        print(f"{'operation':<14} {'conns':>5} {'req/s':>9} {'p50':>9} {'p99':>9} {'vs ceiling':>10} {'CPU/req':>9} {'CPU vs ceiling':>14}")
        failures = 0
        for connections in (1, 64):
            ceiling, p50, p99, _, ceiling_cpu = measured(fixed.pid, fixed_url, OPERATIONS["Get"], connections, seconds, folder)
            print(f"{'ceiling':<14} {connections:>5} {ceiling:>9.0f} {p50:>9} {p99:>9} {1.0:>10.2f} {ceiling_cpu:>7.0f}us {1.0:>14.2f}")
            for name, body in OPERATIONS.items():
                rate, p50, p99, errors, cpu = measured(server.pid, url, body, connections, seconds, folder)
                failures += errors
                print(f"{name:<14} {connections:>5} {rate:>9.0f} {p50:>9} {p99:>9} {rate / ceiling:>10.2f} {cpu:>7.0f}us "
                      f"{cpu / ceiling_cpu:>14.2f}" + (f"  ({errors} non-200 answers)" if errors else ""))
        body_file = os.path.join(folder, "get.xml")
        with open(body_file, "w") as f:
            f.write(OPERATIONS["Get"])
        count = 20 if args.quick else 400
        print(f"\n{count} keep-alive pollers, 10 Gets/s each, {seconds} s:")
        print(f"  ceiling:   {pollers(args.poller_bench, fixed_url, body_file, count, seconds)}")
        result = pollers(args.poller_bench, url, body_file, count, seconds)
        print(f"  cimdouble: {result}")
        failures += 0 if " errors 0" in result else 1
        return 1 if failures else 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        fixed.kill()
        fixed.wait()


if __name__ == "__main__":
    sys.exit(main())
