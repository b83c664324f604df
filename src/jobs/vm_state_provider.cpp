// Msvm_ComputerSystem.RequestStateChange on a virtual machine (Microsoft's hyperv_v2 page
// "RequestStateChange method of the Msvm_ComputerSystem class"): start, turn off, shut down,
// save, pause, resume, reset and reboot, each through an Msvm_ConcreteJob of the catalogue's
// vm-* kinds. While the job runs the VM shows the transition (EnabledState, RequestedState,
// TransitioningToState); when it completes, the state it reached; when it fails, the state it
// had. The VM's process (ProcessID) exists while it runs or is paused.
#include <set>

#include "cimom/case_insensitive.h"
#include "jobs/cluster_lookup.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
#include "jobs/vm_configuration.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::Value;

// Msvm_ComputerSystem.EnabledState as v2 hosts report it.
enum VmState : uint16_t {
  kRunning = 2,
  kOff = 3,
  kShuttingDown = 4,  // also what a VM shows while it is turned off or saved
  kSaved = 6,         // Enabled but Offline
  kPaused = 9,        // Quiesce
  kStarting = 10,
};
constexpr uint16_t kNotApplicable = 12;  // TransitioningToState when no transition is under way

struct Transition {
  uint16_t requested;  // RequestedState (v2 values; the V1 ones it lists map onto them)
  uint16_t from;       // the EnabledState it starts from
  const char* kind;    // the catalogue row of its job
  uint16_t during;     // EnabledState while the job runs
  uint16_t reached;    // EnabledState when it completes
};

constexpr Transition kTransitions[] = {
    {2, kOff, "vm-start", kStarting, kRunning},
    {2, kSaved, "vm-restore", kStarting, kRunning},
    {2, kPaused, "vm-resume", kStarting, kRunning},
    {3, kRunning, "vm-power-off", kShuttingDown, kOff},
    {3, kPaused, "vm-power-off", kShuttingDown, kOff},
    {3, kSaved, "vm-power-off", kShuttingDown, kOff},  // discards the saved state
    {4, kRunning, "vm-shut-down", kShuttingDown, kOff},
    {6, kRunning, "vm-save", kShuttingDown, kSaved},
    {6, kPaused, "vm-save", kShuttingDown, kSaved},
    {9, kRunning, "vm-pause", kRunning, kPaused},
    {10, kRunning, "vm-reboot", kStarting, kRunning},
    {11, kRunning, "vm-reset", kStarting, kRunning},
    {11, kPaused, "vm-reset", kStarting, kRunning},
};

// The values the page lists beyond the v2 requests: Saving (32773), Pausing (32776) and
// Resuming (32777) ask for what 6, 9 and 2 do.
std::optional<uint16_t> v2Request(uint64_t requested) {
  switch (requested) {
    case 2: case 3: case 4: case 6: case 9: case 10: case 11: return static_cast<uint16_t>(requested);
    case 32773: return 6;
    case 32776: return 9;
    case 32777: return 2;
    default: return std::nullopt;
  }
}

// Listed by the page, but nothing a VM can be asked to become: Other, Test, Defer, FastSaved,
// FastSaving and the critical states.
bool listedButNotRequestable(uint64_t requested) {
  return requested == 1 || requested == 7 || requested == 8 || (requested >= 32779 && requested <= 32792);
}

// A process ID no other VM of the cluster has, 16 apart as vmwp.exe's are.
cimom::Result<Value> freshProcessId(const ClusterLookup& cluster) {
  auto vms = cluster.virtualMachines();
  if (!vms) return vms.error();
  std::set<uint64_t> taken;
  for (const cimom::InstancePtr& vm : *vms) taken.insert(unsignedOf(*vm, "ProcessID", 0));
  uint64_t pid = 4100;
  while (taken.count(pid)) pid += 16;
  return Value::unsignedInt(CimType::UInt32, pid);
}

// The VM's state properties set to `enabled`, `requested` and `transitioning` (and what
// follows from them) in the store; `now` stamps TimeOfLastStateChange.
cimom::Status writeState(const ClusterLookup& cluster, const cimom::ObjectPath& vm,
                         uint16_t enabled, uint16_t requested, uint16_t transitioning, int64_t now) {
  cimom::InstancePtr current = cluster.anywhere(vm);
  if (!current) return cimom::makeError(cimom::CimStatus::NotFound, "the virtual machine " + vm.toString() + " no longer exists");
  cimom::Instance changed = *current;
  const uint64_t was = unsignedOf(*current, "EnabledState", kOff);
  changed.set("EnabledState", Value::unsignedInt(CimType::UInt16, enabled));
  changed.set("RequestedState", Value::unsignedInt(CimType::UInt16, requested));
  changed.set("TransitioningToState", Value::unsignedInt(CimType::UInt16, transitioning));
  changed.set("TimeOfLastStateChange", Value::datetime(cimom::DateTime::timestamp(now)));
  const bool hasProcess = enabled != kOff && enabled != kSaved;
  const bool hadProcess = was != kOff && was != kSaved;
  if (!hasProcess) {
    changed.set("ProcessID", Value::null(CimType::UInt32));
    changed.set("OnTimeInMilliseconds", Value::unsignedInt(CimType::UInt64, 0));
  } else if (!hadProcess) {
    auto pid = freshProcessId(cluster);
    if (!pid) return pid.error();
    changed.set("ProcessID", *pid);
    changed.set("OnTimeInMilliseconds", Value::unsignedInt(CimType::UInt64, 0));
  }
  if (cimom::Status written = cluster.modify(changed); !written) return written;
  // The guest's devices show it (its shutdown component is there while it runs or is paused).
  return syncGuestDevices(cluster, vm, enabled == kRunning || enabled == kPaused);
}

cimom::Result<cimom::MethodResult> requestStateChange(const cimom::MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const cimom::InstancePtr vm = call.instance ? cluster.get(call.target) : nullptr;
  if (!vm) return methodResult(JobReturn::InvalidParameter);
  // "Only supported for instances of the Msvm_ComputerSystem class that represent a virtual machine."
  if (cluster.isHost(*vm)) return methodResult(JobReturn::NotSupported);
  const Value* requestedValue = call.argument("RequestedState");
  if (!requestedValue || requestedValue->isNull()) return methodResult(JobReturn::InvalidParameter);
  return changeVmState(engine, cluster, vm, requestedValue->asUnsigned(), call.method->name);
}

}  // namespace

cimom::Result<cimom::MethodResult> changeVmState(JobEngine& engine, const ClusterLookup& cluster,
                                                 const cimom::InstancePtr& vm, uint64_t asked, const std::string& method) {
  if (listedButNotRequestable(asked)) return methodResult(JobReturn::NotSupported);
  const std::optional<uint16_t> requested = v2Request(asked);
  if (!requested) return methodResult(JobReturn::InvalidParameter);

  const cimom::ObjectPath vmPath = cluster.pathOf(*vm);
  auto busy = engine.hasActiveJob(vmPath);
  if (!busy) return busy.error();
  if (*busy) return methodResult(JobReturn::InvalidState);  // migrating, or changing state already
  const uint16_t from = static_cast<uint16_t>(unsignedOf(*vm, "EnabledState", kOff));
  const Transition* transition = nullptr;
  for (const Transition& t : kTransitions) {
    if (t.requested == *requested && t.from == from) transition = &t;
  }
  if (!transition) return methodResult(JobReturn::InvalidState);  // already there, or no way from here

  const uint16_t previousRequested = static_cast<uint16_t>(unsignedOf(*vm, "RequestedState", from));
  const int64_t now = engine.clock().nowMicros();
  if (cimom::Status shown = writeState(cluster, vmPath, transition->during, *requested, *requested, now); !shown) {
    return shown.error();
  }
  JobSpec spec;
  spec.nameSpace = cluster.nameSpace();
  spec.kind = jobKindNamed(transition->kind);
  spec.match = {{}, text(*vm, "ElementName") + "|" + text(*vm, "Name"), {}, {}, method, {}};
  spec.affected = {vmPath};
  spec.owner = vmPath;
  spec.errorSource = cluster.errorSource(vmPath, text(*vm, "ElementName"));
  const Transition t = *transition;
  const uint16_t reachedRequested = *requested;
  const time::Clock& clock = engine.clock();
  spec.onComplete = [&clock, cluster, vmPath, t, reachedRequested](cimom::Instance&) {
    return writeState(cluster, vmPath, t.reached, reachedRequested, kNotApplicable, clock.nowMicros());
  };
  spec.onEnd = [&clock, cluster, vmPath, from, previousRequested]() {
    return writeState(cluster, vmPath, from, previousRequested, kNotApplicable, clock.nowMicros());
  };
  auto job = engine.submit(std::move(spec));
  if (!job) {
    // Nothing started: the VM is as it was.
    if (cimom::Status undone = writeState(cluster, vmPath, from, previousRequested, kNotApplicable, now); !undone) {
      return undone.error();
    }
    return job.error();
  }
  return jobStartedResult(job);
}

void registerVmStateMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  methods.registerHandler("Msvm_ComputerSystem", "RequestStateChange", [&engine](const cimom::MethodCall& call) {
    return requestStateChange(call, engine);
  });
}

}  // namespace cimdouble::jobs
