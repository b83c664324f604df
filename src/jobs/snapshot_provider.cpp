// Msvm_VirtualSystemSnapshotService (hyperv_v2 pages of CreateSnapshot, DestroySnapshot and
// ApplySnapshot): checkpoints of a VM's configuration, each through an Msvm_ConcreteJob.
//
// A checkpoint is an Msvm_VirtualSystemSettingData of type Microsoft:Hyper-V:Snapshot:Realized
// (InstanceID "Microsoft:<snapshot GUID>") with a copy of each resource ("Microsoft:<snapshot
// GUID>\<device data>"), linked as Hyper-V links it: Msvm_SnapshotOfVirtualSystem from the VM,
// Msvm_ParentChildSettingData from the checkpoint it was taken after (and from the newest one
// to the VM's own settings, whose Parent names it), Msvm_MostCurrentSnapshotInBranch from the
// VM. Taking one moves the VM's disks onto new differencing disks (<disk>_<GUID>.avhdx), as
// Hyper-V does; the checkpoint keeps the disks as they were.
#include <cstdio>
#include <ctime>

#include "cimom/case_insensitive.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
#include "jobs/checkpoints.h"
#include "jobs/virtual_disks.h"
#include "jobs/vm_configuration.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::InstancePtr;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::ObjectPath;
using cimom::Value;

constexpr const char* kSettings = "Msvm_VirtualSystemSettingData";
constexpr const char* kComponent = "Msvm_VirtualSystemSettingDataComponent";
constexpr const char* kSnapshotOf = "Msvm_SnapshotOfVirtualSystem";
constexpr const char* kParentChild = "Msvm_ParentChildSettingData";
constexpr const char* kMostCurrent = "Msvm_MostCurrentSnapshotInBranch";
constexpr const char* kLastApplied = "Msvm_LastAppliedSnapshot";
constexpr const char* kElementSettings = "Msvm_ElementSettingData";
constexpr const char* kSnapshotType = "Microsoft:Hyper-V:Snapshot:Realized";

}  // namespace

ObjectPath checkpointPath(const ClusterLookup& cluster, const std::string& snapshotId) {
  cimom::Instance probe(kSettings, cluster.nameSpace());
  probe.set("InstanceID", Value::string("Microsoft:" + snapshotId));
  return cluster.pathOf(probe);
}

std::string checkpointName(const std::string& vmName, int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  std::tm t{};
  gmtime_r(&seconds, &t);
  const int hour = t.tm_hour % 12 == 0 ? 12 : t.tm_hour % 12;
  char when[64];
  std::snprintf(when, sizeof when, "%d/%d/%d - %d:%02d:%02d %s", t.tm_mon + 1, t.tm_mday, t.tm_year + 1900, hour, t.tm_min,
                t.tm_sec, t.tm_hour < 12 ? "AM" : "PM");
  return vmName + " - (" + when + ")";
}

namespace {

// A VM's disk moved onto a new differencing disk beside it: "D:\vm\disk.vhdx" -> "D:\vm\disk_<GUID>.avhdx"
// (a differencing disk's own suffix replaced, not stacked).
std::string differencingDisk(const std::string& path, const std::string& guid) {
  const std::size_t slash = path.find_last_of('\\');
  const std::size_t dot = path.find_last_of('.');
  std::string stem = path.substr(0, dot == std::string::npos || (slash != std::string::npos && dot < slash) ? path.size() : dot);
  const std::string extension = dot == std::string::npos ? "" : path.substr(dot);
  if (cimom::iequals(extension, ".avhdx") && stem.size() > 37 && stem[stem.size() - 37] == '_') stem.resize(stem.size() - 37);
  return stem + "_" + guid + ".avhdx";
}


bool isVirtualHardDisk(const cimom::Instance& resource) {
  return cimom::iequals(resource.className(), "Msvm_StorageAllocationSettingData") &&
         text(resource, "ResourceSubType") == "Microsoft:Hyper-V:Virtual Hard Disk";
}

// Points a VM's disk at a new differencing disk over the file it used, and records that file.
cimom::Status moveOntoDifferencingDisk(const ClusterLookup& cluster, cimom::Instance& disk, const std::string& guid, int64_t micros) {
  const std::string parent = firstString(disk, "HostResource");
  if (parent.empty()) return cimom::okStatus();
  const std::string child = differencingDisk(parent, guid);
  disk.set("HostResource", Value::array(CimType::String, {cimom::Scalar(child)}));
  return addDifferencingDisk(cluster, parent, child, guid, micros);
}

// The InstanceID of a resource's copy in the settings `to` ("Microsoft:<to>\<rest>").
std::string rebased(const std::string& instanceId, const std::string& from, const std::string& to) {
  const std::string prefix = "Microsoft:" + from;
  if (instanceId.size() < prefix.size() || !cimom::iequals(instanceId.substr(0, prefix.size()), prefix)) return instanceId;
  return "Microsoft:" + to + instanceId.substr(prefix.size());
}

// The copies of `resources` (of the settings with GUID `from`) for the settings at `settingsPath`
// (GUID `to`), their Parent paths following, each with its link.
std::vector<cimom::Instance> copyResources(const ClusterLookup& cluster, const std::vector<InstancePtr>& resources,
                                           const std::string& from, const std::string& to, const ObjectPath& settingsPath,
                                           const std::string& node) {
  std::vector<cimom::Instance> made;
  for (const InstancePtr& r : resources) {
    cimom::Instance copy = *r;
    copy.set("InstanceID", Value::string(rebased(text(*r, "InstanceID"), from, to)));
    if (const Value* parent = r->get("Parent"); parent && !parent->isNull() && !parent->isArray()) {
      if (auto path = ObjectPath::parse(parent->asString())) {
        ObjectPath moved({}, path->className(),
                         {{"InstanceID", Value::string(rebased(path->key("InstanceID") ? path->key("InstanceID")->asString() : std::string(), from, to))}});
        copy.set("Parent", Value::string(wmiPathText(node, moved)));
      }
    }
    copy.setServer(node);
    cimom::Instance link(kComponent, cluster.nameSpace());
    link.set("GroupComponent", Value::reference(settingsPath));
    link.set("PartComponent", Value::reference(cluster.pathOf(copy)));
    made.push_back(std::move(copy));
    made.push_back(std::move(link));
  }
  return made;
}

// The settings a Parent text names, as a path of this namespace.
ObjectPath settingsAt(const ClusterLookup& cluster, const ObjectPath& named) {
  cimom::Instance probe(kSettings, cluster.nameSpace());
  const Value* id = named.key("InstanceID");
  probe.set("InstanceID", id ? *id : Value::string(""));
  return cluster.pathOf(probe);
}

cimom::Instance association(const ClusterLookup& cluster, const char* className, const ObjectPath& antecedent,
                            const ObjectPath& dependent) {
  cimom::Instance link(className, cluster.nameSpace());
  link.set("Antecedent", Value::reference(antecedent));
  link.set("Dependent", Value::reference(dependent));
  return link;
}

// Points the VM's settings at `snapshot` as the newest checkpoint of its branch (none: no parent).
cimom::Status makeCurrent(const ClusterLookup& cluster, const ObjectPath& vm, const ObjectPath& settings,
                          const std::optional<ObjectPath>& snapshot, const std::string& node) {
  if (cimom::Status s = cluster.removeLinksTo(settings, kParentChild, "Dependent"); !s) return s;
  if (cimom::Status s = cluster.removeLinksTo(vm, kMostCurrent, "Antecedent"); !s) return s;
  InstancePtr current = cluster.anywhere(settings);
  if (!current) return cimom::makeError(cimom::CimStatus::NotFound, "the virtual machine's settings no longer exist");
  cimom::Instance updated = *current;
  updated.set("Parent", snapshot ? Value::string(wmiPathText(node, *snapshot)) : Value::null(CimType::String));
  if (cimom::Status s = cluster.modify(updated); !s) return s;
  if (!snapshot) return cimom::okStatus();
  if (cimom::Status s = cluster.create(association(cluster, kParentChild, *snapshot, settings)); !s) return s;
  return cluster.create(association(cluster, kMostCurrent, vm, *snapshot));
}

// The checkpoint a reference names, and its VM.
std::optional<std::pair<InstancePtr, ConfiguredVm>> snapshotAt(const ClusterLookup& cluster, const Value* reference) {
  if (!reference || reference->isNull()) return std::nullopt;
  InstancePtr snapshot = cluster.get(reference->asReference());
  if (!snapshot || !cimom::iequals(snapshot->className(), kSettings) || text(*snapshot, "VirtualSystemType") != kSnapshotType) {
    return std::nullopt;
  }
  auto vms = cluster.associated(cluster.pathOf(*snapshot), kSnapshotOf, "Dependent", "Antecedent");
  if (!vms || vms->empty()) return std::nullopt;
  auto vm = configuredVm(cluster, cluster.pathOf(*vms->front()));
  if (!vm) return std::nullopt;
  return std::pair{snapshot, *vm};
}

cimom::Result<MethodResult> createSnapshot(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const Value* target = call.argument("AffectedSystem");
  std::optional<ConfiguredVm> vm = target && !target->isNull() ? configuredVm(cluster, target->asReference()) : std::nullopt;
  if (!vm) return methodResult(ServiceReturn::InvalidParameter);
  const Value* snapshotType = call.argument("SnapshotType");
  const uint64_t requested = snapshotType && !snapshotType->isNull() ? snapshotType->asUnsigned() : 2;
  if (requested == 3) return methodResult(ServiceReturn::NotSupported);  // disk snapshots: listed, not offered
  if (requested != 2) return methodResult(ServiceReturn::InvalidParameter);
  // Checkpoints turned off for the VM ("Disable the creation of any snapshot.").
  if (unsignedOf(*vm->settings, "UserSnapshotType", 3) == 2) return methodResult(ServiceReturn::InvalidState);
  const std::string snapshotId = engine.ids().newGuid();
  const ObjectPath snapshotPath = checkpointPath(cluster, snapshotId);
  const std::string name = checkpointName(text(*vm->system, "ElementName"), engine.clock().nowMicros());
  const ConfiguredVm at = *vm;
  const time::Clock& clock = engine.clock();
  time::IdSource& ids = engine.ids();
  auto onComplete = [cluster, at, snapshotId, name, &clock, &ids](cimom::Instance&) -> cimom::Status {
    return takeCheckpoint(cluster, at, snapshotId, name, clock.nowMicros(), [&ids] { return ids.newGuid(); });
  };
  return startVmJob(call, engine, cluster, *vm, "vm-snapshot", {vm->path, snapshotPath}, std::move(onComplete),
                {{"ResultingSnapshot", Value::reference(snapshotPath)}});
}

cimom::Result<MethodResult> applySnapshot(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto found = snapshotAt(cluster, call.argument("Snapshot"));
  if (!found) return methodResult(ServiceReturn::InvalidParameter);
  const InstancePtr snapshot = found->first;  // not a structured binding: Clang before 16 cannot capture one
  const ConfiguredVm vm = found->second;
  // A checkpoint is applied to a VM that is off or saved.
  if (vm.state != 3 && vm.state != 6) return methodResult(ServiceReturn::InvalidState);
  const std::string vmId = text(*vm.system, "Name");
  const std::string snapshotId = text(*snapshot, "InstanceID").substr(std::string("Microsoft:").size());
  const ObjectPath snapshotPath = cluster.pathOf(*snapshot);
  time::IdSource& ids = engine.ids();
  const time::Clock& clock = engine.clock();
  auto onComplete = [cluster, vm, vmId, snapshotId, snapshotPath, &ids, &clock](cimom::Instance&) -> cimom::Status {
    InstancePtr taken = cluster.anywhere(snapshotPath);
    InstancePtr settings = cluster.anywhere(vm.settingsPath);
    if (!taken || !settings) return cimom::makeError(cimom::CimStatus::NotFound, "the checkpoint or its virtual machine no longer exists");
    // The VM's resources become the checkpoint's: the same devices with the same settings.
    auto now = resourcesOf(cluster, vm.settingsPath);
    if (!now) return now.error();
    std::vector<std::string> discarded;  // the differencing disks of the state applying throws away
    for (const InstancePtr& r : *now) {
      if (isVirtualHardDisk(*r)) discarded.push_back(firstString(*r, "HostResource"));
      if (cimom::Status s = cluster.removeWithLinks(cluster.pathOf(*r), kComponent, "PartComponent"); !s) return s;
    }
    auto saved = resourcesOf(cluster, snapshotPath);
    if (!saved) return saved.error();
    for (cimom::Instance& part : copyResources(cluster, *saved, snapshotId, vmId, vm.settingsPath, vm.node)) {
      if (isVirtualHardDisk(part)) {
        if (cimom::Status s = moveOntoDifferencingDisk(cluster, part, ids.newGuid(), clock.nowMicros()); !s) return s;
      }
      if (cimom::Status s = cluster.create(part); !s) return s;
    }
    for (const std::string& file : discarded) {
      if (cimom::Status s = discardIfUnused(cluster, file); !s) return s;
    }
    if (cluster.hasClass(kLastApplied)) {
      if (cimom::Status s = cluster.removeLinksTo(vm.path, kLastApplied, "Dependent"); !s) return s;
      if (cimom::Status s = cluster.create(association(cluster, kLastApplied, snapshotPath, vm.path)); !s) return s;
    }
    cimom::Instance updated = *settings;
    for (const char* name : {"ElementName", "Notes", "AutomaticStartupAction", "AutomaticShutdownAction", "BootOrder",
                             "SecureBootEnabled", "Version"}) {
      if (const Value* v = taken->get(name)) updated.set(name, *v);
    }
    if (cimom::Status s = cluster.modify(updated); !s) return s;
    return makeCurrent(cluster, vm.path, vm.settingsPath, snapshotPath, vm.node);
  };
  return startVmJob(call, engine, cluster, vm, "vm-apply-snapshot", {vm.path}, std::move(onComplete));
}

// Destroys one checkpoint: its children hang from its parent, the VM's settings too when it
// was the newest, its links and resources go, and the disk that followed it merges into its own.
cimom::Status destroyCheckpoint(const ClusterLookup& cluster, const ConfiguredVm& vm, const ObjectPath& snapshotPath) {
  InstancePtr doomed = cluster.anywhere(snapshotPath);
  if (!doomed) return cimom::okStatus();
  // Its children (checkpoints, or the VM's settings) hang from its parent now.
  const Value* parentText = doomed->get("Parent");
  std::optional<ObjectPath> parent;
  if (parentText && !parentText->isNull()) {
    if (auto p = ObjectPath::parse(parentText->asString())) parent = settingsAt(cluster, *p);
  }
  auto children = cluster.associated(snapshotPath, kParentChild, "Antecedent", "Dependent");
  if (!children) return children.error();
  auto current = cluster.associated(vm.path, kMostCurrent, "Antecedent", "Dependent");
  if (!current) return current.error();
  const bool wasCurrent = !current->empty() && sameKeys(cluster.pathOf(*current->front()), snapshotPath);
  for (const InstancePtr& child : *children) {
    const ObjectPath childPath = cluster.pathOf(*child);
    if (sameKeys(childPath, vm.settingsPath)) continue;  // makeCurrent below relinks the VM's own
    cimom::Instance relinked = *child;
    relinked.set("Parent", parent ? Value::string(wmiPathText(vm.node, *parent)) : Value::null(CimType::String));
    if (cimom::Status s = cluster.modify(relinked); !s) return s;
    if (parent) {
      if (cimom::Status s = cluster.create(association(cluster, kParentChild, *parent, childPath)); !s) return s;
    }
  }
  if (wasCurrent) {
    if (cimom::Status s = makeCurrent(cluster, vm.path, vm.settingsPath, parent, vm.node); !s) return s;
  }
  for (const char* link : {kParentChild, kSnapshotOf, kMostCurrent, kLastApplied, kElementSettings}) {
    if (!cluster.hasClass(link)) continue;
    if (cimom::Status s = cluster.removeLinksTo(snapshotPath, link, ""); !s) return s;
  }
  auto resources = resourcesOf(cluster, snapshotPath);
  if (!resources) return resources.error();
  std::vector<std::string> disks;
  for (const InstancePtr& r : *resources) {
    if (isVirtualHardDisk(*r)) disks.push_back(firstString(*r, "HostResource"));
    if (cimom::Status s = cluster.removeWithLinks(cluster.pathOf(*r), kComponent, "PartComponent"); !s) return s;
  }
  // Hyper-V merges the differencing disk that followed the checkpoint into the checkpoint's.
  for (const std::string& disk : disks) {
    if (cimom::Status s = mergeChildInto(cluster, disk); !s) return s;
  }
  return cluster.remove(snapshotPath);
}

// The checkpoints taken after `root` in its branch (not the VM's own settings), deepest first.
cimom::Status collectDescendants(const ClusterLookup& cluster, const ObjectPath& root, const ObjectPath& vmSettings,
                                 std::vector<ObjectPath>& out, int depth = 0) {
  if (depth > 1000) return cimom::makeError(cimom::CimStatus::Failed, "the checkpoint tree is too deep");
  auto children = cluster.associated(root, kParentChild, "Antecedent", "Dependent");
  if (!children) return children.error();
  for (const InstancePtr& child : *children) {
    const ObjectPath childPath = cluster.pathOf(*child);
    if (sameKeys(childPath, vmSettings)) continue;
    if (cimom::Status s = collectDescendants(cluster, childPath, vmSettings, out, depth + 1); !s) return s;
    out.push_back(childPath);
  }
  return cimom::okStatus();
}

cimom::Result<MethodResult> destroySnapshot(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto found = snapshotAt(cluster, call.argument("AffectedSnapshot"));
  if (!found) return methodResult(ServiceReturn::InvalidParameter);
  const InstancePtr snapshot = found->first;  // not a structured binding: Clang before 16 cannot capture one
  const ConfiguredVm vm = found->second;
  const ObjectPath snapshotPath = cluster.pathOf(*snapshot);
  auto onComplete = [cluster, vm, snapshotPath](cimom::Instance&) -> cimom::Status {
    return destroyCheckpoint(cluster, vm, snapshotPath);
  };
  return startVmJob(call, engine, cluster, vm, "vm-destroy-snapshot", {vm.path}, std::move(onComplete));
}

// DestroySnapshotTree: the checkpoint and every checkpoint taken after it in its branch, the
// deepest first, each as DestroySnapshot destroys one.
cimom::Result<MethodResult> destroySnapshotTree(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto found = snapshotAt(cluster, call.argument("SnapshotSettingData"));
  if (!found) return methodResult(ServiceReturn::InvalidParameter);
  const InstancePtr snapshot = found->first;
  const ConfiguredVm vm = found->second;
  const ObjectPath rootPath = cluster.pathOf(*snapshot);
  auto onComplete = [cluster, vm, rootPath](cimom::Instance&) -> cimom::Status {
    std::vector<ObjectPath> doomed;
    if (cimom::Status s = collectDescendants(cluster, rootPath, vm.settingsPath, doomed); !s) return s;
    doomed.push_back(rootPath);
    for (const ObjectPath& p : doomed) {
      if (cimom::Status s = destroyCheckpoint(cluster, vm, p); !s) return s;
    }
    return cimom::okStatus();
  };
  return startVmJob(call, engine, cluster, vm, "vm-destroy-snapshot-tree", {vm.path}, std::move(onComplete));
}

// ClearSnapshotState: a checkpoint of a running VM keeps its memory; cleared, applying it
// starts the VM from off. A checkpoint without saved state has nothing to clear.
cimom::Result<MethodResult> clearSnapshotState(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto found = snapshotAt(cluster, call.argument("SnapshotSettingData"));
  if (!found) return methodResult(ServiceReturn::InvalidParameter);
  const InstancePtr snapshot = found->first;
  const ConfiguredVm vm = found->second;
  const Value* saved = snapshot->get("IsSaved");
  if (!saved || saved->isNull() || !saved->asBool()) return methodResult(ServiceReturn::InvalidState);
  const ObjectPath snapshotPath = cluster.pathOf(*snapshot);
  auto onComplete = [cluster, snapshotPath](cimom::Instance&) -> cimom::Status {
    InstancePtr now = cluster.anywhere(snapshotPath);
    if (!now) return cimom::makeError(cimom::CimStatus::NotFound, "the checkpoint no longer exists");
    cimom::Instance cleared = *now;
    cleared.set("IsSaved", Value::boolean(false));
    return cluster.modify(cleared);
  };
  return startVmJob(call, engine, cluster, vm, "vm-clear-snapshot-state", {vm.path, snapshotPath}, std::move(onComplete));
}

}  // namespace

cimom::Status takeCheckpoint(const ClusterLookup& cluster, const ConfiguredVm& at, const std::string& snapshotId,
                             const std::string& name, int64_t micros, const std::function<std::string()>& newGuid) {
  const std::string vmId = text(*at.system, "Name");
  const ObjectPath snapshotPath = checkpointPath(cluster, snapshotId);
  InstancePtr settings = cluster.anywhere(at.settingsPath);
  if (!settings) return cimom::makeError(cimom::CimStatus::NotFound, "the virtual machine no longer exists");
  auto resources = resourcesOf(cluster, at.settingsPath);
  if (!resources) return resources.error();
  cimom::Instance snapshot = *settings;
  snapshot.set("InstanceID", Value::string("Microsoft:" + snapshotId));
  snapshot.set("ElementName", Value::string(name));
  snapshot.set("Description", Value::string("Snapshot settings for the virtual machine"));
  snapshot.set("VirtualSystemType", Value::string(kSnapshotType));
  snapshot.set("ConfigurationID", Value::string(snapshotId));
  snapshot.set("ConfigurationFile", Value::string("Snapshots\\" + snapshotId + ".vmcx"));
  snapshot.set("CreationTime", Value::datetime(cimom::DateTime::timestamp(micros)));
  snapshot.set("IsSaved", Value::boolean(at.state == 2 || at.state == 9));
  snapshot.setServer(at.node);
  const Value* previous = settings->get("Parent");
  if (cimom::Status s = cluster.create(snapshot); !s) return s;
  for (const cimom::Instance& part : copyResources(cluster, *resources, vmId, snapshotId, snapshotPath, at.node)) {
    if (cimom::Status s = cluster.create(part); !s) return s;
  }
  if (cimom::Status s = cluster.create(association(cluster, kSnapshotOf, at.path, snapshotPath)); !s) return s;
  if (previous && !previous->isNull()) {
    if (auto parent = ObjectPath::parse(previous->asString())) {
      const ObjectPath parentPath = settingsAt(cluster, *parent);
      if (cimom::Status s = cluster.create(association(cluster, kParentChild, parentPath, snapshotPath)); !s) return s;
    }
  }
  if (cimom::Status s = makeCurrent(cluster, at.path, at.settingsPath, snapshotPath, at.node); !s) return s;
  if (cluster.hasClass(kElementSettings)) {
    // Msvm_ElementSettingData links a VM with its snapshot settings (the page's remarks).
    cimom::Instance link(kElementSettings, cluster.nameSpace());
    link.set("ManagedElement", Value::reference(at.path));
    link.set("SettingData", Value::reference(snapshotPath));
    link.set("IsDefault", Value::unsignedInt(CimType::UInt16, 2));
    link.set("IsCurrent", Value::unsignedInt(CimType::UInt16, 2));
    link.set("IsNext", Value::unsignedInt(CimType::UInt16, 2));
    if (cimom::Status s = cluster.create(link); !s) return s;
  }
  // The VM goes on writing to new differencing disks; the checkpoint keeps the old ones.
  for (const InstancePtr& r : *resources) {
    if (!isVirtualHardDisk(*r)) continue;
    cimom::Instance disk = *r;
    if (cimom::Status s = moveOntoDifferencingDisk(cluster, disk, newGuid(), micros); !s) return s;
    if (cimom::Status s = cluster.modify(disk); !s) return s;
  }
  return cimom::okStatus();
}

void registerSnapshotMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  methods.registerHandler("Msvm_VirtualSystemSnapshotService", "CreateSnapshot",
                          [&engine](const MethodCall& call) { return createSnapshot(call, engine); });
  methods.registerHandler("Msvm_VirtualSystemSnapshotService", "ApplySnapshot",
                          [&engine](const MethodCall& call) { return applySnapshot(call, engine); });
  methods.registerHandler("Msvm_VirtualSystemSnapshotService", "DestroySnapshot",
                          [&engine](const MethodCall& call) { return destroySnapshot(call, engine); });
  methods.registerHandler("Msvm_VirtualSystemSnapshotService", "DestroySnapshotTree",
                          [&engine](const MethodCall& call) { return destroySnapshotTree(call, engine); });
  methods.registerHandler("Msvm_VirtualSystemSnapshotService", "ClearSnapshotState",
                          [&engine](const MethodCall& call) { return clearSnapshotState(call, engine); });
}

}  // namespace cimdouble::jobs
