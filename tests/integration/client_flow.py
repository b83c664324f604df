"""The flow every client runs under every scheme (the authentication issue's tests): Identify,
Enumerate/Pull, Get of a job, and an Invoke, through a pywinrm Protocol (or anything with its
send_message)."""
from wsman_messages import ENUMERATION, NS, TRANSFER, WMI, envelope, enumerate_body, parse, pull_body, wql_filter

IDENTIFY = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
            '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>')
RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"
WEB_02 = "5E3A0001-1001-4001-8001-A00000000001"
APP_02 = "5E3A0004-1004-4004-8004-A00000000004"  # on HV-NODE2, idle
MIGRATION_SERVICE = WMI + "Msvm_VirtualSystemMigrationService"



def start_migration(test, protocol, vm_guid, destination):
    """MigrateVirtualSystemToHost on HV-NODE2's migration service: the job's InstanceID (4096 asserted)."""
    vm = (f"<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address><a:ReferenceParameters>"
          f"<w:ResourceURI>{WMI}Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>"
          f'<w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector><w:Selector Name="Name">{vm_guid}</w:Selector>'
          "</w:SelectorSet></a:ReferenceParameters>")
    selectors = {"SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": "HV-NODE2",
                 "CreationClassName": "Msvm_VirtualSystemMigrationService", "Name": "migrationwmi"}
    out = parse(protocol.send_message(envelope(
        f"{MIGRATION_SERVICE}/MigrateVirtualSystemToHost", MIGRATION_SERVICE,
        f'<p:MigrateVirtualSystemToHost_INPUT xmlns:p="{MIGRATION_SERVICE}"><p:ComputerSystem>{vm}</p:ComputerSystem>'
        f"<p:DestinationHost>{destination}</p:DestinationHost></p:MigrateVirtualSystemToHost_INPUT>", selectors)))
    test.assertEqual(out.find(f".//{{{MIGRATION_SERVICE}}}ReturnValue").text, "4096")
    return out.find(".//w:Selector[@Name='InstanceID']", NS).text


def terminate_job(protocol, job_id, job=WMI + "Msvm_MigrationJob"):
    """RequestStateChange(4) on a job (a migration's unless `job` names its class's resource URI): its ReturnValue."""
    stopped = parse(protocol.send_message(envelope(
        f"{job}/RequestStateChange", job,
        f'<p:RequestStateChange_INPUT xmlns:p="{job}"><p:RequestedState>4</p:RequestedState></p:RequestStateChange_INPUT>',
        {"InstanceID": job_id})))
    return stopped.find(f".//{{{job}}}ReturnValue").text


def hyperv_flow(test, protocol):
    """Identify, Enumerate/Pull, Get, and an Invoke whose job is polled, on one protocol."""
    identify = parse(protocol.send_message(IDENTIFY))
    test.assertIsNotNone(identify.find(".//{http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd}ProductVendor"))
    started = parse(protocol.send_message(envelope(ENUMERATION + "Enumerate", WMI + "*", enumerate_body(
        wql_filter("SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine'"), optimize=False))))
    context = started.find(".//n:EnumerationContext", NS).text
    pulled = parse(protocol.send_message(envelope(ENUMERATION + "Pull", WMI + "*", pull_body(context, 50))))
    test.assertEqual(len(pulled.find(".//n:Items", NS)), 12)
    job = parse(protocol.send_message(envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": RUNNING_JOB})))
    test.assertEqual(job.find(".//{%sMsvm_MigrationJob}InstanceID" % WMI).text, RUNNING_JOB)
    # Invoke: start a live migration of app-02 and poll its job; it is terminated, so app-02
    # stays where it is for the next flow.
    job_id = start_migration(test, protocol, APP_02, "HV-NODE1")
    for _ in range(2):
        polled = parse(protocol.send_message(envelope(TRANSFER + "Get", WMI + "Msvm_MigrationJob", selectors={"InstanceID": job_id})))
        test.assertIn(polled.find(".//{%sMsvm_MigrationJob}JobState" % WMI).text, ("3", "4"))
    job = WMI + "Msvm_MigrationJob"
    test.assertEqual(terminate_job(protocol, job_id), "0")
    polled = parse(protocol.send_message(envelope(TRANSFER + "Get", job, selectors={"InstanceID": job_id})))
    test.assertEqual(polled.find(".//{%sMsvm_MigrationJob}JobState" % WMI).text, "8")
