// A Hyper-V cluster for the job world's tests, built with the job world's own parts only: the
// built-in schema (src/cimom), the cluster in MOF, and staged jobs through jobs/job_staging.h,
// with a job engine on a manual clock. The same VMs, hosts, collection and jobs as
// fixtures/default.yaml, staged once: both namespaces show the one state.
#pragma once

#include <stdexcept>

#include "cimom/method_dispatcher.h"
#include "cimom/mof/built_in_schema.h"
#include "cimom/mof/compiler.h"
#include "cimom/query_engine.h"
#include "jobs/job_engine.h"
#include "jobs/job_staging.h"
#include "jobs/providers.h"

namespace cimdouble::jobs::testing {

inline constexpr const char* kNs = "root/HyperVCluster/v2";
inline constexpr const char* kVirtualizationNs = "root/virtualization/v2";
inline constexpr int64_t kStart = 1'795'000'000'000'000;  // 2026-11-18T...Z
inline constexpr int64_t kSecond = 1'000'000;

inline const char* kClusterMof = R"(
instance of Msvm_ComputerSystem as $n1 { CreationClassName = "Msvm_ComputerSystem"; Name = "HV-NODE1"; ElementName = "HV-NODE1"; Caption = "Hosting Computer System"; };
instance of Msvm_ComputerSystem as $n2 { CreationClassName = "Msvm_ComputerSystem"; Name = "HV-NODE2"; ElementName = "HV-NODE2"; Caption = "Hosting Computer System"; };
instance of Msvm_ComputerSystem as $n3 { CreationClassName = "Msvm_ComputerSystem"; Name = "HV-NODE3"; ElementName = "HV-NODE3"; Caption = "Hosting Computer System"; };
instance of Msvm_ComputerSystem as $web1 { CreationClassName = "Msvm_ComputerSystem"; Name = "5E3A0000-1000-4000-8000-A00000000000"; ElementName = "web-01"; Caption = "Virtual Machine"; };
instance of Msvm_ComputerSystem as $web2 { CreationClassName = "Msvm_ComputerSystem"; Name = "5E3A0001-1001-4001-8001-A00000000001"; ElementName = "web-02"; Caption = "Virtual Machine"; };
instance of Msvm_ComputerSystem as $web3 { CreationClassName = "Msvm_ComputerSystem"; Name = "5E3A0002-1002-4002-8002-A00000000002"; ElementName = "web-03"; Caption = "Virtual Machine"; };
instance of Msvm_ComputerSystem as $app1 { CreationClassName = "Msvm_ComputerSystem"; Name = "5E3A0003-1003-4003-8003-A00000000003"; ElementName = "app-01"; Caption = "Virtual Machine"; };
instance of Msvm_ComputerSystem as $db1 { CreationClassName = "Msvm_ComputerSystem"; Name = "5E3A0006-1006-4006-8006-A00000000006"; ElementName = "db-01"; Caption = "Virtual Machine"; };
instance of Msvm_ComputerSystem as $db2 { CreationClassName = "Msvm_ComputerSystem"; Name = "5E3A0007-1007-4007-8007-A00000000007"; ElementName = "db-02"; Caption = "Virtual Machine"; };
instance of Msvm_ComponentCS { GroupComponent = $n1; PartComponent = $web1; };
instance of Msvm_ComponentCS { GroupComponent = $n2; PartComponent = $web2; };
instance of Msvm_ComponentCS { GroupComponent = $n3; PartComponent = $web3; };
instance of Msvm_ComponentCS { GroupComponent = $n1; PartComponent = $app1; };
instance of Msvm_ComponentCS { GroupComponent = $n1; PartComponent = $db1; };
instance of Msvm_ComponentCS { GroupComponent = $n2; PartComponent = $db2; };
instance of Msvm_VirtualSystemMigrationService as $m1 { SystemCreationClassName = "Msvm_ComputerSystem"; SystemName = "HV-NODE1"; CreationClassName = "Msvm_VirtualSystemMigrationService"; Name = "migrationwmi"; };
instance of Msvm_VirtualSystemMigrationService as $m2 { SystemCreationClassName = "Msvm_ComputerSystem"; SystemName = "HV-NODE2"; CreationClassName = "Msvm_VirtualSystemMigrationService"; Name = "migrationwmi"; };
instance of Msvm_VirtualSystemMigrationService as $m3 { SystemCreationClassName = "Msvm_ComputerSystem"; SystemName = "HV-NODE3"; CreationClassName = "Msvm_VirtualSystemMigrationService"; Name = "migrationwmi"; };
instance of Msvm_HostedService { Antecedent = $n1; Dependent = $m1; };
instance of Msvm_HostedService { Antecedent = $n2; Dependent = $m2; };
instance of Msvm_HostedService { Antecedent = $n3; Dependent = $m3; };
instance of Msvm_VirtualSystemCollection as $web { CollectionID = "6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10"; InstanceID = "Microsoft:6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10"; ElementName = "web-tier"; };
instance of Msvm_CollectedVirtualSystems { Collection = $web; Member = $web1; };
instance of Msvm_CollectedVirtualSystems { Collection = $web; Member = $web2; };
instance of Msvm_CollectedVirtualSystems { Collection = $web; Member = $web3; };
instance of Msvm_ReferencePointCollection as $rp1 { CollectionID = "0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E01"; ElementName = "web-tier reference point 1"; VirtualSystemCollectionId = "6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10"; ReferencePointType = 1; HasAssociatedLog = TRUE; };
instance of Msvm_ReferencePointCollection as $rp2 { CollectionID = "0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E02"; ElementName = "web-tier reference point 2"; VirtualSystemCollectionId = "6A1F3C2E-0B7D-4E21-9C4F-3D2B1A0E9F10"; ReferencePointType = 1; HasAssociatedLog = TRUE; };
instance of Msvm_CollectedCollections { Collection = $web; Member = $rp1; };
instance of Msvm_CollectedCollections { Collection = $web; Member = $rp2; };
instance of Msvm_CollectionReferencePointService { SystemCreationClassName = "Msvm_ComputerSystem"; SystemName = "HV-NODE1"; CreationClassName = "Msvm_CollectionReferencePointService"; Name = "Microsoft:CollectionReferencePointService"; };
instance of Msvm_CollectionReplicationService { SystemCreationClassName = "Msvm_ComputerSystem"; SystemName = "HV-NODE1"; CreationClassName = "Msvm_CollectionReplicationService"; Name = "Microsoft:CollectionReplicationService"; };
)";

// The default fixture's three jobs: web-02 migrating at 40 %, db-01's completed storage
// migration, the web tier's export that failed with "not enough space".
inline std::vector<StagedJobDescription> defaultStagedJobs() {
  std::vector<StagedJobDescription> jobs(3);
  jobs[0].kind = jobKindNamed("migration");
  jobs[0].id = "8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01";
  jobs[0].vm = "web-02";
  jobs[0].destination = "HV-NODE3";
  jobs[0].percent = 40;
  jobs[1].kind = jobKindNamed("storage-migration");
  jobs[1].id = "8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C02";
  jobs[1].vm = "db-01";
  jobs[1].state = JobState::Completed;
  jobs[1].percent = 100;
  jobs[1].cancellable = false;
  jobs[2].kind = jobKindNamed("export");
  jobs[2].id = "8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C03";
  jobs[2].collection = "web-tier";
  jobs[2].referencePoint = "0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E02";
  jobs[2].baseReferencePoint = "0C55D4B8-6F0E-4A1D-8E3B-5B6A7C8D9E01";
  jobs[2].state = JobState::Exception;
  jobs[2].percent = 60;
  jobs[2].error = ErrorTemplate{};
  jobs[2].error->message = "The export of the collection reference point failed: not enough space on the disk.";
  for (StagedJobDescription& job : jobs) job.submittedMicros = job.startedMicros = kStart - 3600 * kSecond;
  return jobs;
}

struct JobWorld {
  cimom::ClassRepository repository;
  cimom::InstanceStore store{repository};
  cimom::QueryEngine query{repository, store};
  cimom::MethodDispatcher methods;
  time::ManualClock clock{kStart};
  time::IdSource ids{42};
  BehaviorTable behaviors;
  StagedJobs staged;
  std::unique_ptr<JobEngine> engine;

  explicit JobWorld(BehaviorTable table = {}) : behaviors(std::move(table)) {
    cimom::Diagnostics problems = cimom::loadBuiltInSchema(repository, store);
    {
      const char* ns = kNs;
      cimom::EmbeddedMofSource source(std::map<std::string, std::string>{{"cluster.mof", kClusterMof}});
      cimom::MofCompileOptions options;
      options.defaultNamespace = ns;
      cimom::MofCompiler compiler(repository, store, source, options);
      compiler.compileFile("cluster.mof");
      problems.insert(problems.end(), compiler.diagnostics().begin(), compiler.diagnostics().end());
    }
    if (!problems.empty()) throw std::runtime_error("the test cluster does not load: " + problems.front().toString());
    engine = std::make_unique<JobEngine>(repository, store, query, clock, ids, behaviors);
    for (const StagedJobDescription& job : defaultStagedJobs()) {
      stage(job, kNs);
    }
    engine->setStagedJobs(staged);
    registerAllProviders(methods, *engine);
  }

  // Stages `job` in `nameSpace` as a fixture does.
  void stage(const StagedJobDescription& job, const std::string& nameSpace) {
    StagingProblem problem;
    auto plan = planStagedJob(job, engine->cluster(nameSpace), problem);
    if (!plan) throw std::runtime_error(problem.message);
    auto path = store.create(nameSpace, plan->job);
    if (!path) throw std::runtime_error(path.error().message);
    for (const cimom::Instance& link : stagedJobLinks(*plan, *path)) {
      if (!store.create(nameSpace, link)) throw std::runtime_error("a staged job's link does not store");
    }
    staged.push_back(stagedJobRecord(job, *path, behaviors, std::make_shared<const std::string>(plan->errorSource)));
  }

  ClusterLookup cluster() const { return engine->cluster(kNs); }

  void advance(int64_t micros) {
    clock.advance(micros);
    if (!engine->refresh()) throw std::runtime_error("the engine's writes were refused");
  }

  cimom::ObjectPath vm(const std::string& guid) const {
    return cimom::ObjectPath(kNs, "Msvm_ComputerSystem",
                             {{"CreationClassName", cimom::Value::string("Msvm_ComputerSystem")}, {"Name", cimom::Value::string(guid)}});
  }

  cimom::InstancePtr get(const cimom::ObjectPath& path) {
    auto i = store.get(path);
    return i ? *i : nullptr;
  }

  uint64_t number(const cimom::ObjectPath& path, const char* property) {
    return get(path)->get(property)->asUnsigned();
  }

  bool busy(const cimom::ObjectPath& element) {
    auto active = engine->hasActiveJob(element);
    if (!active) throw std::runtime_error(active.error().message);
    return *active;
  }

  // Invokes a method as the WS-Man layer would.
  cimom::MethodResult invoke(const cimom::ObjectPath& target, const std::string& method, std::vector<cimom::PropertyValue> in) {
    cimom::MethodCall call;
    call.nameSpace = kNs;
    call.instance = get(target);
    call.targetClass = repository.findClass(kNs, call.instance->className());
    call.method = call.targetClass->method(method);
    call.target = call.instance->path(*call.targetClass);
    call.target.setNameSpace(kNs);
    call.in = std::move(in);
    auto result = methods.invoke(call);
    if (!result) throw std::runtime_error(result.error().message);
    return *result;
  }

  JobSpec spec(const std::string& kind = "migration") {
    JobSpec s;
    s.nameSpace = kNs;
    s.kind = jobKindNamed(kind);
    return s;
  }
};

}  // namespace cimdouble::jobs::testing
