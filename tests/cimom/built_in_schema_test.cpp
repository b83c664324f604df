// The schema in mof/ against the seed documents (../shared/seeds/000_*, 001_*; seed 000 plus
// ExportedGuestStateFilePaths, which the hyperv_v2 page of the export job adds).
#include <boost/test/unit_test.hpp>

#include "cimom/mof/built_in_schema.h"

using namespace cimdouble::cimom;

namespace {

struct Schema {
  ClassRepository repository;
  InstanceStore store{repository};
  Diagnostics problems = cimdouble::cimom::loadBuiltInSchema(repository, store);
};

struct Expected {
  const char* name;
  const char* type;
};

// Msvm_MigrationJob as seed 001 lists it, in its order.
constexpr Expected kMigrationJob[] = {
    {"Caption", "string"}, {"Description", "string"}, {"ElementName", "string"}, {"InstallDate", "datetime"},
    {"OperationalStatus", "uint16[]"}, {"StatusDescriptions", "string[]"}, {"Status", "string"},
    {"HealthState", "uint16"}, {"CommunicationStatus", "uint16"}, {"DetailedStatus", "uint16"},
    {"OperatingStatus", "uint16"}, {"PrimaryStatus", "uint16"}, {"JobStatus", "string"},
    {"TimeSubmitted", "datetime"}, {"ScheduledStartTime", "datetime"}, {"StartTime", "datetime"},
    {"ElapsedTime", "datetime"}, {"JobRunTimes", "uint32"}, {"RunMonth", "uint8"}, {"RunDay", "sint8"},
    {"RunDayOfWeek", "sint8"}, {"RunStartInterval", "datetime"}, {"LocalOrUtcTime", "uint16"},
    {"UntilTime", "datetime"}, {"Notify", "string"}, {"Owner", "string"}, {"Priority", "uint32"},
    {"PercentComplete", "uint16"}, {"DeleteOnCompletion", "boolean"}, {"ErrorCode", "uint16"},
    {"ErrorDescription", "string"}, {"RecoveryAction", "uint16"}, {"OtherRecoveryAction", "string"},
    {"InstanceID", "string"}, {"Name", "string"}, {"JobState", "uint16"}, {"TimeOfLastStateChange", "datetime"},
    {"TimeBeforeRemoval", "datetime"}, {"Cancellable", "boolean"}, {"ErrorSummaryDescription", "string"},
    {"MigrationType", "uint16"}, {"VirtualSystemName", "string"}, {"DestinationHost", "string"},
    {"NewSystemSettingData", "string"}, {"NewResourceSettingData", "string[]"}, {"JobType", "uint16"},
};

constexpr Expected kExportJobOwn[] = {
    {"CollectionId", "string"}, {"ReferencePointGroupId", "string"}, {"BaseReferencePointGroupId", "string"},
    {"VirtualMachineId", "string[]"}, {"ExportDirectory", "string"}, {"ExportedDisks", "string[]"},
    {"ExportedLogFilePaths", "string[]"}, {"ExportedConfigFilePaths", "string[]"},
    {"ExportedRuntimeFilePaths", "string[]"}, {"ExportedGuestStateFilePaths", "string[]"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(built_in_schema)

BOOST_AUTO_TEST_CASE(compiles_cleanly) {
  Schema schema;
  for (const Diagnostic& d : schema.problems) BOOST_TEST_MESSAGE(d.toString());
  BOOST_TEST(schema.problems.empty());
  for (const char* ns : {"root/HyperVCluster/v2", "root/virtualization/v2", "root/interop", "root/cimv2"}) {
    BOOST_TEST(schema.repository.hasNamespace(ns));
  }
}

BOOST_AUTO_TEST_CASE(migration_job_matches_seed_001) {
  Schema schema;
  for (const char* ns : {"root/HyperVCluster/v2", "root\\virtualization\\v2"}) {
    ClassPtr job = schema.repository.findClass(ns, "Msvm_MigrationJob");
    BOOST_REQUIRE(job);
    BOOST_REQUIRE(job->properties.size() == std::size(kMigrationJob));
    for (std::size_t i = 0; i < std::size(kMigrationJob); ++i) {
      BOOST_TEST(job->properties[i].name == kMigrationJob[i].name);
      BOOST_TEST(job->properties[i].type.toString() == kMigrationJob[i].type);
    }
    BOOST_TEST(job->property("JobRunTimes")->defaultValue.asUnsigned() == 1u);
    BOOST_TEST(job->property("TimeBeforeRemoval")->defaultValue.asDateTime().toDmtf() == "00000000000500.000000:000");
    BOOST_TEST(job->property("TimeBeforeRemoval")->isRequired());
    BOOST_TEST(job->property("InstanceID")->isKey());
    BOOST_TEST(job->property("Name")->isRequired());
    BOOST_TEST(job->property("DeleteOnCompletion")->isWritable());
    BOOST_TEST(job->property("Priority")->isWritable());
    BOOST_TEST(!job->property("JobState")->isWritable());
    BOOST_TEST(*job->property("NewSystemSettingData")->embeddedInstanceClass() == "Msvm_VirtualSystemSettingData");
    for (const char* method : {"GetError", "GetErrorEx", "KillJob", "RequestStateChange"}) {
      BOOST_TEST(job->method(method) != nullptr, method);
    }
    BOOST_TEST(job->method("GetErrorEx")->parameter("Errors")->type.array);
    BOOST_TEST(job->method("GetErrorEx")->parameter("Errors")->isOut());
    BOOST_TEST(stringArrayQualifier(job->property("JobType")->qualifiers, "ValueMap").size() == 9u);
    BOOST_TEST((job->superclassChain ==
                std::vector<std::string>{"CIM_ConcreteJob", "CIM_Job", "CIM_LogicalElement", "CIM_ManagedSystemElement",
                                         "CIM_ManagedElement"}));
  }
}

BOOST_AUTO_TEST_CASE(export_job_matches_seed_000) {
  Schema schema;
  ClassPtr job = schema.repository.findClass("root/HyperVCluster/v2", "Msvm_CollectionReferencePointExportJob");
  BOOST_REQUIRE(job);
  BOOST_REQUIRE(job->properties.size() == 40u + std::size(kExportJobOwn));
  for (std::size_t i = 0; i < std::size(kExportJobOwn); ++i) {
    BOOST_TEST(job->properties[40 + i].name == kExportJobOwn[i].name);
    BOOST_TEST(job->properties[40 + i].type.toString() == kExportJobOwn[i].type);
  }
  for (std::size_t i = 0; i < 40; ++i) BOOST_TEST(job->properties[i].name == kMigrationJob[i].name);
}

BOOST_AUTO_TEST_CASE(job_classes_are_siblings) {
  Schema schema;
  const char* ns = "root/HyperVCluster/v2";
  BOOST_TEST(schema.repository.isA(ns, "Msvm_MigrationJob", "CIM_ConcreteJob"));
  BOOST_TEST(schema.repository.isA(ns, "Msvm_CollectionReferencePointExportJob", "CIM_ConcreteJob"));
  BOOST_TEST(!schema.repository.isA(ns, "Msvm_MigrationJob", "Msvm_ConcreteJob"));
  for (const char* cls : {"Msvm_ComputerSystem", "Msvm_VirtualSystemMigrationService", "Msvm_VirtualSystemCollection",
                          "Msvm_ReferencePointCollection", "Msvm_CollectionReferencePointService",
                          "Msvm_CollectedVirtualSystems", "Msvm_OwningJobElement", "Msvm_AffectedJobElement",
                          "Msvm_HostedService", "Msvm_Error", "Msvm_VirtualSystemMigrationSettingData",
                          "Msvm_CollectionReferencePointExportSettingData"}) {
    BOOST_TEST(schema.repository.findClass(ns, cls) != nullptr, cls);
  }
  BOOST_TEST(schema.repository.findClass(ns, "Msvm_CollectedVirtualSystems")->isAssociation());
  auto migrate = schema.repository.findClass(ns, "Msvm_VirtualSystemMigrationService")->method("MigrateVirtualSystemToHost");
  BOOST_REQUIRE(migrate);
  BOOST_TEST(migrate->parameter("Job")->type.referenceClass == "CIM_ConcreteJob");
  BOOST_TEST(migrate->parameter("ComputerSystem")->type.type == CimType::Reference);
}

BOOST_AUTO_TEST_SUITE_END()
