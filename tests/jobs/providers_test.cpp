// The providers through the method dispatcher, as the WS-Man layer calls them.
#include <boost/test/unit_test.hpp>

#include "job_world.h"
#include "jobs/cluster_lookup.h"

using namespace cimdouble;
using namespace cimdouble::jobs;
using namespace cimdouble::jobs::testing;
using cimom::CimType;
using cimom::Value;

namespace {

const char* kWeb01 = "5E3A0000-1000-4000-8000-A00000000000";  // on HV-NODE1
const char* kWeb02 = "5E3A0001-1001-4001-8001-A00000000001";  // on HV-NODE2, already migrating

cimom::ObjectPath migrationService(const std::string& host) {
  return cimom::ObjectPath(kNs, "Msvm_VirtualSystemMigrationService",
                           {{"SystemCreationClassName", Value::string("Msvm_ComputerSystem")}, {"SystemName", Value::string(host)},
                            {"CreationClassName", Value::string("Msvm_VirtualSystemMigrationService")},
                            {"Name", Value::string("migrationwmi")}});
}

Value settings(uint64_t migrationType) {
  auto s = std::make_shared<cimom::Instance>("Msvm_VirtualSystemMigrationSettingData");
  s->set("MigrationType", Value::unsignedInt(CimType::UInt16, migrationType));
  return Value::fromScalar(CimType::Instance, cimom::InstancePtr(s));
}

uint64_t code(const cimom::MethodResult& r) { return r.returnValue.asUnsigned(); }

const cimom::ObjectPath* outRef(const cimom::MethodResult& r, const char* name) {
  for (const auto& p : r.out) {
    if (p.name == name) return &p.value.asReference();
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(providers)

BOOST_FIXTURE_TEST_CASE(live_migration_moves_the_vm_when_it_completes, JobWorld) {
  const ClusterLookup lookup = cluster();
  BOOST_TEST((*lookup.hostOf(vm(kWeb01)))->get("Name")->asString() == "HV-NODE1");
  auto started = invoke(migrationService("HV-NODE1"), "MigrateVirtualSystemToHost",
                        {{"ComputerSystem", Value::reference(vm(kWeb01))}, {"DestinationHost", Value::string("hv-node3")},
                         {"MigrationSettingData", settings(32768)}});
  BOOST_REQUIRE(code(started) == static_cast<uint64_t>(ServiceReturn::JobStarted));
  const cimom::ObjectPath job = *outRef(started, "Job");
  BOOST_TEST(job.className() == "Msvm_MigrationJob");
  BOOST_TEST(number(job, "JobType") == 305u);
  BOOST_TEST(get(job)->get("DestinationHost")->asString() == "HV-NODE3");
  BOOST_TEST(get(job)->get("VirtualSystemName")->asString() == kWeb01);
  // Busy while it runs.
  auto again = invoke(migrationService("HV-NODE1"), "MigrateVirtualSystemToHost",
                      {{"ComputerSystem", Value::reference(vm(kWeb01))}, {"DestinationHost", Value::string("HV-NODE2")}});
  BOOST_TEST(code(again) == static_cast<uint64_t>(ServiceReturn::InvalidState));
  auto check = invoke(migrationService("HV-NODE1"), "CheckVirtualSystemIsMigratableToHost",
                      {{"ComputerSystem", Value::reference(vm(kWeb01))}, {"DestinationHost", Value::string("HV-NODE2")}});
  BOOST_TEST(code(check) == 0u);
  BOOST_TEST(check.out.at(0).value.asBool() == false);
  advance(15 * kSecond);
  BOOST_TEST((*lookup.hostOf(vm(kWeb01)))->get("Name")->asString() == "HV-NODE1");  // not yet
  advance(15 * kSecond);
  BOOST_TEST(number(job, "JobState") == 7u);
  BOOST_TEST((*lookup.hostOf(vm(kWeb01)))->get("Name")->asString() == "HV-NODE3");
}

BOOST_FIXTURE_TEST_CASE(migration_arguments_are_validated, JobWorld) {
  auto migrate = [&](std::vector<cimom::PropertyValue> in) {
    return code(invoke(migrationService("HV-NODE1"), "MigrateVirtualSystemToHost", std::move(in)));
  };
  BOOST_TEST(migrate({{"ComputerSystem", Value::reference(vm("nope"))}, {"DestinationHost", Value::string("HV-NODE2")}}) ==
             static_cast<uint64_t>(ServiceReturn::InvalidParameter));
  BOOST_TEST(migrate({{"ComputerSystem", Value::reference(vm(kWeb01))}, {"DestinationHost", Value::string("HV-NODE9")}}) ==
             static_cast<uint64_t>(ServiceReturn::InvalidParameter));
  BOOST_TEST(migrate({{"ComputerSystem", Value::reference(vm(kWeb01))}, {"DestinationHost", Value::string("HV-NODE1")}}) ==
             static_cast<uint64_t>(ServiceReturn::InvalidParameter));  // it is already there
  BOOST_TEST(migrate({{"ComputerSystem", Value::reference(vm(kWeb02))}, {"DestinationHost", Value::string("HV-NODE1")}}) ==
             static_cast<uint64_t>(ServiceReturn::InvalidState));  // the default cluster has it mid-migration
  BOOST_TEST(migrate({{"ComputerSystem", Value::reference(vm(kWeb01))}, {"DestinationHost", Value::string("HV-NODE2")},
                      {"MigrationSettingData", settings(4)}}) == static_cast<uint64_t>(ServiceReturn::InvalidParameter));
  BOOST_TEST(migrate({{"ComputerSystem", Value::reference(vm(kWeb01))}, {"DestinationHost", Value::string("HV-NODE2")},
                      {"MigrationSettingData", settings(32770)}}) == static_cast<uint64_t>(ServiceReturn::NotSupported));
  BOOST_TEST(migrate({{"DestinationHost", Value::string("HV-NODE2")}}) == static_cast<uint64_t>(ServiceReturn::InvalidParameter));
  // A storage migration needs no destination host and leaves the VM where it is.
  auto storage = invoke(migrationService("HV-NODE1"), "MigrateVirtualSystemToHost",
                        {{"ComputerSystem", Value::reference(vm(kWeb01))}, {"MigrationSettingData", settings(32769)}});
  BOOST_REQUIRE(code(storage) == static_cast<uint64_t>(ServiceReturn::JobStarted));
  BOOST_TEST(number(*outRef(storage, "Job"), "JobType") == 307u);
  BOOST_TEST(get(*outRef(storage, "Job"))->get("DestinationHost")->isNull());
  advance(61 * kSecond);
  BOOST_TEST(number(*outRef(storage, "Job"), "JobState") == 7u);
  BOOST_TEST((*cluster().hostOf(vm(kWeb01)))->get("Name")->asString() == "HV-NODE1");
}

BOOST_FIXTURE_TEST_CASE(incremental_export_lists_the_exported_files, JobWorld) {
  const cimom::ObjectPath service(kNs, "Msvm_CollectionReferencePointService",
                                  {{"SystemCreationClassName", Value::string("Msvm_ComputerSystem")},
                                   {"SystemName", Value::string("HV-NODE1")},
                                   {"CreationClassName", Value::string("Msvm_CollectionReferencePointService")},
                                   {"Name", Value::string("Microsoft:CollectionReferencePointService")}});
  const cimom::ObjectPath latest(kNs, "Msvm_ReferencePointCollection", {{"CollectionID", Value::string("0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E02")}});
  auto exportSettings = std::make_shared<cimom::Instance>("Msvm_CollectionReferencePointExportSettingData");
  exportSettings->set("BaseReferencePointCollection",
                      Value::string("root/HyperVCluster/v2:Msvm_ReferencePointCollection.CollectionID=\"0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E01\""));
  auto started = invoke(service, "ExportReferencePoint",
                        {{"ReferencePointCollection", Value::reference(latest)}, {"ExportDirectory", Value::string("E:\\Exports")},
                         {"ExportSettingData", Value::fromScalar(CimType::Instance, cimom::InstancePtr(exportSettings))}});
  BOOST_REQUIRE(code(started) == static_cast<uint64_t>(ServiceReturn::JobStarted));
  const cimom::ObjectPath job = *outRef(started, "Job");
  BOOST_TEST(get(job)->get("BaseReferencePointGroupId")->asString() == "0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E01");
  BOOST_TEST(get(job)->get("VirtualMachineId")->elements().size() == 3u);
  BOOST_TEST(get(job)->get("ExportedConfigFilePaths")->isNull());  // only when done
  advance(45 * kSecond);
  BOOST_TEST(number(job, "JobState") == 7u);
  auto configs = get(job)->get("ExportedConfigFilePaths");
  BOOST_REQUIRE(configs->elements().size() == 3u);
  BOOST_TEST(std::get<std::string>(configs->elements()[0]) ==
             "E:\\Exports\\5E3A0000-1000-4000-8000-A00000000000\\Virtual Machines\\5E3A0000-1000-4000-8000-A00000000000.vmcx");
  BOOST_TEST(get(job)->get("ExportedLogFilePaths")->elements().size() == 3u);
  BOOST_TEST(get(job)->get("ExportedRuntimeFilePaths")->elements().size() == 3u);
  BOOST_TEST(get(job)->get("ExportedDisks")->elements().size() == 3u);
  // Wrong arguments.
  BOOST_TEST(code(invoke(service, "ExportReferencePoint", {{"ReferencePointCollection", Value::reference(latest)}})) == static_cast<uint64_t>(ServiceReturn::InvalidParameter));
  BOOST_TEST(code(invoke(service, "RemoveAssociatedData", {})) == static_cast<uint64_t>(ServiceReturn::NotSupported));

  // Create and destroy a reference point.
  const cimom::ObjectPath collection(kNs, "Msvm_VirtualSystemCollection", {{"CollectionID", Value::string("6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10")}});
  auto created = invoke(service, "CreateReferencePoint", {{"Collection", Value::reference(collection)}, {"ReferencePointType", Value::unsignedInt(CimType::UInt16, 1)}});
  BOOST_REQUIRE(code(created) == static_cast<uint64_t>(ServiceReturn::JobStarted));
  const cimom::ObjectPath rp = *outRef(created, "ResultingReferencePointCollection");
  BOOST_TEST(get(rp) == nullptr);
  advance(5 * kSecond);
  BOOST_REQUIRE(get(rp) != nullptr);
  // A part for each of the collection's three VMs (Msvm_CollectedReferencePoints), crash
  // consistent in the part's numbering (2) as the point is in the collection's (1).
  auto parts = cluster().partsOf(rp);
  BOOST_REQUIRE(parts.ok());
  BOOST_TEST(parts->size() == 3u);
  for (const cimom::InstancePtr& part : *parts) {
    BOOST_TEST(part->get("ConsistencyLevel")->asUnsigned() == 2u);
    BOOST_TEST(part->get("HasAssociatedData")->asBool());
  }
  auto destroyed = invoke(service, "DestroyReferencePoint", {{"AffectedReferencePointCollection", Value::reference(rp)}});
  BOOST_REQUIRE(code(destroyed) == static_cast<uint64_t>(ServiceReturn::JobStarted));
  advance(3 * kSecond);
  BOOST_TEST(get(rp) == nullptr);
  BOOST_TEST(get(cluster().pathOf(*parts->front())) == nullptr);
}

BOOST_FIXTURE_TEST_CASE(collection_replication_answers_as_an_unreplicated_cluster, JobWorld) {
  const cimom::ObjectPath service(kNs, "Msvm_CollectionReplicationService",
                                  {{"SystemCreationClassName", Value::string("Msvm_ComputerSystem")},
                                   {"SystemName", Value::string("HV-NODE1")},
                                   {"CreationClassName", Value::string("Msvm_CollectionReplicationService")},
                                   {"Name", Value::string("Microsoft:CollectionReplicationService")}});
  BOOST_REQUIRE(get(service) != nullptr);
  const cimom::ObjectPath collection(kNs, "Msvm_VirtualSystemCollection", {{"CollectionID", Value::string("6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10")}});
  const cimom::ObjectPath nowhere(kNs, "Msvm_VirtualSystemCollection", {{"CollectionID", Value::string("00000000-0000-0000-0000-000000000000")}});
  for (const char* method : {"StartReplication", "InitiateFailover", "GetReplicationStatistics", "RemoveReplicationRelationship"}) {
    BOOST_TEST(code(invoke(service, method, {{"Collection", Value::reference(collection)}})) == static_cast<uint64_t>(ServiceReturn::InvalidState), method);
    BOOST_TEST(code(invoke(service, method, {{"Collection", Value::reference(nowhere)}})) == static_cast<uint64_t>(ServiceReturn::InvalidParameter), method);
  }
  BOOST_TEST(code(invoke(service, "CreateReplicationRelationship", {{"Collection", Value::reference(collection)}})) ==
             static_cast<uint64_t>(ServiceReturn::InvalidParameter));
  auto settings = std::make_shared<cimom::Instance>("Msvm_CollectionReplicationSettingData");
  settings->set("RecoveryConnectionPoint", Value::string("replica.example"));
  BOOST_TEST(code(invoke(service, "CreateReplicationRelationship",
                         {{"Collection", Value::reference(collection)},
                          {"CollectionReplicationSettingData", Value::fromScalar(CimType::Instance, cimom::InstancePtr(settings))}})) ==
             static_cast<uint64_t>(ServiceReturn::NotAvailable));
}

BOOST_AUTO_TEST_SUITE_END()
