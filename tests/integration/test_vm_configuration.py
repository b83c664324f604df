"""A VM's configuration as Hyper-V tooling reads and changes it, through pywinrm (Debian's
python3-winrm) unchanged: settings and resources through Msvm_SettingsDefineState and
Msvm_VirtualSystemSettingDataComponent on the node that runs the VM, the node's switches,
Msvm_VirtualSystemManagementService's methods with embedded instances as WMI's GetText(1)
writes them, the guest's shutdown component and keyboard, and the configuration moving with a
migrated VM."""
import html
import json
import os
import socket
import tempfile
import unittest
import xml.etree.ElementTree as ET

import requests
import winrm

import test_hyperv_hosts as hosts
from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, envelope, enumerate_body, parse, wql_filter

VIRT = hosts.VIRT
APP_01 = hosts.APP_01  # running on HV-NODE1, generation 2, 8 processors, 16 GB
WEB_03 = "5E3A0002-1002-4002-8002-A00000000002"  # running on HV-NODE3
SERVICE = VIRT + "Msvm_VirtualSystemManagementService"
IMAGES = VIRT + "Msvm_ImageManagementService"
GB = 1 << 30
items, value = hosts.items, hosts.value


def service_keys(node):
    return {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": node,
            "CreationClassName": "Msvm_VirtualSystemManagementService", "Name": "vmms"}


def epr(class_name, keys):
    selectors = "".join(f'<w:Selector Name="{k}">{html.escape(v)}</w:Selector>' for k, v in keys.items())
    return (f"<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address><a:ReferenceParameters>"
            f"<w:ResourceURI>{VIRT}{class_name}</w:ResourceURI><w:SelectorSet>{selectors}</w:SelectorSet></a:ReferenceParameters>")


def wmi_path(node, class_name, instance_id):
    """A settings path as WMI writes it (__PATH): backslashes in the key doubled."""
    escaped = instance_id.replace("\\", "\\\\")
    return f'\\\\{node}\\root\\virtualization\\v2:{class_name}.InstanceID="{escaped}"'


def embedded(class_name, properties, declaration=False):
    """An embedded instance as WMI's GetText(1) writes it, escaped into the element."""
    parts = ['<?xml version="1.0" encoding="utf-16"?>' if declaration else "", f'<INSTANCE CLASSNAME="{class_name}">']
    for name, (cim_type, v) in properties.items():
        if isinstance(v, list):
            values = "".join(f"<VALUE>{html.escape(str(x))}</VALUE>" for x in v)
            parts.append(f'<PROPERTY.ARRAY NAME="{name}" TYPE="{cim_type}"><VALUE.ARRAY>{values}</VALUE.ARRAY></PROPERTY.ARRAY>')
        else:
            parts.append(f'<PROPERTY NAME="{name}" TYPE="{cim_type}"><VALUE>{html.escape(str(v))}</VALUE></PROPERTY>')
    parts.append("</INSTANCE>")
    return html.escape("".join(parts))


class VmConfigurationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        socket.getaddrinfo = hosts._hosts_file
        # The new job kinds take behaviours like any other: build-02 cannot be deleted.
        cls.folder = tempfile.TemporaryDirectory()
        behaviors = os.path.join(cls.folder.name, "behaviors.json")
        with open(behaviors, "w") as f:
            json.dump({"rules": [{"kind": "vm-destroy", "vm": "build-02", "failAtPercent": 50,
                                  "error": {"messageId": "32768", "message": "The files of 'build-02' are in use."}}]}, f)
        cls.server = CimdoubleServer("--behaviors", behaviors, https=False).__enter__()
        cls.port = cls.server.http_url.split(":")[2].split("/")[0]
        cls.base = cls.server.http_url.replace("/wsman", "/cimdouble/v1/")
        cls.auth = (cls.server.user, cls.server.password)
        requests.post(cls.base + "clock", json={"pause": True}, auth=cls.auth, timeout=30).raise_for_status()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.folder.cleanup()
        socket.getaddrinfo = hosts._real_getaddrinfo
        assert cls.server.exit_code == 0, "cimdouble did not stop cleanly on SIGTERM"

    def setUp(self):
        requests.post(self.base + "reset", json={}, auth=self.auth, timeout=30).raise_for_status()

    def node(self, name):
        return winrm.protocol.Protocol(endpoint=f"http://{name.lower()}:{self.port}/wsman", transport="basic",
                                       username=self.server.user, password=self.server.password,
                                       read_timeout_sec=30, operation_timeout_sec=20)

    def query(self, node, wql, resource=VIRT + "*"):
        root = parse(self.node(node).send_message(envelope(ENUMERATION + "Enumerate", resource, enumerate_body(wql_filter(wql)))))
        self.assertIsNotNone(root.find(".//w:EndOfSequence", NS), "one batch holds the answer")
        return items(root)

    def invoke(self, node, resource, method, body, keys):
        root = parse(self.node(node).send_message(envelope(f"{resource}/{method}", resource,
                                                           f'<p:{method}_INPUT xmlns:p="{resource}">{body}</p:{method}_INPUT>', keys)))
        return root.find(f".//{{{resource}}}{method}_OUTPUT")

    def manage(self, node, method, body):
        out = self.invoke(node, SERVICE, method, body, service_keys(node))
        return out.find(f"{{{SERVICE}}}ReturnValue").text, out

    def wait_for_job(self, node, out, resource=SERVICE, job_class="Msvm_ConcreteJob", state="7"):
        job_id = out.find(f"{{{resource}}}Job").find(".//w:Selector[@Name='InstanceID']", NS).text
        for _ in range(30):
            (job,) = self.query(node, f"SELECT * FROM {job_class} WHERE InstanceID = '{job_id}'", VIRT + job_class)
            if value(job, "JobState") in ("7", "8", "9", "10"):
                break
            requests.post(self.base + "clock", json={"advance": "PT1S"}, auth=self.auth, timeout=30).raise_for_status()
        self.assertEqual(value(job, "JobState"), state, value(job, "ErrorDescription"))
        return job

    def images(self, node, method, body):
        keys = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": node,
                "CreationClassName": "Msvm_ImageManagementService", "Name": "vhdsvc"}
        out = self.invoke(node, IMAGES, method, body, keys)
        return out.find(f"{{{IMAGES}}}ReturnValue").text, out

    def create_disk(self, node, path, disk_type, size=None, parent=None, state="7"):
        props = {"Path": ("string", path), "Type": ("uint16", disk_type), "Format": ("uint16", "3")}
        if size:
            props["MaxInternalSize"] = ("uint64", str(size))
        if parent:
            props["ParentPath"] = ("string", parent)
        code, out = self.images(node, "CreateVirtualHardDisk",
                                f"<p:VirtualDiskSettingData>{embedded('Msvm_VirtualHardDiskSettingData', props)}</p:VirtualDiskSettingData>")
        self.assertEqual(code, "4096")
        return self.wait_for_job(node, out, IMAGES, "Msvm_StorageJob", state)

    def disk(self, node, path):
        """GetVirtualHardDiskSettingData and GetVirtualHardDiskState: the two embedded answers as dicts."""
        answers = []
        for method, out_name in (("GetVirtualHardDiskSettingData", "SettingData"), ("GetVirtualHardDiskState", "State")):
            code, out = self.images(node, method, f"<p:Path>{html.escape(path)}</p:Path>")
            if code != "0":
                return code
            answers.append({p.get("NAME"): p.findtext("VALUE") for p in ET.fromstring(out.find(f"{{{IMAGES}}}{out_name}").text)
                            if p.tag.startswith("PROPERTY")})
        return answers

    def vm_path(self, vm_id):
        return f"Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='{vm_id}'"

    def settings(self, node, vm_id):
        found = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = Msvm_SettingsDefineState "
                                 "ResultClass = Msvm_VirtualSystemSettingData")
        self.assertEqual(len(found), 1)
        return found[0]

    def resources(self, node, vm_id, result_class="CIM_ResourceAllocationSettingData"):
        return self.query(node, f"ASSOCIATORS OF {{Msvm_VirtualSystemSettingData.InstanceID='Microsoft:{vm_id}'}} "
                                f"WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = {result_class}")

    def test_settings_and_resources_through_the_associations(self):
        vssd = self.settings("HV-NODE1", APP_01)
        self.assertEqual((value(vssd, "InstanceID"), value(vssd, "VirtualSystemType"), value(vssd, "VirtualSystemSubType")),
                         (f"Microsoft:{APP_01}", "Microsoft:Hyper-V:System:Realized", "Microsoft:Hyper-V:SubType:2"))
        self.assertEqual(value(vssd, "ConfigurationDataRoot"), "C:\\ClusterStorage\\Volume1\\app-01")
        self.assertIsNone(value(vssd, "Parent"))  # every documented property, NULL where unset
        by_class = {}
        for r in self.resources("HV-NODE1", APP_01):
            by_class.setdefault(r.tag.split("}")[1], []).append(r)
        (cpu,) = by_class["Msvm_ProcessorSettingData"]
        self.assertEqual((value(cpu, "VirtualQuantity"), value(cpu, "Limit"), value(cpu, "Weight")), ("8", "100000", "100"))
        (memory,) = by_class["Msvm_MemorySettingData"]
        self.assertEqual((value(memory, "VirtualQuantity"), value(memory, "DynamicMemoryEnabled")), ("16384", "false"))
        (disk,) = by_class["Msvm_StorageAllocationSettingData"]
        self.assertEqual(disk.find(f"{{{VIRT}Msvm_StorageAllocationSettingData}}HostResource").text,
                         "C:\\ClusterStorage\\Volume1\\app-01\\Virtual Hard Disks\\app-01.vhdx")
        (nic,) = by_class["Msvm_SyntheticEthernetPortSettingData"]
        self.assertRegex(value(nic, "Address"), "^00155D[0-9A-F]{6}$")
        (connection,) = by_class["Msvm_EthernetPortAllocationSettingData"]
        self.assertEqual(value(connection, "InstanceID"), value(nic, "InstanceID") + "\\C")
        switch_path = connection.find(f"{{{VIRT}Msvm_EthernetPortAllocationSettingData}}HostResource").text
        self.assertIn("Msvm_VirtualEthernetSwitch", switch_path)
        self.assertEqual(len(by_class["Msvm_SerialPortSettingData"]), 2)
        # Only the node that runs it shows it; the cluster view shows it too.
        with self.assertRaises(winrm.exceptions.WinRMError):  # no such settings there
            self.resources("HV-NODE2", APP_01)
        self.assertEqual(len(self.query("HV-NODE2", f"SELECT * FROM Msvm_VirtualSystemSettingData WHERE InstanceID = 'Microsoft:{APP_01}'",
                                        hosts.CLUSTER + "Msvm_VirtualSystemSettingData")), 1)
        # The devices the guest sees.
        devices = {d.tag.split("}")[1] for d in self.query("HV-NODE1", f"ASSOCIATORS OF {{{self.vm_path(APP_01)}}} WHERE AssocClass = Msvm_SystemDevice")}
        self.assertTrue({"Msvm_Keyboard", "Msvm_ShutdownComponent", "Msvm_SyntheticDisplayController", "Msvm_VideoHead"} <= devices)

    def test_switches_per_node(self):
        for node in ("HV-NODE1", "HV-NODE3"):
            switches = self.query(node, "SELECT * FROM Msvm_VirtualEthernetSwitch WHERE HealthState = 5",
                                  VIRT + "Msvm_VirtualEthernetSwitch")
            self.assertEqual(sorted(value(s, "ElementName") for s in switches), ["BuildNet", "ConvergedSwitch"])
        (one,) = self.query("HV-NODE2", "SELECT * FROM Msvm_VirtualEthernetSwitch WHERE ElementName = 'BuildNet'",
                            VIRT + "Msvm_VirtualEthernetSwitch")
        (same,) = self.query("HV-NODE2", f"SELECT * FROM Msvm_VirtualEthernetSwitch WHERE Name = '{value(one, 'Name')}'",
                             VIRT + "Msvm_VirtualEthernetSwitch")
        self.assertEqual(value(same, "ElementName"), "BuildNet")

    def test_resource_definitions_give_the_limits(self):
        for node in ("HV-NODE1", "HV-NODE2"):
            (maximum,) = self.query(node, "SELECT * FROM Msvm_ProcessorSettingData WHERE InstanceID LIKE 'Microsoft:Definition%Maximum'",
                                    VIRT + "Msvm_ProcessorSettingData")
            self.assertEqual(value(maximum, "VirtualQuantity"), "240")
        (memory,) = self.query("HV-NODE1", "SELECT * FROM Msvm_MemorySettingData WHERE InstanceID LIKE 'Microsoft:Definition%Increment'",
                               VIRT + "Msvm_MemorySettingData")
        self.assertEqual(value(memory, "VirtualQuantity"), "2")
        # From the capabilities to the settings, the maximum by its ValueRole.
        (capabilities,) = self.query("HV-NODE1", "SELECT * FROM Msvm_AllocationCapabilities WHERE ResourceType = 3",
                                     VIRT + "Msvm_AllocationCapabilities")
        links = self.query("HV-NODE1", f"REFERENCES OF {{Msvm_AllocationCapabilities.InstanceID='{value(capabilities, 'InstanceID').replace(chr(92), chr(92) * 2)}'}} "
                                       "WHERE ResultClass = Msvm_SettingsDefineCapabilities")
        self.assertEqual(sorted(value(link, "ValueRole") for link in links), ["0", "1", "2", "3"])
        # The Default disk drive tools clone to add one.
        (drive,) = self.query("HV-NODE1", "SELECT * FROM Msvm_ResourceAllocationSettingData WHERE ResourceSubType = "
                                          "'Microsoft:Hyper-V:Synthetic Disk Drive' AND InstanceID LIKE '%Default'",
                              VIRT + "Msvm_ResourceAllocationSettingData")
        self.assertEqual(value(drive, "ResourceType"), "17")

    def test_define_change_and_destroy_a_vm(self):
        node = "HV-NODE2"
        settings = embedded("Msvm_VirtualSystemSettingData",
                            {"ElementName": ("string", "ci-vm"), "VirtualSystemSubType": ("string", "Microsoft:Hyper-V:SubType:2"),
                             "Notes": ("string", ["made by the test"])}, declaration=True)
        code, out = self.manage(node, "DefineSystem", f"<p:SystemSettings>{settings}</p:SystemSettings>")
        self.assertEqual(code, "0")
        vm_id = out.find(f"{{{SERVICE}}}ResultingSystem").find(".//w:Selector[@Name='Name']", NS).text
        (vm,) = self.query(node, f"SELECT * FROM Msvm_ComputerSystem WHERE Name = '{vm_id}'", VIRT + "Msvm_ComputerSystem")
        self.assertEqual((value(vm, "ElementName"), value(vm, "EnabledState")), ("ci-vm", "3"))
        by_class = {r.tag.split("}")[1]: r for r in self.resources(node, vm_id)}
        memory, cpu = by_class["Msvm_MemorySettingData"], by_class["Msvm_ProcessorSettingData"]
        self.assertEqual((value(memory, "VirtualQuantity"), value(cpu, "VirtualQuantity")), ("1024", "1"))

        def modify(instance_id, class_name, props):
            rasd = embedded(class_name, {"InstanceID": ("string", instance_id), **props})
            return self.manage(node, "ModifyResourceSettings", f"<p:ResourceSettings>{rasd}</p:ResourceSettings>")[0]
        memory_id, cpu_id = value(memory, "InstanceID"), value(cpu, "InstanceID")
        self.assertEqual(modify(memory_id, "Msvm_MemorySettingData", {"VirtualQuantity": ("uint64", "4096")}), "0")
        self.assertEqual(modify(cpu_id, "Msvm_ProcessorSettingData", {"VirtualQuantity": ("uint64", "4")}), "0")
        # Hyper-V's refusals of bad values: odd megabytes, no processor, more than the maximum.
        self.assertEqual(modify(memory_id, "Msvm_MemorySettingData", {"VirtualQuantity": ("uint64", "4095")}), "32773")
        self.assertEqual(modify(cpu_id, "Msvm_ProcessorSettingData", {"VirtualQuantity": ("uint64", "0")}), "32773")
        self.assertEqual(modify(cpu_id, "Msvm_ProcessorSettingData", {"VirtualQuantity": ("uint64", "241")}), "32773")
        self.assertEqual(modify("Microsoft:nothing", "Msvm_ProcessorSettingData", {"VirtualQuantity": ("uint64", "2")}), "32773")
        (maximum,) = [r for r in self.resources(node, vm_id, "Msvm_ProcessorSettingData")]
        self.assertEqual(value(maximum, "VirtualQuantity"), "4")

        # Autostart through ModifySystemSettings.
        vssd = embedded("Msvm_VirtualSystemSettingData", {"InstanceID": ("string", f"Microsoft:{vm_id}"),
                                                          "AutomaticStartupAction": ("uint16", "4")})
        self.assertEqual(self.manage(node, "ModifySystemSettings", f"<p:SystemSettings>{vssd}</p:SystemSettings>")[0], "0")
        self.assertEqual(value(self.settings(node, vm_id), "AutomaticStartupAction"), "4")
        bad = embedded("Msvm_VirtualSystemSettingData", {"InstanceID": ("string", f"Microsoft:{vm_id}"),
                                                         "AutomaticStartupAction": ("uint16", "9")})
        self.assertEqual(self.manage(node, "ModifySystemSettings", f"<p:SystemSettings>{bad}</p:SystemSettings>")[0], "32773")

        # A disk: a drive on the SCSI controller, then the VHDX in it; a network adapter on the switch.
        scsi = [r for r in self.resources(node, vm_id, "Msvm_ResourceAllocationSettingData") if value(r, "ResourceType") == "6"][0]
        scsi_path = wmi_path(node, "Msvm_ResourceAllocationSettingData", value(scsi, "InstanceID"))
        configuration = epr("Msvm_VirtualSystemSettingData", {"InstanceID": f"Microsoft:{vm_id}"})
        drive = embedded("Msvm_ResourceAllocationSettingData", {"ResourceType": ("uint16", "17"), "Parent": ("string", scsi_path),
                                                               "AddressOnParent": ("string", "0")})
        code, out = self.manage(node, "AddResourceSettings", f"<p:AffectedConfiguration>{configuration}</p:AffectedConfiguration>"
                                                            f"<p:ResourceSettings>{drive}</p:ResourceSettings>")
        self.assertEqual(code, "0")
        drive_id = out.find(f"{{{SERVICE}}}ResultingResourceSettings").find(".//w:Selector[@Name='InstanceID']", NS).text
        drive_path = wmi_path(node, "Msvm_ResourceAllocationSettingData", drive_id)
        # A disk that does not exist is refused; made with the image management service, it goes in.
        missing = embedded("Msvm_StorageAllocationSettingData", {"ResourceType": ("uint16", "31"), "Parent": ("string", drive_path),
                                                                 "HostResource": ("string", ["C:\\VMs\\no-such.vhdx"])})
        self.assertEqual(self.manage(node, "AddResourceSettings", f"<p:AffectedConfiguration>{configuration}</p:AffectedConfiguration>"
                                                                  f"<p:ResourceSettings>{missing}</p:ResourceSettings>")[0], "32773")
        self.assertEqual(value(self.create_disk(node, "C:\\VMs\\ci-vm.vhdx", "3", 40 * GB), "JobType"), "1")
        vhd = embedded("Msvm_StorageAllocationSettingData", {"ResourceType": ("uint16", "31"), "Parent": ("string", drive_path),
                                                             "HostResource": ("string", ["C:\\VMs\\ci-vm.vhdx"])})
        self.assertEqual(self.manage(node, "AddResourceSettings", f"<p:AffectedConfiguration>{configuration}</p:AffectedConfiguration>"
                                                                  f"<p:ResourceSettings>{vhd}</p:ResourceSettings>")[0], "0")
        (switch,) = self.query(node, "SELECT * FROM Msvm_VirtualEthernetSwitch WHERE ElementName = 'ConvergedSwitch'",
                               VIRT + "Msvm_VirtualEthernetSwitch")
        nic = embedded("Msvm_SyntheticEthernetPortSettingData", {"ResourceType": ("uint16", "10"), "ElementName": ("string", "CI NIC")})
        code, out = self.manage(node, "AddResourceSettings", f"<p:AffectedConfiguration>{configuration}</p:AffectedConfiguration>"
                                                            f"<p:ResourceSettings>{nic}</p:ResourceSettings>")
        self.assertEqual(code, "0")
        nic_id = out.find(f"{{{SERVICE}}}ResultingResourceSettings").find(".//w:Selector[@Name='InstanceID']", NS).text
        connection = embedded("Msvm_EthernetPortAllocationSettingData", {
            "ResourceType": ("uint16", "33"),
            "Parent": ("string", wmi_path(node, "Msvm_SyntheticEthernetPortSettingData", nic_id)),
            "HostResource": ("string", [f'\\\\{node}\\root\\virtualization\\v2:Msvm_VirtualEthernetSwitch.CreationClassName='
                                        f'"Msvm_VirtualEthernetSwitch",Name="{value(switch, "Name")}"'])})
        self.assertEqual(self.manage(node, "AddResourceSettings", f"<p:AffectedConfiguration>{configuration}</p:AffectedConfiguration>"
                                                                  f"<p:ResourceSettings>{connection}</p:ResourceSettings>")[0], "0")
        names = {value(r, "InstanceID") for r in self.resources(node, vm_id)}
        self.assertTrue({drive_id, drive_id[:-1] + "L", nic_id, nic_id + "\\C"} <= names)
        # The same slot twice is refused.
        self.assertEqual(self.manage(node, "AddResourceSettings", f"<p:AffectedConfiguration>{configuration}</p:AffectedConfiguration>"
                                                                  f"<p:ResourceSettings>{drive}</p:ResourceSettings>")[0], "32773")
        # Removing the adapter takes its connection with it.
        nic_ref = epr("Msvm_SyntheticEthernetPortSettingData", {"InstanceID": nic_id})
        self.assertEqual(self.manage(node, "RemoveResourceSettings", f"<p:ResourceSettings>{nic_ref}</p:ResourceSettings>")[0], "0")
        names = {value(r, "InstanceID") for r in self.resources(node, vm_id)}
        self.assertFalse({nic_id, nic_id + "\\C"} & names)

        # Running: the shutdown component and keyboard are there; processors do not change, static memory does (a job).
        vm_resource = VIRT + "Msvm_ComputerSystem"
        out = self.invoke(node, vm_resource, "RequestStateChange", "<p:RequestedState>2</p:RequestedState>", {"Name": vm_id})
        self.wait_for_job(node, out, vm_resource)
        self.assertEqual(modify(cpu_id, "Msvm_ProcessorSettingData", {"VirtualQuantity": ("uint64", "2")}), "32775")
        rasd = embedded("Msvm_MemorySettingData", {"InstanceID": ("string", memory_id), "VirtualQuantity": ("uint64", "8192")})
        code, out = self.manage(node, "ModifyResourceSettings", f"<p:ResourceSettings>{rasd}</p:ResourceSettings>")
        self.assertEqual(code, "4096")
        self.assertEqual(value(self.wait_for_job(node, out), "JobType"), "31")
        (memory,) = self.resources(node, vm_id, "Msvm_MemorySettingData")
        self.assertEqual(value(memory, "VirtualQuantity"), "8192")
        (keyboard,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE ResultClass = Msvm_Keyboard")
        keyboard_keys = {k: value(keyboard, k) for k in ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")}
        kb = VIRT + "Msvm_Keyboard"
        typed = self.invoke(node, kb, "TypeText", "<p:asciiText>shutdown /s</p:asciiText>", keyboard_keys)
        self.assertEqual(typed.find(f"{{{kb}}}ReturnValue").text, "0")
        pressed = self.invoke(node, kb, "TypeKey", "<p:keyCode>13</p:keyCode>", keyboard_keys)
        self.assertEqual(pressed.find(f"{{{kb}}}ReturnValue").text, "0")
        self.assertEqual(self.invoke(node, kb, "PressKey", "<p:keyCode>0</p:keyCode>", keyboard_keys)
                         .find(f"{{{kb}}}ReturnValue").text, "32773")
        self.assertEqual(self.manage(node, "DestroySystem", f"<p:AffectedSystem>{epr('Msvm_ComputerSystem', {'CreationClassName': 'Msvm_ComputerSystem', 'Name': vm_id})}</p:AffectedSystem>")[0], "32775")
        (shutdown,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE ResultClass = Msvm_ShutdownComponent")
        sd = VIRT + "Msvm_ShutdownComponent"
        shutdown_keys = {k: value(shutdown, k) for k in ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")}
        answer = self.invoke(node, sd, "InitiateShutdown", "<p:Force>true</p:Force><p:Reason>maintenance</p:Reason>", shutdown_keys)
        self.assertEqual(answer.find(f"{{{sd}}}ReturnValue").text, "0")
        for _ in range(30):
            (vm,) = self.query(node, f"SELECT * FROM Msvm_ComputerSystem WHERE Name = '{vm_id}'", vm_resource)
            if value(vm, "EnabledState") == "3":
                break
            requests.post(self.base + "clock", json={"advance": "PT1S"}, auth=self.auth, timeout=30).raise_for_status()
        self.assertEqual(value(vm, "EnabledState"), "3")
        self.assertEqual(self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE ResultClass = Msvm_ShutdownComponent"), [])
        (head,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE ResultClass = Msvm_VideoHead")
        self.assertEqual((value(head, "CurrentHorizontalResolution"), value(head, "EnabledState")), ("0", "3"))
        self.assertEqual(self.invoke(node, kb, "TypeKey", "<p:keyCode>13</p:keyCode>", keyboard_keys)
                         .find(f"{{{kb}}}ReturnValue").text, "32775")  # nobody to type to

        # Destroyed: a job, then nothing of it is left.
        code, out = self.manage(node, "DestroySystem", f"<p:AffectedSystem>{epr('Msvm_ComputerSystem', {'CreationClassName': 'Msvm_ComputerSystem', 'Name': vm_id})}</p:AffectedSystem>")
        self.assertEqual(code, "4096")
        self.assertEqual(value(self.wait_for_job(node, out), "JobType"), "3")
        self.assertEqual(self.query(node, f"SELECT * FROM Msvm_ComputerSystem WHERE Name = '{vm_id}'", vm_resource), [])
        self.assertEqual(self.query(node, f"SELECT * FROM Msvm_VirtualSystemSettingData WHERE InstanceID = 'Microsoft:{vm_id}'",
                                    VIRT + "Msvm_VirtualSystemSettingData"), [])
        self.assertEqual(self.query(node, f"SELECT * FROM Msvm_MemorySettingData WHERE InstanceID = '{memory_id}'",
                                    VIRT + "Msvm_MemorySettingData"), [])

    def test_checkpoints_taken_applied_and_destroyed(self):
        node, vm_id = "HV-NODE2", hosts.BUILD_02  # off
        snapshots = VIRT + "Msvm_VirtualSystemSnapshotService"
        keys = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": node,
                "CreationClassName": "Msvm_VirtualSystemSnapshotService", "Name": "vssnapsvc"}
        system = epr("Msvm_ComputerSystem", {"CreationClassName": "Msvm_ComputerSystem", "Name": vm_id})
        out = self.invoke(node, snapshots, "CreateSnapshot", f"<p:AffectedSystem>{system}</p:AffectedSystem>"
                                                             "<p:SnapshotType>2</p:SnapshotType>", keys)
        self.assertEqual(out.find(f"{{{snapshots}}}ReturnValue").text, "4096")
        self.assertEqual(value(self.wait_for_job(node, out, snapshots), "JobType"), "70")
        (checkpoint,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = Msvm_SnapshotOfVirtualSystem")
        self.assertEqual(value(checkpoint, "VirtualSystemType"), "Microsoft:Hyper-V:Snapshot:Realized")
        self.assertTrue(value(checkpoint, "ElementName").startswith("build-02 - ("))
        snapshot_id = value(checkpoint, "InstanceID")
        (current,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = Msvm_MostCurrentSnapshotInBranch")
        self.assertEqual(value(current, "InstanceID"), snapshot_id)
        self.assertIn(snapshot_id.split(":")[1], value(self.settings(node, vm_id), "Parent"))
        # The VM writes to a differencing disk now; the checkpoint keeps the disk as it was.
        (disk,) = self.resources(node, vm_id, "Msvm_StorageAllocationSettingData")
        first_child = disk.find(f"{{{VIRT}Msvm_StorageAllocationSettingData}}HostResource").text
        self.assertRegex(first_child, r"build-02_[0-9A-F-]{36}\.avhdx$")
        data, state = self.disk(node, first_child)
        self.assertEqual((data["Type"], data["Format"], state["FileSize"]), ("4", "3", str(4 << 20)))
        self.assertTrue(data["ParentPath"].endswith("build-02.vhdx"), data["ParentPath"])
        (element,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = Msvm_ElementSettingData")
        self.assertEqual(value(element, "VirtualSystemType"), "Microsoft:Hyper-V:Snapshot:Realized")
        saved = self.query(node, f"ASSOCIATORS OF {{Msvm_VirtualSystemSettingData.InstanceID='{snapshot_id}'}} "
                                 "WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = Msvm_StorageAllocationSettingData")
        self.assertTrue(saved[0].find(f"{{{VIRT}Msvm_StorageAllocationSettingData}}HostResource").text.endswith("build-02.vhdx"))

        # Changed, then the checkpoint applied: its processors come back.
        (cpu,) = self.resources(node, vm_id, "Msvm_ProcessorSettingData")
        rasd = embedded("Msvm_ProcessorSettingData", {"InstanceID": ("string", value(cpu, "InstanceID")), "VirtualQuantity": ("uint64", "2")})
        self.assertEqual(self.manage(node, "ModifyResourceSettings", f"<p:ResourceSettings>{rasd}</p:ResourceSettings>")[0], "0")
        reference = epr("Msvm_VirtualSystemSettingData", {"InstanceID": snapshot_id})
        out = self.invoke(node, snapshots, "ApplySnapshot", f"<p:Snapshot>{reference}</p:Snapshot>", keys)
        self.assertEqual(out.find(f"{{{snapshots}}}ReturnValue").text, "4096")
        self.assertEqual(value(self.wait_for_job(node, out, snapshots), "JobType"), "71")
        (cpu,) = self.resources(node, vm_id, "Msvm_ProcessorSettingData")
        self.assertEqual(value(cpu, "VirtualQuantity"), "4")
        (applied,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = Msvm_LastAppliedSnapshot")
        self.assertEqual(value(applied, "InstanceID"), snapshot_id)
        # The state applying threw away goes with its differencing disk; the VM writes to a new one.
        self.assertEqual(self.disk(node, first_child), "32779")
        (disk,) = self.resources(node, vm_id, "Msvm_StorageAllocationSettingData")
        second_child = disk.find(f"{{{VIRT}Msvm_StorageAllocationSettingData}}HostResource").text
        self.assertNotEqual(second_child, first_child)
        # Not a checkpoint: refused.
        not_one = epr("Msvm_VirtualSystemSettingData", {"InstanceID": f"Microsoft:{vm_id}"})
        out = self.invoke(node, snapshots, "ApplySnapshot", f"<p:Snapshot>{not_one}</p:Snapshot>", keys)
        self.assertEqual(out.find(f"{{{snapshots}}}ReturnValue").text, "32773")

        out = self.invoke(node, snapshots, "DestroySnapshot", f"<p:AffectedSnapshot>{reference}</p:AffectedSnapshot>", keys)
        self.assertEqual(value(self.wait_for_job(node, out, snapshots), "JobType"), "72")
        self.assertEqual(self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = Msvm_SnapshotOfVirtualSystem"), [])
        self.assertIsNone(value(self.settings(node, vm_id), "Parent"))
        # Its differencing disk merged into the disk the checkpoint kept, which the VM uses again.
        (disk,) = self.resources(node, vm_id, "Msvm_StorageAllocationSettingData")
        self.assertTrue(disk.find(f"{{{VIRT}Msvm_StorageAllocationSettingData}}HostResource").text.endswith("build-02.vhdx"))
        self.assertEqual(self.disk(node, second_child), "32779")
        for association in ("Msvm_LastAppliedSnapshot", "Msvm_ElementSettingData"):
            self.assertEqual(self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = {association}"), [])

    def test_virtual_hard_disks(self):
        node = "HV-NODE2"
        data, state = self.disk(node, "C:\\ClusterStorage\\Volume2\\db-02\\Virtual Hard Disks\\db-02-data.vhdx")
        self.assertEqual((data["Type"], data["Format"], data["MaxInternalSize"]), ("2", "3", str(500 * GB)))
        self.assertEqual(state["FileSize"], str(500 * GB + (4 << 20)))  # fixed: the whole size and 4 MB of metadata
        data, state = self.disk(node, "c:\\clusterstorage\\volume2\\db-02\\virtual hard disks\\db-02.VHDX")  # case ignored
        self.assertEqual((data["Type"], data["MaxInternalSize"], data["BlockSize"]), ("3", str(80 * GB), str(32 << 20)))
        self.assertEqual(self.disk(node, "C:\\nowhere.vhdx"), "32779")
        # db-02 runs: its disks cannot be resized; a new disk can, grown or shrunk.
        code, _ = self.images(node, "ResizeVirtualHardDisk", "<p:Path>C:\\ClusterStorage\\Volume2\\db-02\\Virtual Hard Disks\\db-02.vhdx"
                                                             f"</p:Path><p:MaxInternalSize>{100 * GB}</p:MaxInternalSize>")
        self.assertEqual(code, "32775")
        path = "C:\\ClusterStorage\\Volume1\\scratch\\scratch.vhdx"
        self.create_disk(node, path, "3", 10 * GB)
        code, out = self.images(node, "ResizeVirtualHardDisk", f"<p:Path>{path}</p:Path><p:MaxInternalSize>{20 * GB}</p:MaxInternalSize>")
        self.assertEqual(code, "4096")
        self.assertEqual(value(self.wait_for_job(node, out, IMAGES, "Msvm_StorageJob"), "JobType"), "4")
        self.assertEqual(self.disk(node, path)[0]["MaxInternalSize"], str(20 * GB))
        self.assertEqual(self.images(node, "ResizeVirtualHardDisk", f"<p:Path>{path}</p:Path><p:MaxInternalSize>0</p:MaxInternalSize>")[0], "32773")
        # A differencing disk over it, validated with its chain; the same file twice fails the job.
        child = "C:\\ClusterStorage\\Volume1\\scratch\\child.avhdx"
        self.create_disk(node, child, "4", parent=path)
        self.assertEqual(self.disk(node, child)[0]["MaxInternalSize"], str(20 * GB))
        code, out = self.images(node, "ValidateVirtualHardDisk", f"<p:Path>{child}</p:Path>")
        self.assertEqual(value(self.wait_for_job(node, out, IMAGES, "Msvm_StorageJob"), "JobType"), "9")
        failed = self.create_disk(node, path, "3", 10 * GB, state="10")
        self.assertIn("exists", value(failed, "ErrorDescription"))
        # Bad settings: no parent, a parent that is not there, a size past VHDX's 64 TB.
        self.assertEqual(self.images(node, "CreateVirtualHardDisk", "<p:VirtualDiskSettingData>" + embedded(
            "Msvm_VirtualHardDiskSettingData", {"Path": ("string", "C:\\x.avhdx"), "Type": ("uint16", "4")}) +
            "</p:VirtualDiskSettingData>")[0], "32773")
        self.assertEqual(self.images(node, "CreateVirtualHardDisk", "<p:VirtualDiskSettingData>" + embedded(
            "Msvm_VirtualHardDiskSettingData", {"Path": ("string", "C:\\x.avhdx"), "Type": ("uint16", "4"),
                                                "ParentPath": ("string", "C:\\gone.vhdx")}) + "</p:VirtualDiskSettingData>")[0], "32779")
        self.assertEqual(self.images(node, "CreateVirtualHardDisk", "<p:VirtualDiskSettingData>" + embedded(
            "Msvm_VirtualHardDiskSettingData", {"Path": ("string", "C:\\x.vhdx"), "Type": ("uint16", "3"),
                                                "MaxInternalSize": ("uint64", str(65 * 1024 * GB))}) + "</p:VirtualDiskSettingData>")[0], "32773")

    def test_a_fixture_checkpoint(self):
        db_01 = "5E3A0006-1006-4006-8006-A00000000006"
        (checkpoint,) = self.query("HV-NODE1", f"ASSOCIATORS OF {{{self.vm_path(db_01)}}} WHERE AssocClass = Msvm_SnapshotOfVirtualSystem")
        self.assertEqual(value(checkpoint, "ElementName"), "before the cumulative update")
        self.assertIn(value(checkpoint, "InstanceID").split(":")[1], value(self.settings("HV-NODE1", db_01), "Parent"))
        disks = [d.find(f"{{{VIRT}Msvm_StorageAllocationSettingData}}HostResource").text
                 for d in self.resources("HV-NODE1", db_01, "Msvm_StorageAllocationSettingData")]
        self.assertTrue(all(d.endswith(".avhdx") for d in disks), disks)

    def test_summary_information_and_thumbnail(self):
        node = "HV-NODE1"
        settings = epr("Msvm_VirtualSystemSettingData", {"InstanceID": f"Microsoft:{APP_01}"})
        missing = epr("Msvm_VirtualSystemSettingData", {"InstanceID": "Microsoft:00000000-0000-0000-0000-000000000000"})
        asked = "".join(f"<p:RequestedInformation>{n}</p:RequestedInformation>" for n in (1, 4, 9, 100, 103, 104, 106))
        code, out = self.manage(node, "GetSummaryInformation",
                                f"<p:SettingData>{settings}</p:SettingData><p:SettingData>{missing}</p:SettingData>{asked}")
        self.assertEqual(code, "0")
        found = out.findall(f"{{{SERVICE}}}SummaryInformation")
        self.assertEqual(len(found), 2)  # one per settings instance asked about, in order
        summary = {p.get("NAME"): (p.findtext("VALUE"), [v.text for v in p.iter("VALUE")])
                   for p in ET.fromstring(found[0].text) if p.tag.startswith("PROPERTY")}
        self.assertEqual(summary["Name"][0], APP_01)
        self.assertEqual((summary["ElementName"][0], summary["NumberOfProcessors"][0], summary["EnabledState"][0]), ("app-01", "8", "2"))
        self.assertEqual((summary["MemoryUsage"][0], summary["Heartbeat"][0]), ("16384", "2"))
        self.assertEqual(summary["VirtualSwitchNames"][1], ["ConvergedSwitch"])
        self.assertIsNone(summary.get("CreationTime", (None,))[0])  # not asked for: NULL
        unknown = {p.get("NAME"): p.findtext("VALUE") for p in ET.fromstring(found[1].text) if p.tag.startswith("PROPERTY")}
        self.assertIn(unknown["Name"], (None, ""))
        # Every VM of the node when SettingData is NULL; an unknown field is refused.
        code, out = self.manage(node, "GetSummaryInformation", "<p:RequestedInformation>1</p:RequestedInformation>")
        self.assertEqual(len(out.findall(f"{{{SERVICE}}}SummaryInformation")), 4)
        self.assertEqual(self.manage(node, "GetSummaryInformation", "<p:RequestedInformation>99</p:RequestedInformation>")[0], "32773")

        code, out = self.manage(node, "GetVirtualSystemThumbnailImage", f"<p:TargetSystem>{settings}</p:TargetSystem>"
                                                                         "<p:WidthPixels>16</p:WidthPixels><p:HeightPixels>12</p:HeightPixels>")
        self.assertEqual(code, "0")
        image = [int(b.text) for b in out.findall(f"{{{SERVICE}}}ImageData")]
        self.assertEqual(len(image), 16 * 12 * 2)  # RGB 565, two bytes a pixel
        self.assertTrue(all(0 <= b <= 255 for b in image))
        self.assertEqual(self.manage(node, "GetVirtualSystemThumbnailImage", f"<p:TargetSystem>{settings}</p:TargetSystem>"
                                                                             "<p:WidthPixels>0</p:WidthPixels><p:HeightPixels>12</p:HeightPixels>")[0], "32773")
        off = epr("Msvm_VirtualSystemSettingData", {"InstanceID": f"Microsoft:{hosts.BUILD_02}"})
        self.assertEqual(self.manage("HV-NODE2", "GetVirtualSystemThumbnailImage", f"<p:TargetSystem>{off}</p:TargetSystem>"
                                                                                  "<p:WidthPixels>16</p:WidthPixels><p:HeightPixels>12</p:HeightPixels>")[0], "32775")

    def test_storage_migration_moves_the_disks(self):
        node, db_01 = "HV-NODE1", "5E3A0006-1006-4006-8006-A00000000006"
        disks = self.resources(node, db_01, "Msvm_StorageAllocationSettingData")
        self.assertEqual(len(disks), 2)
        service = VIRT + "Msvm_VirtualSystemMigrationService"
        keys = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": node,
                "CreationClassName": "Msvm_VirtualSystemMigrationService", "Name": "migrationwmi"}
        settings = embedded("Msvm_VirtualSystemMigrationSettingData", {"MigrationType": ("uint16", "32769")})
        new_system = embedded("Msvm_VirtualSystemSettingData", {"ConfigurationDataRoot": ("string", "E:\\VMs\\db-01")})
        new_disks = "".join(
            "<p:NewResourceSettingData>" + embedded("Msvm_StorageAllocationSettingData", {
                "InstanceID": ("string", value(d, "InstanceID")),
                "HostResource": ("string", [f"E:\\VMs\\db-01\\disk{i}.vhdx"])}) + "</p:NewResourceSettingData>"
            for i, d in enumerate(disks))
        vm = epr("Msvm_ComputerSystem", {"CreationClassName": "Msvm_ComputerSystem", "Name": db_01})
        body = (f"<p:ComputerSystem>{vm}</p:ComputerSystem><p:DestinationHost>{node}</p:DestinationHost>"
                f"<p:MigrationSettingData>{settings}</p:MigrationSettingData><p:NewSystemSettingData>{new_system}</p:NewSystemSettingData>{new_disks}")
        out = self.invoke(node, service, "MigrateVirtualSystemToHost", body, keys)
        self.assertEqual(out.find(f"{{{service}}}ReturnValue").text, "4096")
        requests.post(self.base + "clock", json={"advance": "PT2H"}, auth=self.auth, timeout=30).raise_for_status()
        paths = sorted(d.find(f"{{{VIRT}Msvm_StorageAllocationSettingData}}HostResource").text
                       for d in self.resources(node, db_01, "Msvm_StorageAllocationSettingData"))
        self.assertEqual(paths, ["E:\\VMs\\db-01\\disk0.vhdx", "E:\\VMs\\db-01\\disk1.vhdx"])
        self.assertEqual(value(self.settings(node, db_01), "ConfigurationDataRoot"), "E:\\VMs\\db-01")
        # A disk the VM does not have is refused before anything starts.
        wrong = embedded("Msvm_StorageAllocationSettingData", {"InstanceID": ("string", "Microsoft:nothing"),
                                                               "HostResource": ("string", ["E:\\x.vhdx"])})
        body = (f"<p:ComputerSystem>{vm}</p:ComputerSystem><p:DestinationHost>{node}</p:DestinationHost>"
                f"<p:MigrationSettingData>{settings}</p:MigrationSettingData><p:NewResourceSettingData>{wrong}</p:NewResourceSettingData>")
        out = self.invoke(node, service, "MigrateVirtualSystemToHost", body, keys)
        self.assertEqual(out.find(f"{{{service}}}ReturnValue").text, "32773")

    def test_a_behaviour_fails_a_configuration_job(self):
        node, vm_id = "HV-NODE2", hosts.BUILD_02
        system = epr("Msvm_ComputerSystem", {"CreationClassName": "Msvm_ComputerSystem", "Name": vm_id})
        code, out = self.manage(node, "DestroySystem", f"<p:AffectedSystem>{system}</p:AffectedSystem>")
        self.assertEqual(code, "4096")
        job_id = out.find(f"{{{SERVICE}}}Job").find(".//w:Selector[@Name='InstanceID']", NS).text
        requests.post(self.base + "clock", json={"advance": "PT10S"}, auth=self.auth, timeout=30).raise_for_status()
        (job,) = self.query(node, f"SELECT * FROM Msvm_ConcreteJob WHERE InstanceID = '{job_id}'", VIRT + "Msvm_ConcreteJob")
        self.assertEqual((value(job, "JobState"), value(job, "JobType")), ("10", "3"))
        # Nothing was deleted.
        self.assertEqual(value(self.settings(node, vm_id), "ElementName"), "build-02")

    def test_define_system_refuses_bad_settings(self):
        for props in ({"VirtualSystemSubType": ("string", "Microsoft:Hyper-V:SubType:3")},
                      {"VirtualSystemType": ("string", "Microsoft:Hyper-V:Snapshot:Realized")},
                      {"ElementName": ("string", "x" * 101)}):
            settings = embedded("Msvm_VirtualSystemSettingData", props)
            self.assertEqual(self.manage("HV-NODE1", "DefineSystem", f"<p:SystemSettings>{settings}</p:SystemSettings>")[0], "32773")
        not_settings = embedded("Msvm_MemorySettingData", {"VirtualQuantity": ("uint64", "1024")})
        self.assertEqual(self.manage("HV-NODE1", "DefineSystem", f"<p:SystemSettings>{not_settings}</p:SystemSettings>")[0], "32773")

    def test_define_system_from_a_reference_configuration(self):
        node = "HV-NODE1"
        settings = embedded("Msvm_VirtualSystemSettingData", {"ElementName": ("string", "app-01 clone")})
        reference = epr("Msvm_VirtualSystemSettingData", {"InstanceID": f"Microsoft:{APP_01}"})
        code, out = self.manage(node, "DefineSystem", f"<p:SystemSettings>{settings}</p:SystemSettings>"
                                                      f"<p:ReferenceConfiguration>{reference}</p:ReferenceConfiguration>")
        self.assertEqual(code, "0")
        vm_id = out.find(f"{{{SERVICE}}}ResultingSystem").find(".//w:Selector[@Name='Name']", NS).text
        # What the settings leave out comes from app-01: generation 2, 8 processors, 16 GB.
        self.assertEqual(value(self.settings(node, vm_id), "VirtualSystemSubType"), "Microsoft:Hyper-V:SubType:2")
        (cpu,) = self.resources(node, vm_id, "Msvm_ProcessorSettingData")
        (memory,) = self.resources(node, vm_id, "Msvm_MemorySettingData")
        self.assertEqual((value(cpu, "VirtualQuantity"), value(memory, "VirtualQuantity")), ("8", "16384"))
        self.assertEqual(value(self.settings(node, vm_id), "ElementName"), "app-01 clone")
        not_settings = epr("Msvm_VirtualSystemSettingData", {"InstanceID": "Microsoft:00000000-0000-0000-0000-000000000000"})
        self.assertEqual(self.manage(node, "DefineSystem", f"<p:SystemSettings>{settings}</p:SystemSettings>"
                                                           f"<p:ReferenceConfiguration>{not_settings}</p:ReferenceConfiguration>")[0], "32773")
        # Gone again, so that the node's VMs are the fixture's for the other tests.
        code, out = self.manage(node, "DestroySystem", f"<p:AffectedSystem>{epr('Msvm_ComputerSystem', {'CreationClassName': 'Msvm_ComputerSystem', 'Name': vm_id})}</p:AffectedSystem>")
        self.wait_for_job(node, out)

    def test_checkpoint_tree_and_saved_state(self):
        node = "HV-NODE3"
        snapshots = VIRT + "Msvm_VirtualSystemSnapshotService"
        keys = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": node,
                "CreationClassName": "Msvm_VirtualSystemSnapshotService", "Name": "vssnapsvc"}
        settings = embedded("Msvm_VirtualSystemSettingData", {"ElementName": ("string", "tree-vm")})
        code, out = self.manage(node, "DefineSystem", f"<p:SystemSettings>{settings}</p:SystemSettings>")
        vm_id = out.find(f"{{{SERVICE}}}ResultingSystem").find(".//w:Selector[@Name='Name']", NS).text
        system = epr("Msvm_ComputerSystem", {"CreationClassName": "Msvm_ComputerSystem", "Name": vm_id})

        def checkpoint():
            out = self.invoke(node, snapshots, "CreateSnapshot", f"<p:AffectedSystem>{system}</p:AffectedSystem>", keys)
            self.wait_for_job(node, out, snapshots)
            return out.find(f"{{{snapshots}}}ResultingSnapshot").find(".//w:Selector[@Name='InstanceID']", NS).text
        first = checkpoint()  # off: no saved state to clear
        reference = epr("Msvm_VirtualSystemSettingData", {"InstanceID": first})
        out = self.invoke(node, snapshots, "ClearSnapshotState", f"<p:SnapshotSettingData>{reference}</p:SnapshotSettingData>", keys)
        self.assertEqual(out.find(f"{{{snapshots}}}ReturnValue").text, "32775")
        vm_resource = VIRT + "Msvm_ComputerSystem"
        out = self.invoke(node, vm_resource, "RequestStateChange", "<p:RequestedState>2</p:RequestedState>", {"Name": vm_id})
        self.wait_for_job(node, out, vm_resource)
        second, third = checkpoint(), checkpoint()
        (saved,) = self.query(node, f"SELECT * FROM Msvm_VirtualSystemSettingData WHERE InstanceID = '{second}'")
        self.assertEqual(value(saved, "IsSaved"), "true")
        reference = epr("Msvm_VirtualSystemSettingData", {"InstanceID": second})
        out = self.invoke(node, snapshots, "ClearSnapshotState", f"<p:SnapshotSettingData>{reference}</p:SnapshotSettingData>", keys)
        self.assertEqual(out.find(f"{{{snapshots}}}ReturnValue").text, "4096")
        self.assertEqual(value(self.wait_for_job(node, out, snapshots), "JobType"), "73")
        (saved,) = self.query(node, f"SELECT * FROM Msvm_VirtualSystemSettingData WHERE InstanceID = '{second}'")
        self.assertEqual(value(saved, "IsSaved"), "false")
        # The second checkpoint and the third, taken after it, go; the first stays the VM's parent.
        out = self.invoke(node, snapshots, "DestroySnapshotTree", f"<p:SnapshotSettingData>{reference}</p:SnapshotSettingData>", keys)
        self.assertEqual(value(self.wait_for_job(node, out, snapshots), "JobType"), "72")
        left = [value(c, "InstanceID") for c in
                self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE AssocClass = Msvm_SnapshotOfVirtualSystem")]
        self.assertEqual(left, [first])
        self.assertIn(first.split(":")[1], value(self.settings(node, vm_id), "Parent"))
        self.assertNotIn(third, {value(c, "InstanceID") for c in self.query(node, "SELECT * FROM Msvm_VirtualSystemSettingData")})
        # The keyboard takes scan codes while the VM runs; none is refused.
        (keyboard,) = self.query(node, f"ASSOCIATORS OF {{{self.vm_path(vm_id)}}} WHERE ResultClass = Msvm_Keyboard")
        keyboard_keys = {k: value(keyboard, k) for k in ("SystemCreationClassName", "SystemName", "CreationClassName", "DeviceID")}
        kb = VIRT + "Msvm_Keyboard"
        codes = "".join(f"<p:Scancodes>{c}</p:Scancodes>" for c in (0x1C, 0x9C))  # Enter pressed and released
        self.assertEqual(self.invoke(node, kb, "TypeScancodes", codes, keyboard_keys).find(f"{{{kb}}}ReturnValue").text, "0")
        self.assertEqual(self.invoke(node, kb, "TypeScancodes", "", keyboard_keys).find(f"{{{kb}}}ReturnValue").text, "32773")
        self.assertEqual(self.invoke(node, kb, "Reset", "", keyboard_keys).find(f"{{{kb}}}ReturnValue").text, "0")

    def test_configuration_moves_with_a_migrated_vm(self):
        service = VIRT + "Msvm_VirtualSystemMigrationService"
        vm = epr("Msvm_ComputerSystem", {"CreationClassName": "Msvm_ComputerSystem", "Name": WEB_03})
        keys = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": "HV-NODE3",
                "CreationClassName": "Msvm_VirtualSystemMigrationService", "Name": "migrationwmi"}
        out = self.invoke("HV-NODE3", service, "MigrateVirtualSystemToHost",
                          f"<p:ComputerSystem>{vm}</p:ComputerSystem><p:DestinationHost>HV-NODE1</p:DestinationHost>", keys)
        self.assertEqual(out.find(f"{{{service}}}ReturnValue").text, "4096")
        requests.post(self.base + "clock", json={"advance": "PT60S"}, auth=self.auth, timeout=30).raise_for_status()
        with self.assertRaises(winrm.exceptions.WinRMError):
            self.resources("HV-NODE3", WEB_03)
        moved = self.resources("HV-NODE1", WEB_03)
        self.assertEqual(len(moved), len({value(r, "InstanceID") for r in moved}))
        (memory,) = [r for r in moved if r.tag.endswith("Msvm_MemorySettingData")]
        self.assertEqual((value(memory, "VirtualQuantity"), value(memory, "DynamicMemoryEnabled")), ("8192", "true"))
        (connection,) = [r for r in moved if r.tag.endswith("Msvm_EthernetPortAllocationSettingData")]
        (switch,) = self.query("HV-NODE1", "SELECT * FROM Msvm_VirtualEthernetSwitch WHERE ElementName = 'ConvergedSwitch'",
                               VIRT + "Msvm_VirtualEthernetSwitch")
        self.assertIn(value(switch, "Name"), connection.find(f"{{{VIRT}Msvm_EthernetPortAllocationSettingData}}HostResource").text)
        self.assertEqual(value(self.settings("HV-NODE1", WEB_03), "ElementName"), "web-03")
        # Changed where it runs now; the node it left knows it no more.
        rasd = embedded("Msvm_MemorySettingData", {"InstanceID": ("string", value(memory, "InstanceID")), "Limit": ("uint64", "32768")})
        code, out = self.manage("HV-NODE1", "ModifyResourceSettings", f"<p:ResourceSettings>{rasd}</p:ResourceSettings>")
        self.assertEqual(code, "4096")  # a running VM's change: a job
        self.wait_for_job("HV-NODE1", out)
        (memory,) = self.resources("HV-NODE1", WEB_03, "Msvm_MemorySettingData")
        self.assertEqual(value(memory, "Limit"), "32768")
        self.assertEqual(self.manage("HV-NODE3", "ModifyResourceSettings", f"<p:ResourceSettings>{rasd}</p:ResourceSettings>")[0], "32773")


if __name__ == "__main__":
    unittest.main()
