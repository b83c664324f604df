// Msvm_VirtualSystemMigrationService: MigrateVirtualSystemToHost, MigrateVirtualSystemToSystem
// and CheckVirtualSystemIsMigratableToHost (wire reference §11.4).
#include "cimom/case_insensitive.h"
#include "jobs/cluster_lookup.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;

// Msvm_VirtualSystemMigrationSettingData.MigrationType values the double migrates.
constexpr uint64_t kVirtualSystem = 32768;
constexpr uint64_t kStorage = 32769;
constexpr uint64_t kVirtualSystemAndStorage = 32771;

struct Plan {
  static Plan refused(uint32_t code) {
    Plan p;
    p.refusal = code;
    return p;
  }

  uint32_t refusal = 0;  // non-zero: the return code, and no job
  cimom::InstancePtr vm;
  cimom::ObjectPath vmPath;
  cimom::InstancePtr source;       // the host the VM runs on
  cimom::InstancePtr destination;  // NULL for a storage migration
  uint64_t migrationType = kVirtualSystem;
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

Plan plan(const MethodCall& call, const ClusterLookup& cluster, JobEngine& engine, const cimom::InstancePtr& destination) {
  Plan p;
  const Value* vmRef = call.argument("ComputerSystem");
  if (!vmRef || vmRef->isNull()) return Plan::refused(kInvalidParameter);
  p.vm = cluster.get(vmRef->asReference());
  if (!p.vm || cluster.isHost(*p.vm) || !cimom::iequals(p.vm->className(), "Msvm_ComputerSystem")) return Plan::refused(kInvalidParameter);
  p.vmPath = cluster.pathOf(*p.vm);
  p.source = cluster.hostOf(p.vmPath);

  if (const Value* settings = call.argument("MigrationSettingData"); settings && !settings->isNull()) {
    if (settings->type() != CimType::Instance || !cimom::iequals(settings->asInstance()->className(),
                                                                  "Msvm_VirtualSystemMigrationSettingData")) {
      return Plan::refused(kInvalidParameter);
    }
    const cimom::Instance& s = *settings->asInstance();
    p.migrationType = unsignedProperty(s, "MigrationType", kVirtualSystem);
    const uint64_t priority = unsignedProperty(s, "Priority", 0);
    const uint64_t transport = unsignedProperty(s, "TransportType", 0);
    if (priority > 2 || (transport > 6 && transport != 32768)) return Plan::refused(kInvalidParameter);
    if (p.migrationType != kVirtualSystem && p.migrationType != kStorage && p.migrationType != kVirtualSystemAndStorage) {
      // Staged (32770) and StorageDeepCheck (32772) exist in the ValueMap but are not offered here.
      return Plan::refused(p.migrationType == 32770 || p.migrationType == 32772 ? kNotSupported : kInvalidParameter);
    }
  }
  if (p.migrationType != kStorage) {
    if (!destination) return Plan::refused(kInvalidParameter);
    if (p.source && sameKeys(cluster.pathOf(*p.source), cluster.pathOf(*destination))) return Plan::refused(kInvalidParameter);
    p.destination = destination;
  }
  if (engine.hasActiveJob(p.vmPath)) return Plan::refused(kInvalidState);  // already migrating
  return p;
}

cimom::Result<MethodResult> startJob(const MethodCall& call, const ClusterLookup& cluster, JobEngine& engine, Plan p,
                                     std::vector<cimom::PropertyValue> extraOut) {
  if (p.refusal) return methodResult(p.refusal);
  JobSpec spec;
  spec.nameSpace = cluster.nameSpace();
  const JobKindLook& look = *jobKindLook(p.migrationType == kVirtualSystem ? kLiveMigration
                                          : p.migrationType == kStorage     ? kStorageMigration
                                                                            : kFullMigration);
  spec.className = look.className;
  spec.kind = look.kind;
  spec.caption = look.caption;
  spec.description = look.description;
  spec.jobType = look.jobType;  // 305 Moving Virtual Machine, 307 Moving Storage, 306 both
  const std::string vmName = text(*p.vm, "Name");
  spec.match = {spec.kind, text(*p.vm, "ElementName") + "|" + vmName,
                p.destination ? text(*p.destination, "Name") : std::string(), {}, call.method->name};
  spec.properties.push_back({"MigrationType", Value::unsignedInt(CimType::UInt16, p.migrationType)});
  spec.properties.push_back({"VirtualSystemName", Value::string(vmName)});
  if (p.destination) spec.properties.push_back({"DestinationHost", Value::string(text(*p.destination, "Name"))});
  if (const Value* v = call.argument("NewSystemSettingData"); v && !v->isNull() && p.migrationType != kVirtualSystem) {
    spec.properties.push_back({"NewSystemSettingData", *v});
  }
  if (const Value* v = call.argument("NewResourceSettingData"); v && !v->isNull() && p.migrationType != kVirtualSystem) {
    spec.properties.push_back({"NewResourceSettingData", *v});
  }
  spec.affected = {p.vmPath};
  spec.owner = call.target;
  spec.errorSource = cluster.errorSource(p.vmPath, p.source ? text(*p.source, "Name") : std::string());
  if (p.destination) {
    // A migration that completes moves the VM; a failed or cancelled one leaves it where it was.
    const cimom::ObjectPath vmPath = p.vmPath;
    const cimom::ObjectPath hostPath = cluster.pathOf(*p.destination);
    ClusterLookup lookup = cluster;
    spec.onComplete = [lookup, vmPath, hostPath](cimom::Instance&) { lookup.moveVm(vmPath, hostPath); };
  }
  return jobStartedResult(engine.submit(std::move(spec)), std::move(extraOut));
}

}  // namespace

void registerMigrationMethods(cimom::MethodDispatcher& methods, JobEngine& engine, cimom::InstanceStore& store) {
  const char* service = "Msvm_VirtualSystemMigrationService";
  methods.registerHandler(service, "MigrateVirtualSystemToHost", [&engine, &store](const MethodCall& call) {
    ClusterLookup cluster(engine.repository(), store, call.nameSpace);
    const Value* host = call.argument("DestinationHost");
    cimom::InstancePtr destination = host && !host->isNull() ? cluster.hostNamed(host->asString()) : nullptr;
    return startJob(call, cluster, engine, plan(call, cluster, engine, destination), {});
  });
  methods.registerHandler(service, "MigrateVirtualSystemToSystem", [&engine, &store](const MethodCall& call) {
    ClusterLookup cluster(engine.repository(), store, call.nameSpace);
    const Value* system = call.argument("DestinationSystem");
    cimom::InstancePtr destination = system && !system->isNull() ? cluster.get(system->asReference()) : nullptr;
    if (destination && !cluster.isHost(*destination)) destination = nullptr;
    Plan p = plan(call, cluster, engine, destination);
    std::vector<cimom::PropertyValue> out;
    if (!p.refusal) out.push_back({"NewComputerSystem", Value::reference(p.vmPath)});
    return startJob(call, cluster, engine, std::move(p), std::move(out));
  });
  methods.registerHandler(service, "CheckVirtualSystemIsMigratableToHost", [&engine, &store](const MethodCall& call) {
    ClusterLookup cluster(engine.repository(), store, call.nameSpace);
    const Value* host = call.argument("DestinationHost");
    cimom::InstancePtr destination = host && !host->isNull() ? cluster.hostNamed(host->asString()) : nullptr;
    Plan p = plan(call, cluster, engine, destination);
    // Unknown VM or host: the parameters are wrong. A VM that is busy is simply not migratable.
    if (p.refusal == kInvalidParameter || p.refusal == kNotSupported) return methodResult(p.refusal);
    return methodResult(kCompleted, {{"IsMigratable", Value::boolean(p.refusal == 0)}});
  });
}

}  // namespace cimdouble::jobs
