// A small Hyper-V cluster on the built-in schema, declared in MOF, for the query tests:
// two hosts, three VMs, a collection of two of them, jobs of three classes and their
// associations.
#pragma once

#include <memory>

#include "cimom/mof/built_in_schema.h"
#include "cimom/mof/compiler.h"
#include "cimom/query_engine.h"

namespace cimdouble::cimom::testing {

inline const char* kWorldMof = R"(
instance of Msvm_ComputerSystem as $host1 { CreationClassName = "Msvm_ComputerSystem"; Name = "NODE1";
  ElementName = "NODE1"; Caption = "Hosting Computer System"; EnabledState = 2; };
instance of Msvm_ComputerSystem as $host2 { CreationClassName = "Msvm_ComputerSystem"; Name = "NODE2";
  ElementName = "NODE2"; Caption = "Hosting Computer System"; EnabledState = 2; };
instance of Msvm_ComputerSystem as $vm1 { CreationClassName = "Msvm_ComputerSystem"; Name = "11111111-1111-1111-1111-111111111111";
  ElementName = "web-01"; Caption = "Virtual Machine"; EnabledState = 2; OnTimeInMilliseconds = 1000; };
instance of Msvm_ComputerSystem as $vm2 { CreationClassName = "Msvm_ComputerSystem"; Name = "22222222-2222-2222-2222-222222222222";
  ElementName = "web-02"; Caption = "Virtual Machine"; EnabledState = 3; };
instance of Msvm_ComputerSystem as $vm3 { CreationClassName = "Msvm_ComputerSystem"; Name = "33333333-3333-3333-3333-333333333333";
  ElementName = "db-01"; Caption = "Virtual Machine"; EnabledState = 2; Description = null; };

instance of Msvm_ComponentCS { GroupComponent = $host1; PartComponent = $vm1; };
instance of Msvm_ComponentCS { GroupComponent = $host1; PartComponent = $vm2; };
instance of Msvm_ComponentCS { GroupComponent = $host2; PartComponent = $vm3; };

instance of Msvm_VirtualSystemCollection as $web { CollectionID = "C0000000-0000-0000-0000-00000000000A"; ElementName = "web tier"; };
instance of Msvm_CollectedVirtualSystems { Collection = $web; Member = $vm1; };
instance of Msvm_CollectedVirtualSystems { Collection = $web; Member = $vm2; };

instance of Msvm_VirtualSystemMigrationService as $svc { SystemCreationClassName = "Msvm_ComputerSystem"; SystemName = "NODE1";
  CreationClassName = "Msvm_VirtualSystemMigrationService"; Name = "migrationwmi"; };
instance of Msvm_HostedService { Antecedent = $host1; Dependent = $svc; };

instance of Msvm_MigrationJob as $mig1 { InstanceID = "Microsoft:AAAA0001"; Name = "Migration"; JobState = 4; PercentComplete = 40;
  VirtualSystemName = "11111111-1111-1111-1111-111111111111"; DestinationHost = "NODE2"; MigrationType = 32768; JobType = 305;
  TimeSubmitted = "20261122030000.000000+000"; Cancellable = TRUE; };
instance of Msvm_MigrationJob as $mig2 { InstanceID = "Microsoft:AAAA0002"; Name = "Migration"; JobState = 7; PercentComplete = 100;
  VirtualSystemName = "33333333-3333-3333-3333-333333333333"; DestinationHost = "NODE1"; MigrationType = 32769; JobType = 307;
  TimeSubmitted = "20261121120000.000000+000"; ErrorCode = 0; };
instance of Msvm_CollectionReferencePointExportJob as $exp1 { InstanceID = "Microsoft:BBBB0001"; Name = "Export"; JobState = 10;
  PercentComplete = 60; ErrorCode = 32768; ErrorDescription = "Export failed"; CollectionId = "C0000000-0000-0000-0000-00000000000A"; };
instance of Msvm_ConcreteJob as $other { InstanceID = "Microsoft:CCCC0001"; Name = "Other"; JobState = 4; };

instance of Msvm_AffectedJobElement { AffectedElement = $vm1; AffectingElement = $mig1; };
instance of Msvm_AffectedJobElement { AffectedElement = $vm3; AffectingElement = $mig2; };
instance of Msvm_OwningJobElement { OwningElement = $svc; OwnedElement = $mig1; };
instance of Msvm_OwningJobElement { OwningElement = $svc; OwnedElement = $mig2; };
)";

struct HyperVWorld {
  ClassRepository repository;
  InstanceStore store{repository};
  QueryEngine engine{repository, store};
  Diagnostics problems;

  HyperVWorld() {
    problems = cimdouble::cimom::loadBuiltInSchema(repository, store);
    EmbeddedMofSource source(std::map<std::string, std::string>{{"world.mof", kWorldMof}});
    MofCompileOptions options;
    options.defaultNamespace = "root/HyperVCluster/v2";
    MofCompiler compiler(repository, store, source, options);
    compiler.compileFile("world.mof");
    problems.insert(problems.end(), compiler.diagnostics().begin(), compiler.diagnostics().end());
  }
};

}  // namespace cimdouble::cimom::testing
