"""Jobs over the wire, driven by pywinrm the way Hyper-V tooling drives a real host: start a
migration, follow the Job EPR, poll with Get and with WQL until it ends, read GetErrorEx of a
failed one, terminate an export, see a non-cancellable job refuse, see jobs reaped. The server
runs job time 50x faster (--time-scale), with repeatable IDs (--seed) and a behaviours file
that makes db-02's migrations fail at 60 %."""
import json
import os
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import requests
import winrm

from cimdouble_server import CimdoubleServer
from wsman_messages import ENUMERATION, NS, TRANSFER, WMI, envelope, enumerate_body, fault_of, parse, wql_filter

WEB_01, APP_02, DB_02 = ("5E3A0000-1000-4000-8000-A00000000000", "5E3A0004-1004-4004-8004-A00000000004",
                         "5E3A0007-1007-4007-8007-A00000000007")
MIGRATION_SERVICE = WMI + "Msvm_VirtualSystemMigrationService"
RP_SERVICE = WMI + "Msvm_CollectionReferencePointService"
BEHAVIORS = {
    "defaults": {"migration": {"durationSeconds": 10}},
    "rules": [
        {"kind": "migration", "vm": "db-02", "failAtPercent": 60,
         "error": {"message": "Virtual machine migration operation for 'db-02' failed at migration source 'HV-NODE2'.",
                   "messageId": "21502", "messageArguments": ["db-02", "HV-NODE2"]}},
        {"kind": "export", "durationSeconds": 3600},
        {"kind": "create-reference-point", "durationSeconds": 3600},
    ],
}


def service_selectors(host, cls="Msvm_VirtualSystemMigrationService", name="migrationwmi"):
    return {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": host, "CreationClassName": cls, "Name": name}


def epr(cls, selectors):
    keys = "".join(f'<w:Selector Name="{k}">{v}</w:Selector>' for k, v in selectors.items())
    return (f"<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
            f"<a:ReferenceParameters><w:ResourceURI>{WMI}{cls}</w:ResourceURI><w:SelectorSet>{keys}</w:SelectorSet>"
            f"</a:ReferenceParameters>")


def vm_epr(guid):
    return epr("Msvm_ComputerSystem", {"CreationClassName": "Msvm_ComputerSystem", "Name": guid})


def migration_settings(migration_type=32768):
    cim_xml = ('<INSTANCE CLASSNAME="Msvm_VirtualSystemMigrationSettingData">'
               f'<PROPERTY NAME="MigrationType" TYPE="uint16"><VALUE>{migration_type}</VALUE></PROPERTY>'
               '<PROPERTY NAME="Priority" TYPE="uint16"><VALUE>0</VALUE></PROPERTY></INSTANCE>')
    return escape(cim_xml)


class JobsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        cls.behaviors = os.path.join(cls.folder.name, "behaviors.json")
        with open(cls.behaviors, "w") as f:
            json.dump(BEHAVIORS, f)
        cls.server = CimdoubleServer("--time-scale", "50", "--seed", "7", "--behaviors", cls.behaviors, https=False).__enter__()
        cls.protocol = winrm.protocol.Protocol(endpoint=cls.server.http_url, transport="basic",
                                               username=cls.server.user, password=cls.server.password)

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.folder.cleanup()
        assert cls.server.exit_code == 0

    def send(self, message):
        return parse(self.protocol.send_message(message))

    def invoke(self, uri, method, body_xml, selectors):
        root = self.send(envelope(f"{uri}/{method}", uri,
                                  f'<p:{method}_INPUT xmlns:p="{uri}">{body_xml}</p:{method}_INPUT>', selectors))
        return root.find(f"s:Body/{{{uri}}}{method}_OUTPUT", NS)

    def migrate(self, guid, destination, migration_type=32768):
        output = self.invoke(MIGRATION_SERVICE, "MigrateVirtualSystemToHost",
                             f"<p:ComputerSystem>{vm_epr(guid)}</p:ComputerSystem>"
                             f"<p:DestinationHost>{destination}</p:DestinationHost>"
                             f"<p:MigrationSettingData>{migration_settings(migration_type)}</p:MigrationSettingData>",
                             service_selectors("HV-NODE1"))
        return output

    def job_reference(self, output, uri):
        self.assertEqual(output.find(f"{{{uri}}}ReturnValue").text, "4096")
        parameters = output.find(f"{{{uri}}}Job/a:ReferenceParameters", NS)
        resource = parameters.find("w:ResourceURI", NS).text
        selectors = {s.get("Name"): s.text for s in parameters.findall("w:SelectorSet/w:Selector", NS)}
        return resource, selectors["InstanceID"]

    def get_job(self, resource, instance_id):
        root = self.send(envelope(TRANSFER + "Get", resource, selectors={"InstanceID": instance_id}))
        job = root.find("s:Body/*", NS)
        return {child.tag.split("}")[1]: child.text for child in job}

    def poll(self, resource, instance_id, states, limit=15):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            job = self.get_job(resource, instance_id)
            if job["JobState"] in states:
                return job
            time.sleep(0.05)
        self.fail(f"job {instance_id} did not reach {states}: {job}")

    def host_of(self, guid):
        association = f"""<w:Filter Dialect="http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter">
          <b:AssociatedInstances><b:Object>{vm_epr(guid)}</b:Object>
          <b:AssociationClassName>Msvm_ComponentCS</b:AssociationClassName><b:ResultRole>GroupComponent</b:ResultRole>
          </b:AssociatedInstances></w:Filter>"""
        root = self.send(envelope(ENUMERATION + "Enumerate", "http://schemas.dmtf.org/wbem/wscim/1/*",
                                  enumerate_body(association), {"__cimnamespace": "root/HyperVCluster/v2"}))
        items = root.findall("s:Body/n:EnumerateResponse/w:Items/*", NS)
        self.assertEqual(len(items), 1)
        return items[0].find("{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_ComputerSystem}Name").text

    def test_live_migration_completes_and_moves_the_vm(self):
        self.assertEqual(self.host_of(WEB_01), "HV-NODE1")
        resource, instance_id = self.job_reference(self.migrate(WEB_01, "HV-NODE3"), MIGRATION_SERVICE)
        self.assertEqual(resource, WMI + "Msvm_MigrationJob")
        first = self.get_job(resource, instance_id)
        self.assertIn(first["JobState"], ("4", "7"))
        self.assertEqual(first["JobType"], "305")
        # libvirt-style poll by WQL on the job's key, until the job ends.
        query = enumerate_body(wql_filter(f"SELECT * FROM CIM_ConcreteJob WHERE InstanceID = '{instance_id}'"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            items = self.send(envelope(ENUMERATION + "Enumerate", WMI + "*", query)).findall(
                "s:Body/n:EnumerateResponse/w:Items/*", NS)
            self.assertEqual(len(items), 1)
            state = items[0].find("{%sMsvm_MigrationJob}JobState" % WMI).text
            if state == "7":
                break
            time.sleep(0.05)
        job = self.poll(resource, instance_id, {"7"})
        self.assertEqual(job["PercentComplete"], "100")
        self.assertEqual(job["ErrorCode"], "0")
        self.assertEqual(self.host_of(WEB_01), "HV-NODE3")
        errors = self.invoke(resource, "GetErrorEx", "", {"InstanceID": instance_id})
        self.assertEqual(errors.find(f"{{{resource}}}ReturnValue").text, "0")
        self.assertIsNone(errors.find(f"{{{resource}}}Errors"))

    def test_failing_migration_reports_its_errors(self):
        self.assertEqual(self.host_of(DB_02), "HV-NODE2")
        resource, instance_id = self.job_reference(self.migrate(DB_02, "HV-NODE1"), MIGRATION_SERVICE)
        job = self.poll(resource, instance_id, {"10"})
        self.assertEqual(job["PercentComplete"], "60")
        self.assertEqual(job["ErrorCode"], "32768")
        output = self.invoke(resource, "GetErrorEx", "", {"InstanceID": instance_id})
        self.assertEqual(output.find(f"{{{resource}}}ReturnValue").text, "0")
        errors = output.findall(f"{{{resource}}}Errors")
        self.assertEqual(len(errors), 1)
        instance = ET.fromstring(errors[0].text)  # CIM-XML, as clients parse it themselves
        self.assertEqual(instance.get("CLASSNAME"), "Msvm_Error")
        props = {p.get("NAME"): p for p in instance}
        self.assertIn("failed at migration source 'HV-NODE2'", props["Message"].find("VALUE").text)
        self.assertEqual(props["MessageID"].find("VALUE").text, "21502")
        self.assertEqual([v.text for v in props["MessageArguments"].findall("VALUE.ARRAY/VALUE")], ["db-02", "HV-NODE2"])
        self.assertEqual(props["ErrorSourceFormat"].find("VALUE").text, "2")
        self.assertIn(DB_02, props["ErrorSource"].find("VALUE").text)
        single = self.invoke(resource, "GetError", "", {"InstanceID": instance_id})
        self.assertIsNotNone(single.find(f"{{{resource}}}Error"))
        self.assertEqual(self.host_of(DB_02), "HV-NODE2")  # a failed migration leaves the VM where it was

    def test_terminate_a_running_export(self):
        rp = epr("Msvm_ReferencePointCollection", {"CollectionID": "0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E02"})
        output = self.invoke(RP_SERVICE, "ExportReferencePoint",
                             f"<p:ReferencePointCollection>{rp}</p:ReferencePointCollection>"
                             "<p:ExportDirectory>E:\\Exports\\nightly</p:ExportDirectory>",
                             service_selectors("HV-NODE1", "Msvm_CollectionReferencePointService",
                                               "Microsoft:CollectionReferencePointService"))
        resource, instance_id = self.job_reference(output, RP_SERVICE)
        self.assertEqual(resource, WMI + "Msvm_CollectionReferencePointExportJob")
        self.assertEqual(self.get_job(resource, instance_id)["JobState"], "4")
        stopped = self.invoke(resource, "RequestStateChange", "<p:RequestedState>4</p:RequestedState>", {"InstanceID": instance_id})
        self.assertEqual(stopped.find(f"{{{resource}}}ReturnValue").text, "0")
        job = self.get_job(resource, instance_id)
        self.assertEqual(job["JobState"], "8")
        again = self.invoke(resource, "RequestStateChange", "<p:RequestedState>4</p:RequestedState>", {"InstanceID": instance_id})
        self.assertEqual(again.find(f"{{{resource}}}ReturnValue").text, "32775")  # already finished
        errors = self.invoke(resource, "GetErrorEx", "", {"InstanceID": instance_id}).findall(f"{{{resource}}}Errors")
        self.assertEqual(len(errors), 1)

    def test_a_non_cancellable_job_refuses_terminate(self):
        collection = epr("Msvm_VirtualSystemCollection", {"CollectionID": "6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10"})
        output = self.invoke(RP_SERVICE, "CreateReferencePoint",
                             f"<p:Collection>{collection}</p:Collection><p:ReferencePointType>1</p:ReferencePointType>",
                             service_selectors("HV-NODE1", "Msvm_CollectionReferencePointService",
                                               "Microsoft:CollectionReferencePointService"))
        self.assertIsNotNone(output.find(f"{{{RP_SERVICE}}}ResultingReferencePointCollection/a:ReferenceParameters", NS))
        resource, instance_id = self.job_reference(output, RP_SERVICE)
        self.assertEqual(self.get_job(resource, instance_id)["Cancellable"], "false")
        refused = self.invoke(resource, "RequestStateChange", "<p:RequestedState>4</p:RequestedState>", {"InstanceID": instance_id})
        self.assertEqual(refused.find(f"{{{resource}}}ReturnValue").text, "32775")
        self.assertEqual(self.get_job(resource, instance_id)["JobState"], "4")

    def test_jobs_are_reaped_after_time_before_removal(self):
        resource, instance_id = self.job_reference(self.migrate(APP_02, "HV-NODE3"), MIGRATION_SERVICE)
        body = (f'<p:Msvm_MigrationJob xmlns:p="{resource}" xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common">'
                "<p:TimeBeforeRemoval><cim:Interval>PT10S</cim:Interval></p:TimeBeforeRemoval></p:Msvm_MigrationJob>")
        self.send(envelope(TRANSFER + "Put", resource, body, {"InstanceID": instance_id}))
        self.poll(resource, instance_id, {"7"})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            response = requests.post(self.server.http_url, data=envelope(TRANSFER + "Get", resource, selectors={"InstanceID": instance_id}),
                                     auth=(self.server.user, self.server.password), timeout=30,
                                     headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
            if response.status_code == 500:
                self.assertEqual(fault_of(response.text)[1], "a:DestinationUnreachable")
                return
            time.sleep(0.05)
        self.fail("the job was not reaped")

    def test_reference_points_have_their_vms_parts(self):
        # Point 2 is application consistent: 2 in the collection's numbering, 1 in the part's.
        query = ("ASSOCIATORS OF {Msvm_ReferencePointCollection.CollectionID=\"0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E02\"} "
                 "WHERE AssocClass = Msvm_CollectedReferencePoints ResultClass = Msvm_VirtualSystemReferencePoint")
        root = self.send(envelope(ENUMERATION + "Enumerate", WMI + "*", enumerate_body(wql_filter(query))))
        parts = root.findall(".//w:Items/*", NS)
        self.assertEqual(len(parts), 3)
        uri = WMI + "Msvm_VirtualSystemReferencePoint"
        self.assertEqual(sorted(p.find(f"{{{uri}}}VirtualSystemIdentifier").text for p in parts),
                         [WEB_01, "5E3A0001-1001-4001-8001-A00000000001", "5E3A0002-1002-4002-8002-A00000000002"])
        self.assertEqual({p.find(f"{{{uri}}}ConsistencyLevel").text for p in parts}, {"1"})

    def test_collection_replication_is_not_configured(self):
        service = WMI + "Msvm_CollectionReplicationService"
        selectors = service_selectors("HV-NODE1", "Msvm_CollectionReplicationService", "Microsoft:CollectionReplicationService")
        collection = epr("Msvm_VirtualSystemCollection", {"CollectionID": "6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10"})
        output = self.invoke(service, "StartReplication",
                             f"<p:Collection>{collection}</p:Collection><p:InitialReplicationType>1</p:InitialReplicationType>",
                             selectors)
        self.assertEqual(output.find(f"{{{service}}}ReturnValue").text, "32775")
        nowhere = epr("Msvm_VirtualSystemCollection", {"CollectionID": "00000000-0000-0000-0000-000000000000"})
        output = self.invoke(service, "GetReplicationStatistics", f"<p:Collection>{nowhere}</p:Collection>", selectors)
        self.assertEqual(output.find(f"{{{service}}}ReturnValue").text, "32773")

    def test_refused_migrations(self):
        output = self.migrate("00000000-0000-0000-0000-000000000000", "HV-NODE2")
        self.assertEqual(output.find(f"{{{MIGRATION_SERVICE}}}ReturnValue").text, "32773")
        output = self.migrate(WEB_01, "NO-SUCH-NODE")
        self.assertEqual(output.find(f"{{{MIGRATION_SERVICE}}}ReturnValue").text, "32773")


class SeedTest(unittest.TestCase):
    def first_job_id(self):
        with CimdoubleServer("--seed", "1234", https=False) as server:
            protocol = winrm.protocol.Protocol(endpoint=server.http_url, transport="basic",
                                               username=server.user, password=server.password)
            root = parse(protocol.send_message(envelope(
                f"{MIGRATION_SERVICE}/MigrateVirtualSystemToHost", MIGRATION_SERVICE,
                f'<p:MigrateVirtualSystemToHost_INPUT xmlns:p="{MIGRATION_SERVICE}"><p:ComputerSystem>{vm_epr(WEB_01)}'
                "</p:ComputerSystem><p:DestinationHost>HV-NODE2</p:DestinationHost></p:MigrateVirtualSystemToHost_INPUT>",
                service_selectors("HV-NODE1"))))
            return root.find(".//w:Selector[@Name='InstanceID']", NS).text

    def test_the_seed_makes_job_ids_repeatable(self):
        first, second = self.first_job_id(), self.first_job_id()
        self.assertEqual(first, second)
        self.assertRegex(first, r"^Microsoft:[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")


if __name__ == "__main__":
    unittest.main()
