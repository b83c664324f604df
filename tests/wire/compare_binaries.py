#!/usr/bin/env python3
"""Proves that a change kept behaviour: sends the same requests, in the same order, to two
cimdouble binaries and compares their answers byte for byte.

    python3 tests/wire/compare_binaries.py OLD_BINARY NEW_BINARY [--save DIR]

Both servers start with the same seed and a paused clock set to the same instant, load the
same fixture at that instant, and then see the same scripted session: Identify, Get,
Enumerate and Pull (plain, EPR, WQL, associations), Put, every provider method, job state
changes, clock moves, injected faults, and the control plane's JSON. What may honestly differ
is masked before comparing: response MessageIDs and enumeration contexts (random uuids,
numbered in order of appearance) and the control plane's uptime and timings. Exit 0 when every
answer matched; otherwise each difference is printed (and the answers kept with --save).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import base64

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from wsman_messages import ALL, DMTF, ENUMERATION, TRANSFER, WMI, envelope, enumerate_body, pull_body, wql_filter  # noqa: E402

VIRT = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"
FIXTURE = os.path.join(HERE, "..", "..", "fixtures", "default.yaml")
USER, PASSWORD = "wire", "compare"
READY = re.compile(r"^cimdouble: listening on http://([^/]+)/wsman$")
MIGRATION_SERVICE = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": "HV-NODE1",
                     "CreationClassName": "Msvm_VirtualSystemMigrationService", "Name": "migrationwmi"}
WEB_01 = "5E3A0000-1000-4000-8000-A00000000000"
DB_02 = "5E3A0007-1007-4007-8007-A00000000007"
RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"
FAILED_EXPORT = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C03"


class Server:
    def __init__(self, binary):
        # A binary with CIM-XML listeners (default 5988/5989) is told to open none.
        help_text = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True, timeout=30).stdout
        cimxml = ["--cimxml-http", "", "--cimxml-https", ""] if "--cimxml-http" in help_text else []
        self.process = subprocess.Popen([binary, "serve", "--http", "127.0.0.1:0", "--https", "", "--seed", "7",
                                         "--user", f"{USER}:{PASSWORD}", "--fixture", FIXTURE, *cimxml],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while True:
            if time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError(binary + " did not get ready")
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(binary + " exited before its ready line")
            match = READY.match(line.strip())
            if match:
                self.base = "http://" + match.group(1)
                break
        self.auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def post(self, path, body, content_type="application/soap+xml;charset=UTF-8"):
        request = urllib.request.Request(self.base + path, data=body.encode(), method="POST",
                                         headers={"Content-Type": content_type, "Authorization": self.auth})
        return self._send(request)

    def get(self, path):
        return self._send(urllib.request.Request(self.base + path, headers={"Authorization": self.auth}))

    @staticmethod
    def _send(request):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except (ConnectionError, urllib.error.URLError) as e:
            return 0, type(e).__name__

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def invoke_body(uri, method, inner=""):
    return f'<p:{method}_INPUT xmlns:p="{uri}">{inner}</p:{method}_INPUT>'


def epr(uri, selectors):
    sel = "".join(f'<w:Selector Name="{k}">{v}</w:Selector>' for k, v in selectors.items())
    return ("<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
            f"<a:ReferenceParameters><w:ResourceURI>{uri}</w:ResourceURI><w:SelectorSet>{sel}</w:SelectorSet>"
            "</a:ReferenceParameters>")


def settings(cls, props):
    inner = "".join(f'&lt;PROPERTY NAME="{k}" TYPE="{t}"&gt;&lt;VALUE&gt;{v}&lt;/VALUE&gt;&lt;/PROPERTY&gt;'
                    for k, t, v in props)
    return f'&lt;INSTANCE CLASSNAME="{cls}"&gt;{inner}&lt;/INSTANCE&gt;'


def session():
    """The scripted session: (label, kind, arguments). Message IDs are fixed so answers match."""
    steps = []
    counter = [0]

    def ws(label, action, uri, body="", selectors=None, headers=""):
        counter[0] += 1
        mid = f"uuid:00000000-0000-4000-8000-{counter[0]:012d}"
        steps.append((label, "wsman", envelope(action, uri, body, selectors, headers, message_id=mid)))

    def control(label, method, path, body=None):
        steps.append((label, "control", (method, path, body)))

    control("pause clock", "POST", "clock", {"pause": True, "set": "2030-01-01T00:00:00Z"})
    steps.append(("stage the fixture at the paused instant", "fixture", None))
    steps.append(("identify", "raw", ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                                       'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
                                       '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>')))
    classes = ["Msvm_ComputerSystem", "Msvm_MigrationJob", "Msvm_CollectionReferencePointExportJob", "Msvm_ConcreteJob",
               "CIM_ConcreteJob", "Msvm_VirtualSystemMigrationService", "Msvm_VirtualSystemCollection",
               "Msvm_ReferencePointCollection", "Msvm_CollectionReferencePointService", "Msvm_AffectedJobElement",
               "Msvm_OwningJobElement", "Msvm_ComponentCS", "Msvm_CollectedVirtualSystems", "Msvm_CollectedCollections",
               "Msvm_Error"]
    for base in (WMI, VIRT):
        for cls in classes:
            ws(f"enumerate {cls} {base[-20:]}", ENUMERATION + "Enumerate", base + cls, enumerate_body())
            ws(f"enumerate EPR {cls}", ENUMERATION + "Enumerate", base + cls, enumerate_body(mode="EnumerateObjectAndEPR"))
    ws("enumerate unoptimized", ENUMERATION + "Enumerate", WMI + "Msvm_ComputerSystem", enumerate_body(optimize=False))
    steps.append(("pull the context", "pull", WMI + "Msvm_ComputerSystem"))
    steps.append(("pull again", "pull", WMI + "Msvm_ComputerSystem"))
    ws("enumerate 3", ENUMERATION + "Enumerate", WMI + "Msvm_ComputerSystem", enumerate_body(max_elements=3))
    steps.append(("pull 3", "pull", WMI + "Msvm_ComputerSystem"))
    queries = [
        "SELECT * FROM CIM_ConcreteJob", "SELECT * FROM CIM_ConcreteJob WHERE JobState = 4",
        "SELECT InstanceID, JobState FROM Msvm_MigrationJob WHERE PercentComplete > 10",
        "SELECT * FROM Msvm_ComputerSystem WHERE ElementName LIKE 'web%'",
        "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Hosting Computer System'",
        f"ASSOCIATORS OF {{Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='{WEB_01}'}}",
        f"ASSOCIATORS OF {{Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='{WEB_01}'}} "
        "WHERE AssocClass = Msvm_AffectedJobElement",
        f"REFERENCES OF {{Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='{WEB_01}'}}",
        f"ASSOCIATORS OF {{Msvm_MigrationJob.InstanceID='{RUNNING_JOB}'}} WHERE ResultClass = Msvm_ComputerSystem",
        "SELECT * FROM Msvm_Nothing", "SELECT FROM", "SELECT * FROM CIM_ConcreteJob WHERE JobState = 'x'",
    ]
    for q in queries:
        ws("wql " + q[:40], ENUMERATION + "Enumerate", WMI + "*", enumerate_body(wql_filter(q)))
        ws("wql virt " + q[:40], ENUMERATION + "Enumerate", VIRT + "*", enumerate_body(wql_filter(q)))
    ws("get running job", TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB})
    ws("get failed export", TRANSFER + "Get", DMTF + "CIM_ConcreteJob",
       selectors={"__cimnamespace": "root/virtualization/v2", "InstanceID": FAILED_EXPORT})
    ws("get vm", TRANSFER + "Get", WMI + "Msvm_ComputerSystem",
       selectors={"CreationClassName": "Msvm_ComputerSystem", "Name": WEB_01})
    ws("get missing", TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": "Microsoft:NOPE"})
    ws("get bad class", TRANSFER + "Get", WMI + "Msvm_Nothing", selectors={"InstanceID": "x"})
    ws("get all uri", TRANSFER + "Get", ALL, selectors={"InstanceID": RUNNING_JOB})
    ws("get error on export", WMI + "Msvm_CollectionReferencePointExportJob/GetErrorEx",
       WMI + "Msvm_CollectionReferencePointExportJob", "", {"InstanceID": FAILED_EXPORT})
    ws("get error (old)", WMI + "Msvm_CollectionReferencePointExportJob/GetError",
       WMI + "Msvm_CollectionReferencePointExportJob", "", {"InstanceID": FAILED_EXPORT})
    job = WMI + "Msvm_MigrationJob"
    for state in (3, 3, 2, 6, 99):
        ws(f"request state {state}", job + "/RequestStateChange", job,
           invoke_body(job, "RequestStateChange", f"<p:RequestedState>{state}</p:RequestedState>"),
           {"InstanceID": RUNNING_JOB})
    ws("put priority", TRANSFER + "Put", job,
       f'<p:Msvm_MigrationJob xmlns:p="{job}"><p:Priority>3</p:Priority></p:Msvm_MigrationJob>',
       {"InstanceID": RUNNING_JOB})
    svc = VIRT + "Msvm_VirtualSystemMigrationService"
    vm_uri = VIRT + "Msvm_ComputerSystem"

    def migrate(label, guid, dest, mtype, method="MigrateVirtualSystemToHost"):
        inner = (f"<p:ComputerSystem>{epr(vm_uri, {'CreationClassName': 'Msvm_ComputerSystem', 'Name': guid})}"
                 f"</p:ComputerSystem><p:DestinationHost>{dest}</p:DestinationHost>"
                 f"<p:MigrationSettingData>{settings('Msvm_VirtualSystemMigrationSettingData', [('MigrationType', 'uint16', mtype)])}"
                 "</p:MigrationSettingData>")
        ws(label, f"{svc}/{method}", svc, invoke_body(svc, method, inner), MIGRATION_SERVICE)

    migrate("check migratable", WEB_01, "HV-NODE3", 32768, "CheckVirtualSystemIsMigratableToHost")
    migrate("migrate web-01", WEB_01, "HV-NODE3", 32768)
    migrate("migrate web-01 again (busy)", WEB_01, "HV-NODE2", 32768)
    migrate("migrate db-02 storage", DB_02, "", 32769)
    migrate("migrate unknown host", "5E3A0003-1003-4003-8003-A00000000003", "NOPE", 32768)
    migrate("migrate staged type", "5E3A0003-1003-4003-8003-A00000000003", "HV-NODE2", 32770)
    migrate("migrate app-01 full", "5E3A0003-1003-4003-8003-A00000000003", "HV-NODE2", 32771)
    rps = VIRT + "Msvm_CollectionReferencePointService"
    rp_uri = VIRT + "Msvm_ReferencePointCollection"
    ws("enumerate reference points", ENUMERATION + "Enumerate", rp_uri, enumerate_body(mode="EnumerateObjectAndEPR"))
    steps.append(("export first reference point", "export", (rps, rp_uri)))
    steps.append(("create reference point", "create-rp", rps))
    steps.append(("destroy first reference point", "destroy-rp", (rps, rp_uri)))
    for advance in ("PT1S", "PT10S", "PT30S", "PT2M", "PT10M"):
        control("advance " + advance, "POST", "clock", {"advance": advance})
        ws("jobs after " + advance, ENUMERATION + "Enumerate", WMI + "*",
           enumerate_body(wql_filter("SELECT * FROM CIM_ConcreteJob")))
        ws("virt jobs after " + advance, ENUMERATION + "Enumerate", VIRT + "*",
           enumerate_body(wql_filter("SELECT * FROM CIM_ConcreteJob")))
        ws("hosts after " + advance, ENUMERATION + "Enumerate", VIRT + "*",
           enumerate_body(wql_filter("SELECT * FROM Msvm_ComponentCS")))
        control("control jobs " + advance, "GET", "jobs")
    control("fault rule", "POST", "faults", {"action": "Get", "fault": "w:TimedOut", "oneShot": True})
    ws("faulted get", TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB})
    control("status rule", "POST", "faults", {"action": "Enumerate", "status": 503, "oneShot": True})
    ws("faulted enumerate", ENUMERATION + "Enumerate", WMI + "Msvm_ComputerSystem", enumerate_body())
    control("faults", "GET", "faults")
    control("journal", "GET", "journal?action=Invoke")
    control("verify", "POST", "journal/verify", {"action": "Invoke", "parameters": {"DestinationHost": "HV-NODE3"}})
    control("verify miss", "POST", "journal/verify", {"action": "Invoke", "parameters": {"DestinationHost": "HV-NODE9"}})
    control("fixture", "GET", "fixture")
    control("reset", "POST", "reset")
    control("jobs after reset", "GET", "jobs")
    ws("jobs after reset", ENUMERATION + "Enumerate", WMI + "*", enumerate_body(wql_filter("SELECT * FROM CIM_ConcreteJob")))
    control("health", "GET", "health")
    control("bad control", "GET", "nothing")
    control("bad clock", "POST", "clock", {"advance": "soon"})
    ws("bad action", "http://example.com/Frobnicate", WMI + "Msvm_MigrationJob", "", {"InstanceID": RUNNING_JOB})
    return steps


MASKS = [
    (re.compile(r'"uptimeSeconds": [0-9.e+-]+'), '"uptimeSeconds": X'),
    (re.compile(r'"milliseconds": [0-9.e+-]+'), '"milliseconds": X'),
]
UUID = re.compile(r"uuid:[0-9A-Fa-f-]{36}")


def masked(text, names):
    for pattern, repl in MASKS:
        text = pattern.sub(repl, text)

    def number(match):
        value = match.group(0).upper()
        if value.startswith("UUID:00000000-0000-4000-8000-"):
            return match.group(0)  # our own fixed message IDs (RelatesTo)
        return "uuid:#%d" % names.setdefault(value, len(names) + 1)

    return UUID.sub(number, text)


def first(pattern, text):
    match = re.search(pattern, text, re.S)
    return match.group(1) if match else ""


def run(binary):
    server = Server(binary)
    answers = []
    names = {}
    context = ""
    last_rp_listing = ""
    try:
        for label, kind, arg in session():
            if kind == "wsman":
                status, body = server.post("/wsman", arg)
                context = first(r"<n:EnumerationContext>([^<]*)</n:EnumerationContext>", body) or context
                if "Msvm_ReferencePointCollection" in arg and "EnumerateObjectAndEPR" in arg:
                    last_rp_listing = body
            elif kind == "raw":
                status, body = server.post("/wsman", arg)
            elif kind == "pull":
                mid = "uuid:00000000-0000-4000-8000-9%011d" % len(answers)
                status, body = server.post("/wsman", envelope(ENUMERATION + "Pull", arg, pull_body(context, 2),
                                                              message_id=mid))
                context = first(r"<n:EnumerationContext>([^<]*)</n:EnumerationContext>", body) or context
            elif kind == "fixture":
                status, body = server.post("/cimdouble/v1/fixture?mode=replace", open(FIXTURE).read(),
                                           "application/yaml")
            elif kind in ("export", "create-rp", "destroy-rp"):
                rps = arg[0] if isinstance(arg, tuple) else arg
                rp_id = first(r'<w:Selector Name="CollectionID">([^<]*)</w:Selector>', last_rp_listing)
                rp_ref = epr(VIRT + "Msvm_ReferencePointCollection", {"CollectionID": rp_id})
                sel = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": "HV-NODE1",
                       "CreationClassName": "Msvm_CollectionReferencePointService",
                       "Name": "Microsoft:CollectionReferencePointService"}
                svc_listing = server.post("/wsman", envelope(ENUMERATION + "Enumerate",
                                                             VIRT + "Msvm_CollectionReferencePointService",
                                                             enumerate_body(mode="EnumerateObjectAndEPR"),
                                                             message_id="uuid:00000000-0000-4000-8000-800000000000"))[1]
                for name in ("SystemCreationClassName", "SystemName", "CreationClassName", "Name"):
                    sel[name] = first(rf'<w:Selector Name="{name}">([^<]*)</w:Selector>', svc_listing) or sel[name]
                mid = "uuid:00000000-0000-4000-8000-7%011d" % len(answers)
                if kind == "export":
                    inner = (f"<p:ReferencePointCollection>{rp_ref}</p:ReferencePointCollection>"
                             "<p:ExportDirectory>E:\\Exports</p:ExportDirectory>")
                    method = "ExportReferencePoint"
                elif kind == "create-rp":
                    coll = epr(VIRT + "Msvm_VirtualSystemCollection",
                               {"CollectionID": first(r'<w:Selector Name="CollectionID">([^<]*)</w:Selector>',
                                                      server.post("/wsman", envelope(
                                                          ENUMERATION + "Enumerate", VIRT + "Msvm_VirtualSystemCollection",
                                                          enumerate_body(mode="EnumerateObjectAndEPR"),
                                                          message_id="uuid:00000000-0000-4000-8000-600000000000"))[1])})
                    inner = f"<p:Collection>{coll}</p:Collection><p:ReferencePointType>1</p:ReferencePointType>"
                    method = "CreateReferencePoint"
                else:
                    inner = f"<p:AffectedReferencePointCollection>{rp_ref}</p:AffectedReferencePointCollection>"
                    method = "DestroyReferencePoint"
                status, body = server.post("/wsman", envelope(f"{rps}/{method}", rps, invoke_body(rps, method, inner),
                                                              sel, message_id=mid))
            else:
                method, path, payload = arg
                if method == "GET":
                    status, body = server.get("/cimdouble/v1/" + path)
                else:
                    status, body = server.post("/cimdouble/v1/" + path, json.dumps(payload) if payload is not None else "",
                                               "application/json")
            answers.append((label, status, masked(body, names)))
    finally:
        server.stop()
    return answers


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--save", help="write both sides' answers here")
    args = parser.parse_args()
    old, new = run(args.old), run(args.new)
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        for side, answers in (("old", old), ("new", new)):
            with open(os.path.join(args.save, side + ".txt"), "w") as f:
                for label, status, body in answers:
                    f.write(f"### {label} -> {status}\n{body}\n")
    differ = 0
    for (label, s1, b1), (_, s2, b2) in zip(old, new):
        if (s1, b1) != (s2, b2):
            differ += 1
            print(f"DIFFERS: {label}: HTTP {s1} vs {s2}")
            for i, (x, y) in enumerate(zip(b1, b2)):
                if x != y:
                    print("  old: ..." + b1[max(0, i - 120):i + 200])
                    print("  new: ..." + b2[max(0, i - 120):i + 200])
                    break
            else:
                print(f"  lengths {len(b1)} vs {len(b2)}")
    print(f"{len(old)} answers compared, {len(old) - differ} identical, {differ} differ")
    return 1 if differ or len(old) != len(new) else 0


if __name__ == "__main__":
    sys.exit(main())
