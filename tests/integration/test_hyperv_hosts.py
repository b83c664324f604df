"""Hyper-V hosts as a cluster's tooling meets them, through pywinrm (Debian's python3-winrm)
unchanged: each node reached by its own name (a hosts-file entry, simulated in this process
by resolving hv-node1..3 to 127.0.0.1, so the Host header names the node), the node's own
view of root/virtualization/v2 and root/cimv2, the cluster view, a migration that moves a VM
between views, and VM state changes through Msvm_ConcreteJob polled as tools poll them."""
import re
import socket
import time
import unittest
import xml.etree.ElementTree as ET

import requests
import winrm

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, TRANSFER, envelope, enumerate_body, fault_of, parse, wql_filter

VIRT = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"
CIMV2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/"
CLUSTER = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/"
INTEROP = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/interop/"
SVP = "CIM:DSP1042-SystemVirtualization-1.0.0"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
APP_01 = "5E3A0003-1003-4003-8003-A00000000003"
BUILD_02 = "5E3A000A-100A-400A-800A-A0000000000A"  # Off, on HV-NODE2
NODE_VMS = {"HV-NODE1": {"web-01", "app-01", "db-01", "build-01"},
            "HV-NODE2": {"web-02", "app-02", "db-02", "build-02"},
            "HV-NODE3": {"web-03", "app-03", "cache-01", "jump-01"}}

_real_getaddrinfo = socket.getaddrinfo


def _hosts_file(host, *args, **kwargs):
    if isinstance(host, str) and host.lower().startswith("hv-node"):
        host = "127.0.0.1"
    return _real_getaddrinfo(host, *args, **kwargs)


def items(root):
    found = root.find(".//w:Items", NS)
    return [] if found is None else list(found)


def value(item, name):
    for child in item:
        if child.tag.split("}")[1] == name:
            return None if child.get(XSI_NIL) == "true" else child.text
    raise KeyError(name)


class HyperVHostsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        socket.getaddrinfo = _hosts_file
        cls.server = CimdoubleServer(https=False).__enter__()
        cls.port = cls.server.http_url.split(":")[2].split("/")[0]
        cls.base = cls.server.http_url.replace("/wsman", "/cimdouble/v1/")
        cls.auth = (cls.server.user, cls.server.password)
        requests.post(cls.base + "clock", json={"pause": True}, auth=cls.auth, timeout=30).raise_for_status()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        socket.getaddrinfo = _real_getaddrinfo
        assert cls.server.exit_code == 0, "cimdouble did not stop cleanly on SIGTERM"

    def node(self, name):
        return winrm.protocol.Protocol(endpoint=f"http://{name.lower()}:{self.port}/wsman", transport="basic",
                                       username=self.server.user, password=self.server.password,
                                       read_timeout_sec=30, operation_timeout_sec=20)

    def query(self, node, resource, wql):
        root = parse(self.node(node).send_message(envelope(ENUMERATION + "Enumerate", resource,
                                                           enumerate_body(wql_filter(wql)))))
        found = items(root)
        self.assertIsNotNone(root.find(".//w:EndOfSequence", NS), "one batch holds the answer")
        return found

    def advance(self, seconds):
        requests.post(self.base + "clock", json={"advance": f"PT{seconds}S"}, auth=self.auth, timeout=30).raise_for_status()

    def test_each_node_lists_its_own_vms(self):
        for node, vms in NODE_VMS.items():
            with self.subTest(node=node):
                found = self.query(node, VIRT + "Msvm_ComputerSystem", "SELECT * FROM Msvm_ComputerSystem WHERE Name != __SERVER")
                self.assertEqual({value(i, "ElementName") for i in found} - {"app-01"}, vms - {"app-01"})
                hosts = self.query(node, VIRT + "Msvm_ComputerSystem", "SELECT * FROM Msvm_ComputerSystem WHERE Name = __SERVER")
                self.assertEqual([value(h, "Name") for h in hosts], [node])
                # Every documented property is there, NULL where the double has none.
                self.assertIsNone(value(hosts[0], "InstanceID"))
        # The cluster view is the same from every node.
        views = [{value(i, "Name") for i in self.query(n, CLUSTER + "Msvm_ComputerSystem", "SELECT * FROM Msvm_ComputerSystem")}
                 for n in NODE_VMS]
        self.assertEqual(len(views[0]), 15)
        self.assertTrue(views[0] == views[1] == views[2])

    def test_the_host_describes_its_windows(self):
        uuids = set()
        for node in NODE_VMS:
            with self.subTest(node=node):
                (product,) = self.query(node, CIMV2 + "Win32_ComputerSystemProduct", "SELECT * FROM Win32_ComputerSystemProduct")
                uuids.add(value(product, "UUID"))
                (os,) = self.query(node, CIMV2 + "Win32_OperatingSystem", "SELECT * FROM Win32_OperatingSystem")
                self.assertEqual(value(os, "Version"), "10.0.20348")
                self.assertEqual(value(os, "CSName"), node)
                cpus = self.query(node, CIMV2 + "*",
                                  f"ASSOCIATORS OF {{Win32_ComputerSystem.Name='{node}'}} WHERE "
                                  "AssocClass = Win32_ComputerSystemProcessor ResultClass = Win32_Processor")
                self.assertEqual(len(cpus), 2)
                self.assertEqual(value(cpus[0], "NumberOfCores"), "16")
                (system,) = self.query(node, CIMV2 + "Win32_ComputerSystem", "SELECT * FROM Win32_ComputerSystem")
                self.assertEqual(value(system, "NumberOfLogicalProcessors"), "64")
        self.assertEqual(len(uuids), 3)

    def test_profile_discovery_finds_hyper_v(self):
        # A profile-discovery client: root/interop's namespaces and registered profiles, then from
        # the profile to the host that conforms, across into root/virtualization/v2, and back.
        namespaces = self.query("HV-NODE1", INTEROP + "CIM_Namespace", "SELECT * FROM CIM_Namespace")
        self.assertTrue({"root/interop", "root/virtualization/v2", "root/HyperVCluster/v2", "root/cimv2"} <=
                        {value(n, "Name") for n in namespaces})
        self.assertEqual({value(n, "SystemName") for n in namespaces}, {"HV-NODE1"})
        (profile,) = self.query("HV-NODE1", INTEROP + "CIM_RegisteredProfile", "SELECT * FROM CIM_RegisteredProfile")
        self.assertEqual((value(profile, "InstanceID"), value(profile, "RegisteredName"), value(profile, "RegisteredOrganization")),
                         (SVP, "System Virtualization", "2"))
        for node in ("HV-NODE1", "HV-NODE3"):
            with self.subTest(node=node):
                (host,) = self.query(node, INTEROP + "*",
                                     f"ASSOCIATORS OF {{Msvm_RegisteredProfile.InstanceID='{SVP}'}} "
                                     "WHERE AssocClass = Msvm_StandaloneV2ElementConformsToProfile")
                self.assertEqual(host.tag, "{%sMsvm_ComputerSystem}Msvm_ComputerSystem" % VIRT)
                self.assertEqual(value(host, "Name"), node)
                (back,) = self.query(node, VIRT + "*",
                                     f"ASSOCIATORS OF {{Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='{node}'}} "
                                     "WHERE ResultClass = CIM_RegisteredProfile")
                self.assertEqual(value(back, "InstanceID"), SVP)
                self.assertEqual(back.tag, "{%sMsvm_RegisteredProfile}Msvm_RegisteredProfile" % INTEROP)
        # The reference to it, as EnumerateEPR gives it, names it in its own namespace: a Get of it works.
        root = parse(self.node("HV-NODE1").send_message(envelope(
            ENUMERATION + "Enumerate", INTEROP + "*",
            enumerate_body(wql_filter(f"ASSOCIATORS OF {{Msvm_RegisteredProfile.InstanceID='{SVP}'}} "
                                      "WHERE AssocClass = Msvm_StandaloneV2ElementConformsToProfile"),
                           mode="EnumerateEPR"))))
        (reference,) = items(root)
        resource = reference.find("a:ReferenceParameters/w:ResourceURI", NS).text
        keys = {s.get("Name"): s.text for s in reference.findall("a:ReferenceParameters/w:SelectorSet/w:Selector", NS)}
        self.assertEqual(resource, VIRT + "Msvm_ComputerSystem")
        self.assertEqual(keys.get("Name"), "HV-NODE1")
        got = parse(self.node("HV-NODE1").send_message(envelope(TRANSFER + "Get", resource, selectors=keys)))
        self.assertEqual(got.find(f".//{{{resource}}}Name").text, "HV-NODE1")
        (cluster_host,) = self.query("HV-NODE2", INTEROP + "*",
                                     f"ASSOCIATORS OF {{Msvm_RegisteredProfile.InstanceID='{SVP}'}} "
                                     "WHERE AssocClass = Msvm_ClusterV2ElementConformsToProfile")
        self.assertEqual(cluster_host.tag, "{%sMsvm_ComputerSystem}Msvm_ComputerSystem" % CLUSTER)

    def test_static_create_starts_a_process_on_the_node(self):
        # Win32_Process.Create is static: invoked on the class, without selectors, as
        # ([wmiclass]"Win32_Process").Create(...) and Invoke-CimMethod -ClassName send it.
        uri = CIMV2 + "Win32_Process"
        startup = ('&lt;INSTANCE CLASSNAME="Win32_ProcessStartup"&gt;&lt;PROPERTY NAME="ShowWindow" TYPE="uint16"&gt;'
                   '&lt;VALUE&gt;0&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;')
        create = (f'<p:Create_INPUT xmlns:p="{uri}"><p:CommandLine>notepad C:\\notes.txt</p:CommandLine>'
                  f"<p:CurrentDirectory>C:\\Users</p:CurrentDirectory>"
                  f"<p:ProcessStartupInformation>{startup}</p:ProcessStartupInformation></p:Create_INPUT>")
        node = self.node("HV-NODE2")
        output = parse(node.send_message(envelope(uri + "/Create", uri, create))).find(f"s:Body/{{{uri}}}Create_OUTPUT", NS)
        self.assertEqual(output.find(f"{{{uri}}}ReturnValue").text, "0")
        pid = output.find(f"{{{uri}}}ProcessId").text
        (process,) = self.query("HV-NODE2", uri, f"SELECT * FROM Win32_Process WHERE ProcessId = {pid}")
        self.assertEqual((value(process, "Handle"), value(process, "Name"), value(process, "CSName")),
                         (pid, "notepad.exe", "HV-NODE2"))
        self.assertEqual(value(process, "ExecutablePath"), "C:\\Windows\\system32\\notepad.exe")
        self.assertEqual(value(process, "WindowsVersion"), "10.0.20348")
        self.assertEqual(self.query("HV-NODE1", uri, f"SELECT * FROM Win32_Process WHERE ProcessId = {pid}"), [])
        # Instance methods on it, then it is gone.
        priority = f'<p:SetPriority_INPUT xmlns:p="{uri}"><p:Priority>128</p:Priority></p:SetPriority_INPUT>'
        answer = parse(node.send_message(envelope(uri + "/SetPriority", uri, priority, {"Handle": pid})))
        self.assertEqual(answer.find(f".//{{{uri}}}ReturnValue").text, "0")
        (process,) = self.query("HV-NODE2", uri, f"SELECT * FROM Win32_Process WHERE ProcessId = {pid}")
        self.assertEqual(value(process, "Priority"), "13")
        terminate = f'<p:Terminate_INPUT xmlns:p="{uri}"><p:Reason>0</p:Reason></p:Terminate_INPUT>'
        answer = parse(node.send_message(envelope(uri + "/Terminate", uri, terminate, {"Handle": pid})))
        self.assertEqual(answer.find(f".//{{{uri}}}ReturnValue").text, "0")
        self.assertEqual(self.query("HV-NODE2", uri, f"SELECT * FROM Win32_Process WHERE ProcessId = {pid}"), [])
        # The documented refusals: no command line (21), a current directory that resolves nowhere
        # (9); selectors on a static method are a fault.
        for body, code in (("", "21"), ("<p:CommandLine>cmd.exe</p:CommandLine><p:CurrentDirectory>nowhere</p:CurrentDirectory>", "9")):
            answer = parse(node.send_message(envelope(uri + "/Create", uri, f'<p:Create_INPUT xmlns:p="{uri}">{body}</p:Create_INPUT>')))
            self.assertEqual(answer.find(f".//{{{uri}}}ReturnValue").text, code)
        response = requests.post(f"http://hv-node2:{self.port}/wsman", auth=self.auth, timeout=30,
                                 headers={"Content-Type": "application/soap+xml;charset=UTF-8"},
                                 data=envelope(uri + "/Create", uri, create, {"Handle": "4"}))
        self.assertEqual((response.status_code, fault_of(response.text)[1]), (500, "w:InvalidSelectors"))

    def test_a_migrated_vm_changes_views(self):
        service = VIRT + "Msvm_VirtualSystemMigrationService"
        vm = (f"<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address><a:ReferenceParameters>"
              f"<w:ResourceURI>{VIRT}Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>"
              f'<w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector><w:Selector Name="Name">{APP_01}</w:Selector>'
              "</w:SelectorSet></a:ReferenceParameters>")
        body = (f'<p:MigrateVirtualSystemToHost_INPUT xmlns:p="{service}"><p:ComputerSystem>{vm}</p:ComputerSystem>'
                "<p:DestinationHost>HV-NODE2</p:DestinationHost></p:MigrateVirtualSystemToHost_INPUT>")
        keys = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": "HV-NODE1",
                "CreationClassName": "Msvm_VirtualSystemMigrationService", "Name": "migrationwmi"}
        # HV-NODE2 cannot migrate what it does not run.
        with self.assertRaises(winrm.exceptions.WinRMError):
            self.node("HV-NODE2").send_message(envelope(service + "/MigrateVirtualSystemToHost", service, body, keys))
        root = parse(self.node("HV-NODE1").send_message(envelope(service + "/MigrateVirtualSystemToHost", service, body, keys)))
        self.assertEqual(root.find(".//{%s}ReturnValue" % (service,)).text, "4096")
        job_id = root.find(".//w:Selector[@Name='InstanceID']", NS).text
        self.advance(30)
        (job,) = self.query("HV-NODE1", VIRT + "Msvm_MigrationJob", f"SELECT * FROM Msvm_MigrationJob WHERE InstanceID = '{job_id}'")
        self.assertEqual(value(job, "JobState"), "7")
        gone = self.query("HV-NODE1", VIRT + "Msvm_ComputerSystem", f"SELECT * FROM Msvm_ComputerSystem WHERE Name = '{APP_01}'")
        here = self.query("HV-NODE2", VIRT + "Msvm_ComputerSystem", f"SELECT * FROM Msvm_ComputerSystem WHERE Name = '{APP_01}'")
        self.assertEqual((len(gone), len(here)), (0, 1))
        # Both namespaces agree: on the VM's host, and on the jobs.
        hosts = self.query("HV-NODE3", CLUSTER + "Msvm_ComputerSystem",
                           f"ASSOCIATORS OF {{Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='{APP_01}'}} "
                           "WHERE AssocClass = Msvm_ComponentCS")
        self.assertEqual([value(h, "Name") for h in hosts], ["HV-NODE2"])
        cluster_jobs = self.query("HV-NODE1", CLUSTER + "Msvm_MigrationJob", "SELECT * FROM Msvm_MigrationJob")
        node_jobs = sum(len(self.query(n, VIRT + "Msvm_MigrationJob", "SELECT * FROM Msvm_MigrationJob")) for n in NODE_VMS)
        self.assertEqual(len(cluster_jobs), node_jobs)

    def test_selectors_naming_some_keys(self):
        service = "Msvm_VirtualSystemMigrationService"
        partial = {"CreationClassName": service}
        # One node shows one migration service: its own.
        root = parse(self.node("HV-NODE2").send_message(envelope(TRANSFER + "Get", VIRT + service, selectors=partial)))
        self.assertEqual(root.find(f".//{{{VIRT}{service}}}SystemName").text, "HV-NODE2")
        # The cluster view shows three: WinRM's ambiguous-selectors fault.
        message = envelope(TRANSFER + "Get", CLUSTER + service, selectors=partial)
        answer = requests.post(f"http://hv-node2:{self.port}/wsman", data=message, auth=self.auth, timeout=30,
                               headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        self.assertEqual(answer.status_code, 500)
        code, subcode, _, text, detail = fault_of(answer.text)
        self.assertEqual(subcode, "w:InvalidSelectors")
        self.assertTrue(detail.endswith("AmbiguousSelectors"), detail)
        self.assertEqual(parse(answer.text).find(".//f:WSManFault", NS).get("Machine"), "HV-NODE2")  # the node, not the CI box
        # Selectors that name nothing there.
        missing = envelope(TRANSFER + "Get", VIRT + "Msvm_ComputerSystem", selectors={"Name": APP_01.replace("3", "9")})
        answer = requests.post(f"http://hv-node2:{self.port}/wsman", data=missing, auth=self.auth, timeout=30,
                               headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
        self.assertEqual(fault_of(answer.text)[1], "a:DestinationUnreachable")

    def change_state(self, requested):
        resource = VIRT + "Msvm_ComputerSystem"
        body = (f'<p:RequestStateChange_INPUT xmlns:p="{resource}"><p:RequestedState>{requested}</p:RequestedState>'
                "</p:RequestStateChange_INPUT>")
        root = parse(self.node("HV-NODE2").send_message(envelope(resource + "/RequestStateChange", resource, body,
                                                                 {"Name": BUILD_02})))  # some keys only, as tools send
        code = root.find(".//{%s}ReturnValue" % resource).text
        if code != "4096":
            return code
        # Polled as tools poll it: WQL on Msvm_ConcreteJob by InstanceID, in its own resource URI.
        job_id = root.find(".//w:Selector[@Name='InstanceID']", NS).text
        for _ in range(20):
            (job,) = self.query("HV-NODE2", VIRT + "Msvm_ConcreteJob", f"SELECT * FROM Msvm_ConcreteJob WHERE InstanceID = '{job_id}'")
            if value(job, "JobState") in ("7", "8", "9", "10"):
                break
            self.advance(1)
        self.assertEqual(value(job, "JobState"), "7", value(job, "ErrorDescription"))
        return value(job, "JobType")

    def vm(self):
        (vm,) = self.query("HV-NODE2", VIRT + "Msvm_ComputerSystem", f"SELECT * FROM Msvm_ComputerSystem WHERE Name = '{BUILD_02}'")
        return vm

    def test_state_changes_through_jobs(self):
        self.assertEqual(value(self.vm(), "ProcessID"), None)
        self.assertEqual(self.change_state(9), "32775")  # an Off VM cannot be paused
        self.assertEqual(self.change_state(2), "12")      # Start Virtual Machine
        running = self.vm()
        self.assertEqual((value(running, "EnabledState"), value(running, "TransitioningToState")), ("2", "12"))
        self.assertIsNotNone(value(running, "ProcessID"))
        self.assertEqual(self.change_state(9), "26")      # Pause
        self.assertEqual(value(self.vm(), "EnabledState"), "9")
        self.assertEqual(self.change_state(2), "27")      # Resume
        self.assertEqual(self.change_state(6), "14")      # Save
        saved = self.vm()
        self.assertEqual((value(saved, "EnabledState"), value(saved, "ProcessID")), ("6", None))
        self.assertEqual(self.change_state(2), "15")      # Restore
        self.assertEqual(self.change_state(11), "28")     # Reset
        self.assertEqual(self.change_state(3), "13")      # Power Off
        self.assertEqual(value(self.vm(), "EnabledState"), "3")
        self.assertEqual(self.change_state(3), "32775")   # already off
        self.assertEqual(self.change_state(12345), "32773")



class NodeListenersTest(unittest.TestCase):
    """`serve --node-listeners`: a port per node, for clients that cannot name a host; the
    journal says which node answered and fault rules can aim at one node."""

    @classmethod
    def setUpClass(cls):
        cls.server = CimdoubleServer("--node-listeners", "0", https=False).__enter__()
        cls.auth = (cls.server.user, cls.server.password)
        cls.base = cls.server.http_url.replace("/wsman", "/cimdouble/v1/")
        ready = re.compile(r"^cimdouble: node (\S+) listening on (http://\S+/wsman)$")
        deadline = time.monotonic() + 10
        cls.nodes = {}
        while len(cls.nodes) < 3 and time.monotonic() < deadline:
            cls.nodes = dict(m.groups() for m in (ready.match(l.strip()) for l in list(cls.server.output)) if m)
            time.sleep(0.05)

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        assert cls.server.exit_code == 0, "cimdouble did not stop cleanly on SIGTERM"

    def servers_name(self, url):
        protocol = winrm.protocol.Protocol(endpoint=url, transport="basic", username=self.server.user,
                                           password=self.server.password, read_timeout_sec=30, operation_timeout_sec=20)
        root = parse(protocol.send_message(envelope(ENUMERATION + "Enumerate", VIRT + "Msvm_ComputerSystem", enumerate_body(
            wql_filter("SELECT * FROM Msvm_ComputerSystem WHERE Name = __SERVER")))))
        return [value(i, "Name") for i in items(root)]

    def test_each_node_has_its_port(self):
        self.assertEqual(sorted(self.nodes), ["HV-NODE1", "HV-NODE2", "HV-NODE3"])
        for node, url in self.nodes.items():
            self.assertEqual(self.servers_name(url), [node])
        self.assertEqual(self.servers_name(self.server.http_url), ["HV-NODE1"])  # the shared one: the default node
        journal = requests.get(self.base + "journal", params={"node": "HV-NODE3"}, auth=self.auth, timeout=30).json()
        self.assertEqual(len(journal["entries"]), 1)
        self.assertEqual(journal["entries"][0]["node"], "HV-NODE3")

    def test_a_fault_rule_for_one_node(self):
        rule = requests.post(self.base + "faults", json={"node": "HV-NODE2", "action": "Enumerate", "status": 503},
                             auth=self.auth, timeout=30)
        self.assertEqual(rule.status_code, 200, rule.text)
        try:
            with self.assertRaises(winrm.exceptions.WinRMTransportError):
                self.servers_name(self.nodes["HV-NODE2"])
            self.assertEqual(self.servers_name(self.nodes["HV-NODE1"]), ["HV-NODE1"])
        finally:
            requests.post(self.base + "faults/clear", json={}, auth=self.auth, timeout=30)


if __name__ == "__main__":
    unittest.main()
