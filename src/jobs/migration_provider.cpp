// Msvm_VirtualSystemMigrationService: MigrateVirtualSystemToHost, MigrateVirtualSystemToSystem
// and CheckVirtualSystemIsMigratableToHost (wire reference §11.4), and how fixtures stage the
// migration jobs they start.
#include "cimom/case_insensitive.h"
#include "jobs/cluster_lookup.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
#include "jobs/vm_configuration.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;

// Msvm_VirtualSystemMigrationSettingData.MigrationType values.
enum class MigrationType : uint64_t {
  VirtualSystem = 32768,
  Storage = 32769,
  Staged = 32770,
  VirtualSystemAndStorage = 32771,
  StorageDeepCheck = 32772,
};

struct Plan {
  static Plan refused(ServiceReturn code) {
    Plan p;
    p.refusal = code;
    return p;
  }

  std::optional<ServiceReturn> refusal;  // set: the return code, and no job
  cimom::InstancePtr vm;
  cimom::ObjectPath vmPath;
  cimom::InstancePtr source;       // the host the VM runs on
  cimom::InstancePtr destination;  // NULL for a storage migration
  MigrationType migrationType = MigrationType::VirtualSystem;
};

uint64_t unsignedProperty(const cimom::Instance& instance, const char* name, uint64_t absent) {
  const Value* v = instance.get(name);
  if (!v || v->isNull() || v->isArray()) return absent;
  if (v->type() == CimType::String) {
    auto parsed = cimom::parseScalar(CimType::UInt64, v->asString());
    return parsed ? std::get<uint64_t>(*parsed) : UINT64_MAX;
  }
  return isSignedInteger(v->type()) ? static_cast<uint64_t>(v->asSigned()) : v->asUnsigned();
}

const JobKind& kindOf(MigrationType type) {
  return *jobKindNamed(type == MigrationType::VirtualSystem ? "migration"
                       : type == MigrationType::Storage     ? "storage-migration"
                                                            : "vm-and-storage-migration");
}

// The migration a call asks for, or why there is none. Errors: the store could not answer.
cimom::Result<Plan> plan(const MethodCall& call, const ClusterLookup& cluster, JobEngine& engine,
                         const cimom::InstancePtr& destination) {
  Plan p;
  const Value* vmRef = call.argument("ComputerSystem");
  if (!vmRef || vmRef->isNull()) return Plan::refused(ServiceReturn::InvalidParameter);
  p.vm = cluster.get(vmRef->asReference());
  if (!p.vm || cluster.isHost(*p.vm) || !cimom::iequals(p.vm->className(), "Msvm_ComputerSystem")) {
    return Plan::refused(ServiceReturn::InvalidParameter);
  }
  p.vmPath = cluster.pathOf(*p.vm);
  auto source = cluster.hostOf(p.vmPath);
  if (!source) return source.error();
  p.source = *source;

  if (const Value* settings = call.argument("MigrationSettingData"); settings && !settings->isNull()) {
    if (settings->type() != CimType::Instance || !cimom::iequals(settings->asInstance()->className(),
                                                                  "Msvm_VirtualSystemMigrationSettingData")) {
      return Plan::refused(ServiceReturn::InvalidParameter);
    }
    const cimom::Instance& s = *settings->asInstance();
    const uint64_t type = unsignedProperty(s, "MigrationType", static_cast<uint64_t>(MigrationType::VirtualSystem));
    const uint64_t priority = unsignedProperty(s, "Priority", 0);
    const uint64_t transport = unsignedProperty(s, "TransportType", 0);
    if (priority > 2 || (transport > 6 && transport != 32768)) return Plan::refused(ServiceReturn::InvalidParameter);
    p.migrationType = static_cast<MigrationType>(type);
    if (p.migrationType == MigrationType::Staged || p.migrationType == MigrationType::StorageDeepCheck) {
      return Plan::refused(ServiceReturn::NotSupported);  // in the ValueMap, not offered here
    }
    if (p.migrationType != MigrationType::VirtualSystem && p.migrationType != MigrationType::Storage &&
        p.migrationType != MigrationType::VirtualSystemAndStorage) {
      return Plan::refused(ServiceReturn::InvalidParameter);
    }
  }
  if (p.migrationType != MigrationType::Storage) {
    if (!destination) return Plan::refused(ServiceReturn::InvalidParameter);
    if (p.source && sameKeys(cluster.pathOf(*p.source), cluster.pathOf(*destination))) {
      return Plan::refused(ServiceReturn::InvalidParameter);
    }
    p.destination = destination;
  }
  auto busy = engine.hasActiveJob(p.vmPath);
  if (!busy) return busy.error();
  if (*busy) return Plan::refused(ServiceReturn::InvalidState);  // already migrating
  return p;
}

cimom::Result<MethodResult> startJob(const MethodCall& call, const ClusterLookup& cluster, JobEngine& engine,
                                     const Plan& p, std::vector<cimom::PropertyValue> extraOut) {
  JobSpec spec;
  spec.nameSpace = cluster.nameSpace();
  spec.kind = &kindOf(p.migrationType);
  const std::string vmName = text(*p.vm, "Name");
  const std::string destinationName = p.destination ? text(*p.destination, "Name") : std::string();
  spec.match = {{}, text(*p.vm, "ElementName") + "|" + vmName, destinationName, {}, call.method->name, {}};
  spec.properties.push_back({"VirtualSystemName", Value::string(vmName)});
  if (p.destination) spec.properties.push_back({"DestinationHost", Value::string(destinationName)});
  if (p.migrationType != MigrationType::VirtualSystem) {
    for (const char* name : {"NewSystemSettingData", "NewResourceSettingData"}) {
      if (const Value* v = call.argument(name); v && !v->isNull()) spec.properties.push_back({name, *v});
    }
  }
  spec.affected = {p.vmPath};
  spec.owner = call.target;
  spec.errorSource = cluster.errorSource(p.vmPath, p.source ? text(*p.source, "Name") : std::string());
  // A migration that moves storage puts the disks (and the data roots) where its settings say.
  std::optional<Value> newSystem;
  std::optional<Value> newResources;
  if (p.migrationType != MigrationType::VirtualSystem) {
    if (const Value* v = call.argument("NewSystemSettingData"); v && !v->isNull()) newSystem = *v;
    if (const Value* v = call.argument("NewResourceSettingData"); v && !v->isNull()) newResources = *v;
    if (!applyMigrationSettings(cluster, p.vmPath, newSystem ? &*newSystem : nullptr, newResources ? &*newResources : nullptr, false)) {
      return methodResult(ServiceReturn::InvalidParameter);
    }
  }
  // A migration that completes moves the VM; a failed or cancelled one leaves it where it was.
  const cimom::ObjectPath vmPath = p.vmPath;
  const std::optional<cimom::ObjectPath> hostPath =
      p.destination ? std::optional<cimom::ObjectPath>(cluster.pathOf(*p.destination)) : std::nullopt;
  const std::string vmLabel = text(*p.vm, "ElementName");
  const std::string node = !p.destination ? std::string()
                           : p.destination->server().empty() ? destinationName : p.destination->server();
  spec.onComplete = [cluster, vmPath, hostPath, vmLabel, node, newSystem, newResources](cimom::Instance&) -> cimom::Status {
    cimom::Status moved = applyMigrationSettings(cluster, vmPath, newSystem ? &*newSystem : nullptr,
                                                 newResources ? &*newResources : nullptr, true);
    // Its configuration travels with it (vm_configuration.h).
    if (moved && hostPath) moved = cluster.moveVm(vmPath, *hostPath);
    if (moved && hostPath) moved = moveConfiguration(cluster, vmPath, node);
    if (moved) return moved;
    return cimom::makeError(cimom::CimStatus::Failed,
                            "Virtual machine migration operation for '" + vmLabel + "' failed: " + moved.error().message + ".");
  };
  return jobStartedResult(engine.submit(std::move(spec)), std::move(extraOut));
}

cimom::InstancePtr hostArgument(const MethodCall& call, const ClusterLookup& cluster, cimom::CimError& error) {
  const Value* host = call.argument("DestinationHost");
  if (!host || host->isNull()) return nullptr;
  auto found = cluster.hostNamed(host->asString());
  if (!found) error = found.error();
  return found ? *found : nullptr;
}

// Staged migrations: a VM that exists, a destination host that exists (unless only the
// storage moves), owned by the source host's migration service.
void checkStagedMigration(const StagedJobDescription& job, std::vector<StagingProblem>& problems) {
  if (!job.vm) problems.push_back({"", "a migration job needs 'vm'"});
  if (job.kind->migrationType != static_cast<uint16_t>(MigrationType::Storage) && !job.destination) {
    problems.push_back({"", "a migration job that moves the VM needs 'destination'"});
  }
}

bool stageMigration(const StagedJobDescription& job, const ClusterLookup& cluster, StagedJobPlan& plan,
                    StagingProblem& problem) {
  auto vm = cluster.vmNamed(*job.vm);
  if (!vm || !*vm) {
    problem = {"vm", "job " + job.id + ": " + (vm ? "no virtual machine named '" + *job.vm + "'" : vm.error().message)};
    return false;
  }
  plan.affected = cluster.pathOf(**vm);
  auto source = cluster.hostOf(plan.affected);
  if (!source) {
    problem = {"vm", "job " + job.id + ": " + source.error().message};
    return false;
  }
  if (job.destination) {
    auto destination = cluster.hostNamed(*job.destination);
    if (!destination || !*destination) {
      problem = {"destination", "job " + job.id + ": " +
                                    (destination ? "no host named '" + *job.destination + "'" : destination.error().message)};
      return false;
    }
    plan.job.set("DestinationHost", Value::string(text(**destination, "Name")));
  }
  plan.job.set("VirtualSystemName", Value::string(text(**vm, "Name")));
  const std::string sourceName = *source ? text(**source, "Name") : std::string();
  if (*source) {
    const cimom::ObjectPath service(cluster.nameSpace(), "Msvm_VirtualSystemMigrationService",
                                    {{"SystemCreationClassName", Value::string("Msvm_ComputerSystem")},
                                     {"SystemName", Value::string(sourceName)},
                                     {"CreationClassName", Value::string("Msvm_VirtualSystemMigrationService")},
                                     {"Name", Value::string("migrationwmi")}});
    if (cimom::InstancePtr owner = cluster.get(service)) plan.owner = cluster.pathOf(*owner);
  }
  plan.errorSource = cluster.errorSource(plan.affected, sourceName);
  return true;
}

}  // namespace

const JobStager kMigrationStager{checkStagedMigration, stageMigration};

void registerMigrationMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  const char* service = "Msvm_VirtualSystemMigrationService";
  methods.registerHandler(service, "MigrateVirtualSystemToHost", [&engine](const MethodCall& call) -> cimom::Result<MethodResult> {
    const ClusterLookup cluster = engine.cluster(call.nameSpace);
    cimom::CimError error;
    cimom::InstancePtr destination = hostArgument(call, cluster, error);
    if (!error.message.empty()) return error;
    auto p = plan(call, cluster, engine, destination);
    if (!p) return p.error();
    if (p->refusal) return methodResult(*p->refusal);
    return startJob(call, cluster, engine, *p, {});
  });
  methods.registerHandler(service, "MigrateVirtualSystemToSystem", [&engine](const MethodCall& call) -> cimom::Result<MethodResult> {
    const ClusterLookup cluster = engine.cluster(call.nameSpace);
    const Value* system = call.argument("DestinationSystem");
    cimom::InstancePtr destination = system && !system->isNull() ? cluster.anywhere(system->asReference()) : nullptr;
    if (destination && !cluster.isHost(*destination)) destination = nullptr;
    auto p = plan(call, cluster, engine, destination);
    if (!p) return p.error();
    if (p->refusal) return methodResult(*p->refusal);
    return startJob(call, cluster, engine, *p, {{"NewComputerSystem", Value::reference(p->vmPath)}});
  });
  methods.registerHandler(service, "CheckVirtualSystemIsMigratableToHost", [&engine](const MethodCall& call) -> cimom::Result<MethodResult> {
    const ClusterLookup cluster = engine.cluster(call.nameSpace);
    cimom::CimError error;
    cimom::InstancePtr destination = hostArgument(call, cluster, error);
    if (!error.message.empty()) return error;
    auto p = plan(call, cluster, engine, destination);
    if (!p) return p.error();
    // Unknown VM or host: the parameters are wrong. A VM that is busy is simply not migratable.
    if (p->refusal == ServiceReturn::InvalidParameter || p->refusal == ServiceReturn::NotSupported) {
      return methodResult(*p->refusal);
    }
    return methodResult(ServiceReturn::Completed, {{"IsMigratable", Value::boolean(!p->refusal)}});
  });
}

}  // namespace cimdouble::jobs
