// Msvm_VirtualSystemManagementService (hyperv_v2 pages of each method): DefineSystem,
// DestroySystem, ModifySystemSettings, AddResourceSettings, ModifyResourceSettings and
// RemoveResourceSettings on the configurations of jobs/vm_configuration.h.
//
// Hyper-V answers a configuration change of a VM that is off at once (0); one it makes to a
// running VM (hot add or remove, runtime memory resize) and every DestroySystem run as an
// Msvm_ConcreteJob (4096), whose completion makes the change. Changes Hyper-V refuses while a
// VM runs get 32775, bad values 32773 (the Hyper-V codes real hosts return, in the range the
// pages call "Vendor Specific").
#include "cimom/case_insensitive.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
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

// Msvm_VirtualSystemSettingData.VirtualSystemSubType and the ResourceType values of the RASD page.
enum ResourceType : uint16_t {
  kProcessor = 3,
  kMemory = 4,
  kIdeController = 5,
  kScsiController = 6,
  kEthernetAdapter = 10,
  kDvdDrive = 16,
  kDiskDrive = 17,
  kSerialPort = 21,
  kLogicalDisk = 31,
  kEthernetConnection = 33,
};

// A property the client's embedded instance gives (not NULL).
const Value* given(const cimom::Instance& instance, const char* name) {
  const Value* v = instance.get(name);
  return v && !v->isNull() ? v : nullptr;
}

bool differs(const cimom::Instance& existing, const cimom::Instance& change, const char* name) {
  const Value* v = given(change, name);
  if (!v) return false;
  const Value* old = existing.get(name);
  return !old || !(*old == *v);
}

// The embedded instances of an argument, one or an array; nullopt when it holds something else.
std::optional<std::vector<InstancePtr>> embeddedInstances(const Value* v) {
  std::vector<InstancePtr> out;
  if (!v || v->isNull()) return out;
  if (v->type() != CimType::Instance) return std::nullopt;
  bool missing = false;
  v->forEachElement([&](const cimom::Scalar& s) {
    const auto& instance = std::get<std::shared_ptr<const cimom::Instance>>(s);
    if (!instance) missing = true;
    out.push_back(instance);
  });
  if (missing) return std::nullopt;
  return out;
}

std::optional<std::vector<ObjectPath>> references(const Value* v) {
  std::vector<ObjectPath> out;
  if (!v || v->isNull()) return out;
  if (v->type() != CimType::Reference) return std::nullopt;
  v->forEachElement([&](const cimom::Scalar& s) { out.push_back(*std::get<std::shared_ptr<const ObjectPath>>(s)); });
  return out;
}

// Windows Server 2022's maxima per VM ("Plan for Hyper-V scalability in Windows Server").
uint64_t maxProcessors(uint16_t generation) { return generation == 2 ? 240 : 64; }
uint64_t maxMemoryMB(uint16_t generation) { return (generation == 2 ? UINT64_C(12) : UINT64_C(1)) * 1024 * 1024; }

// The VM whose realized settings these are.
std::optional<ConfiguredVm> vmOfSettings(const ClusterLookup& cluster, const ObjectPath& settings) {
  auto systems = cluster.associated(settings, "Msvm_SettingsDefineState", "SettingData", "ManagedElement");
  if (!systems || systems->empty()) return std::nullopt;
  return configuredVm(cluster, cluster.pathOf(*systems->front()));
}

// The VM a resource belongs to.
std::optional<ConfiguredVm> vmOfResource(const ClusterLookup& cluster, const ObjectPath& resource) {
  auto settings = cluster.associated(resource, kComponent, "PartComponent", "GroupComponent");
  if (!settings || settings->empty()) return std::nullopt;
  return vmOfSettings(cluster, cluster.pathOf(*settings->front()));
}

// A resource of the VM named by a path text (Parent, HostResource), as Hyper-V writes them.
InstancePtr resourceNamed(const ClusterLookup& cluster, const std::vector<InstancePtr>& resources, const std::string& text) {
  auto path = ObjectPath::parse(text);
  if (!path) return nullptr;
  for (const InstancePtr& r : resources) {
    if (cimom::iequals(r->className(), path->className()) && sameKeys(cluster.pathOf(*r), *path)) return r;
  }
  return nullptr;
}

// What a method changes: applied at once, or when its job completes.
struct Change {
  std::vector<cimom::Instance> created;
  std::vector<cimom::Instance> modified;
  std::vector<ObjectPath> removed;
};

cimom::Status apply(const ClusterLookup& cluster, const Change& change) {
  for (const cimom::Instance& c : change.created) {
    if (cimom::Status s = cluster.create(c); !s) return s;
  }
  for (const cimom::Instance& m : change.modified) {
    if (cimom::Status s = cluster.modify(m); !s) return s;
  }
  for (const ObjectPath& r : change.removed) {
    if (cimom::Status s = cluster.removeWithLinks(r, kComponent, "PartComponent"); !s) return s;
  }
  return cimom::okStatus();
}

// 0 after making the change now, or 4096 with a job (of `kind`) that makes it when it completes.
cimom::Result<MethodResult> commit(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster, const ConfiguredVm& vm,
                                   bool asJob, const char* kind, Change change, std::vector<cimom::PropertyValue> out) {
  if (!asJob) {
    if (cimom::Status applied = apply(cluster, change); !applied) return applied.error();
    out.push_back({"Job", Value::null(CimType::Reference)});
    return methodResult(ServiceReturn::Completed, std::move(out));
  }
  return startVmJob(call, engine, cluster, vm, kind, {vm.path},
                    [cluster, change = std::move(change)](cimom::Instance&) { return apply(cluster, change); }, std::move(out));
}

// ---------------------------------------------------------------------------------------
// ModifySystemSettings

// What ModifySystemSettings changes (the page's read/write properties and those Hyper-V
// Manager's settings change); `whileRunning`: Hyper-V takes the change while the VM runs.
struct SystemProperty {
  const char* name;
  bool whileRunning;
};
constexpr SystemProperty kSystemProperties[] = {
    {"ElementName", true},
    {"Notes", true},
    {"AutomaticStartupAction", true},
    {"AutomaticStartupActionDelay", true},
    {"AutomaticStartupActionSequenceNumber", true},
    {"AutomaticShutdownAction", false},
    {"AutomaticRecoveryAction", true},
    {"AutomaticCriticalErrorAction", true},
    {"AutomaticCriticalErrorActionTimeout", true},
    {"AutomaticSnapshotsEnabled", true},
    {"UserSnapshotType", true},
    {"SnapshotDataRoot", false},
    {"SwapFileDataRoot", false},
    {"BootOrder", false},
    {"BootSourceOrder", false},
    {"BIOSNumLock", false},
    {"BaseBoardSerialNumber", false},
    {"ChassisSerialNumber", false},
    {"ChassisAssetTag", false},
    {"SecureBootEnabled", false},
    {"SecureBootTemplateId", false},
    {"PauseAfterBootFailure", false},
    {"NetworkBootPreferredProtocol", false},
    {"LockOnDisconnect", true},
    {"EnhancedSessionTransportType", false},
    {"IncrementalBackupEnabled", true},
    {"VirtualNumaEnabled", false},
    {"LowMmioGapSize", false},
    {"HighMmioGapSize", false},
    {"GuestControlledCacheTypes", false},
    {"AllowFullSCSICommandSet", false},
    {"ConsoleMode", false},
    {"DebugPortEnabled", false},
    {"DebugPort", false},
    {"DebugChannelId", false},
};

bool validSystemValues(const cimom::Instance& s, uint16_t generation) {
  auto inRange = [&](const char* name, uint64_t low, uint64_t high) {
    const Value* v = given(s, name);
    return !v || v->isArray() || (v->asUnsigned() >= low && v->asUnsigned() <= high);
  };
  if (const Value* name = given(s, "ElementName"); name && (name->asString().empty() || name->asString().size() > 100)) return false;
  if (!inRange("AutomaticStartupAction", 2, 4) || !inRange("AutomaticShutdownAction", 2, 4) ||
      !inRange("AutomaticRecoveryAction", 2, 4) || !inRange("UserSnapshotType", 2, 5) ||
      !inRange("AutomaticCriticalErrorAction", 0, 1) || !inRange("ConsoleMode", 0, 3) ||
      !inRange("LowMmioGapSize", 128, 3584)) {
    return false;
  }
  if (const Value* delay = given(s, "AutomaticStartupActionDelay"); delay && !delay->asDateTime().isInterval()) return false;
  // "Secure boot can only be enabled for generation 2 VMs."
  if (const Value* secure = given(s, "SecureBootEnabled"); secure && secure->asBool() && generation != 2) return false;
  if (const Value* order = given(s, "BootOrder"); order && order->isArray()) {
    if (generation == 2 || order->elements().size() > 4) return false;
    for (const cimom::Scalar& e : order->elements()) {
      if (std::get<uint64_t>(e) > 4) return false;
    }
  }
  return true;
}

cimom::Result<MethodResult> modifySystemSettings(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto settings = embeddedInstances(call.argument("SystemSettings"));
  if (!settings || settings->size() != 1 || !cimom::iequals((*settings)[0]->className(), kSettings)) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  const cimom::Instance& change = *(*settings)[0];
  const std::string instanceId = text(change, "InstanceID");
  if (instanceId.empty()) return methodResult(ServiceReturn::InvalidParameter);
  InstancePtr existing = cluster.get(ObjectPath({}, kSettings, {{"InstanceID", Value::string(instanceId)}}));
  if (!existing) return methodResult(ServiceReturn::InvalidParameter);
  std::optional<ConfiguredVm> vm = vmOfSettings(cluster, cluster.pathOf(*existing));
  if (!vm) return methodResult(ServiceReturn::InvalidParameter);  // a snapshot's settings do not change
  if (!validSystemValues(change, vm->generation)) return methodResult(ServiceReturn::InvalidParameter);
  cimom::Instance updated = *existing;
  bool renamed = false;
  for (const SystemProperty& p : kSystemProperties) {
    if (!differs(*existing, change, p.name)) continue;
    if (vm->running && !p.whileRunning) return methodResult(ServiceReturn::InvalidState);
    updated.set(p.name, *given(change, p.name));
    renamed = renamed || cimom::iequals(p.name, "ElementName");
  }
  Change c;
  c.modified.push_back(std::move(updated));
  if (renamed) {
    // The VM shows its new name too.
    cimom::Instance system = *vm->system;
    system.set("ElementName", *given(change, "ElementName"));
    c.modified.push_back(std::move(system));
  }
  return commit(call, engine, cluster, *vm, false, "", std::move(c), {});
}

// ---------------------------------------------------------------------------------------
// ModifyResourceSettings

// Checks and merges one resource change; the code to refuse it with, if any.
std::optional<ServiceReturn> mergeResource(const ClusterLookup& cluster, const ConfiguredVm& vm, const cimom::Instance& existing,
                                           const cimom::Instance& change, cimom::Instance& updated) {
  const uint64_t type = unsignedOf(existing, "ResourceType", 0);
  auto number = [&](const char* name) { return unsignedOf(change, name, unsignedOf(existing, name, 0)); };
  std::vector<const char*> names = {"ElementName"};
  if (type == kProcessor) {
    const uint64_t count = number("VirtualQuantity");
    const uint64_t limit = number("Limit");
    const uint64_t reservation = number("Reservation");
    if (count < 1 || count > maxProcessors(vm.generation) || limit > 100000 || reservation > 100000 ||
        number("Weight") > 10000 || reservation > limit) {
      return ServiceReturn::InvalidParameter;
    }
    // Virtual processors are not added or removed while the VM runs.
    if (vm.running && differs(existing, change, "VirtualQuantity")) return ServiceReturn::InvalidState;
    names.insert(names.end(), {"VirtualQuantity", "Limit", "Reservation", "Weight", "LimitCPUID",
                               "ExposeVirtualizationExtensions", "EnableHostResourceProtection", "HwThreadsPerCore"});
  } else if (type == kMemory) {
    const uint64_t startup = number("VirtualQuantity");
    const Value* dynamicGiven = given(change, "DynamicMemoryEnabled");
    const Value* dynamicNow = existing.get("DynamicMemoryEnabled");
    const bool dynamic = dynamicGiven ? dynamicGiven->asBool() : dynamicNow && !dynamicNow->isNull() && dynamicNow->asBool();
    // Memory comes in 2 MB steps, from 32 MB to the generation's maximum.
    auto validAmount = [&](uint64_t mb) { return mb >= 32 && mb <= maxMemoryMB(vm.generation) && mb % 2 == 0; };
    if (!validAmount(startup) || number("Weight") > 10000) return ServiceReturn::InvalidParameter;
    if (dynamic) {
      const uint64_t minimum = number("Reservation");
      const uint64_t maximum = number("Limit");
      const uint64_t buffer = number("TargetMemoryBuffer");
      if (!validAmount(minimum) || !validAmount(maximum) || minimum > startup || startup > maximum || buffer < 5 ||
          buffer > 2000) {
        return ServiceReturn::InvalidParameter;
      }
    }
    if (vm.running && (differs(existing, change, "DynamicMemoryEnabled") ||
                       (dynamic && differs(existing, change, "VirtualQuantity")))) {
      return ServiceReturn::InvalidState;
    }
    names.insert(names.end(), {"VirtualQuantity", "DynamicMemoryEnabled", "TargetMemoryBuffer", "Weight"});
    if (dynamic) {
      names.insert(names.end(), {"Reservation", "Limit"});
    } else {
      // Static memory: all of it is reserved, and no more is allowed.
      updated.set("Reservation", Value::unsignedInt(CimType::UInt64, startup));
      updated.set("Limit", Value::unsignedInt(CimType::UInt64, startup));
    }
  } else if (type == kLogicalDisk) {
    if (given(change, "HostResource") && firstString(change, "HostResource").empty()) return ServiceReturn::InvalidParameter;
    // A virtual hard disk that does not exist cannot be inserted (CreateVirtualHardDisk first).
    if (given(change, "HostResource") && !mediumExists(cluster, firstString(change, "HostResource"))) {
      return ServiceReturn::InvalidParameter;
    }
    names.insert(names.end(), {"HostResource", "IOPSLimit", "IOPSReservation", "CachingMode"});
  } else if (type == kEthernetConnection) {
    if (given(change, "HostResource")) {
      const std::string target = firstString(change, "HostResource");
      auto switches = cluster.onNode(vm.node).inView("Msvm_VirtualEthernetSwitch");
      if (!switches) return ServiceReturn::Failed;
      InstancePtr vswitch = target.empty() ? nullptr : resourceNamed(cluster, *switches, target);
      if (!vswitch) return ServiceReturn::InvalidParameter;
      updated.set("LastKnownSwitchName", Value::string(text(*vswitch, "ElementName")));
      updated.set("HostResource", Value::array(CimType::String, {cimom::Scalar(wmiPathText(vm.node, cluster.pathOf(*vswitch)))}));
    }
    names.insert(names.end(), {"EnabledState"});
  } else if (type == kEthernetAdapter) {
    if (const Value* mac = given(change, "Address")) {
      std::string digits = mac->asString();
      bool hex = digits.size() == 12;
      for (char ch : digits) hex = hex && std::isxdigit(static_cast<unsigned char>(ch));
      if (!hex) return ServiceReturn::InvalidParameter;
    }
    // A MAC address changes only while the VM is off.
    if (vm.running && (differs(existing, change, "Address") || differs(existing, change, "StaticMacAddress"))) {
      return ServiceReturn::InvalidState;
    }
    names.insert(names.end(), {"Address", "StaticMacAddress"});
  } else if (type == kSerialPort) {
    names.insert(names.end(), {"Connection", "DebuggerMode"});
  }
  for (const char* name : names) {
    if (differs(existing, change, name)) updated.set(name, *given(change, name));
  }
  return std::nullopt;
}

cimom::Result<MethodResult> modifyResourceSettings(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto changes = embeddedInstances(call.argument("ResourceSettings"));
  if (!changes || changes->empty()) return methodResult(ServiceReturn::InvalidParameter);
  Change c;
  std::vector<cimom::Scalar> resulting;
  std::optional<ConfiguredVm> vm;
  for (const InstancePtr& change : *changes) {
    const std::string instanceId = text(*change, "InstanceID");
    InstancePtr existing = instanceId.empty() ? nullptr
                                              : cluster.get(ObjectPath({}, change->className(), {{"InstanceID", Value::string(instanceId)}}));
    if (!existing) return methodResult(ServiceReturn::InvalidParameter);
    const ObjectPath path = cluster.pathOf(*existing);
    std::optional<ConfiguredVm> owner = vmOfResource(cluster, path);
    if (!owner) return methodResult(ServiceReturn::InvalidParameter);
    if (vm && !sameKeys(vm->path, owner->path)) return methodResult(ServiceReturn::InvalidParameter);  // one VM per call
    vm = owner;
    cimom::Instance updated = *existing;
    if (auto refused = mergeResource(cluster, *vm, *existing, *change, updated)) return methodResult(*refused);
    c.modified.push_back(std::move(updated));
    resulting.push_back(std::make_shared<const ObjectPath>(path));
  }
  std::vector<cimom::PropertyValue> out = {{"ResultingResourceSettings", Value::array(CimType::Reference, std::move(resulting))}};
  return commit(call, engine, cluster, *vm, vm->running, "vm-modify-resources", std::move(c), std::move(out));
}

// ---------------------------------------------------------------------------------------
// AddResourceSettings, RemoveResourceSettings

// The new resources' InstanceIDs follow their parent's, as Hyper-V forms them.
std::optional<ServiceReturn> planAddition(const ClusterLookup& cluster, JobEngine& engine, const ConfiguredVm& vm,
                                          std::vector<InstancePtr>& resources, const cimom::Instance& given,
                                          Change& change, std::vector<cimom::Scalar>& resulting) {
  const uint64_t type = unsignedOf(given, "ResourceType", 0);
  const std::string vmPrefix = "Microsoft:" + text(*vm.system, "Name") + "\\";
  cimom::Instance r = given;
  r.setNameSpace(cluster.nameSpace());
  r.setServer(vm.node);
  InstancePtr parent = resourceNamed(cluster, resources, text(given, "Parent"));
  auto childOf = [&](const InstancePtr& p) {
    for (const InstancePtr& other : resources) {
      auto path = ObjectPath::parse(text(*other, "Parent"));
      if (path && sameKeys(*path, cluster.pathOf(*p))) return true;
    }
    return false;
  };
  std::string instanceId;
  if (type == kDvdDrive || type == kDiskDrive) {
    if (!parent) return ServiceReturn::InvalidParameter;
    const uint64_t controllerType = unsignedOf(*parent, "ResourceType", 0);
    if (controllerType != kIdeController && controllerType != kScsiController) return ServiceReturn::InvalidParameter;
    const std::string address = text(given, "AddressOnParent");
    const uint64_t slots = controllerType == kIdeController ? 2 : 64;
    if (address.empty() || address.find_first_not_of("0123456789") != std::string::npos || address.size() > 2 ||
        std::stoull(address) >= slots) {
      return ServiceReturn::InvalidParameter;
    }
    for (const InstancePtr& other : resources) {
      auto otherParent = ObjectPath::parse(text(*other, "Parent"));
      if (otherParent && sameKeys(*otherParent, cluster.pathOf(*parent)) && text(*other, "AddressOnParent") == address) {
        return ServiceReturn::InvalidParameter;  // the slot is taken
      }
    }
    // IDE drives are not added to a running VM; SCSI ones are.
    if (vm.running && controllerType == kIdeController) return ServiceReturn::InvalidState;
    instanceId = text(*parent, "InstanceID") + "\\" + address + "\\D";
    r.set("ResourceSubType", Value::string(type == kDvdDrive ? "Microsoft:Hyper-V:Synthetic DVD Drive"
                                                             : "Microsoft:Hyper-V:Synthetic Disk Drive"));
  } else if (type == kLogicalDisk) {
    if (!parent) return ServiceReturn::InvalidParameter;
    const uint64_t driveType = unsignedOf(*parent, "ResourceType", 0);
    if ((driveType != kDvdDrive && driveType != kDiskDrive) || childOf(parent)) return ServiceReturn::InvalidParameter;
    if (firstString(given, "HostResource").empty()) return ServiceReturn::InvalidParameter;
    if (!mediumExists(cluster, firstString(given, "HostResource"))) return ServiceReturn::InvalidParameter;
    std::string driveId = text(*parent, "InstanceID");
    instanceId = driveId.substr(0, driveId.size() - 1) + "L";
  } else if (type == kEthernetAdapter) {
    if (vm.running && vm.generation == 1) return ServiceReturn::InvalidState;  // hot add: generation 2 only
    instanceId = vmPrefix + engine.ids().newGuid();
    if (text(given, "Address").empty() || !given.get("StaticMacAddress") || given.get("StaticMacAddress")->isNull() ||
        !given.get("StaticMacAddress")->asBool()) {
      r.set("StaticMacAddress", Value::boolean(false));
      r.set("Address", Value::string(vm.running ? "00155D" + engine.ids().newGuid().substr(0, 6) : "000000000000"));
    }
  } else if (type == kEthernetConnection) {
    if (!parent || unsignedOf(*parent, "ResourceType", 0) != kEthernetAdapter || childOf(parent)) {
      return ServiceReturn::InvalidParameter;
    }
    auto switches = cluster.onNode(vm.node).inView("Msvm_VirtualEthernetSwitch");
    if (!switches) return ServiceReturn::Failed;
    InstancePtr vswitch = resourceNamed(cluster, *switches, firstString(given, "HostResource"));
    if (!vswitch) return ServiceReturn::InvalidParameter;
    instanceId = text(*parent, "InstanceID") + "\\C";
    r.set("HostResource", Value::array(CimType::String, {cimom::Scalar(wmiPathText(vm.node, cluster.pathOf(*vswitch)))}));
    r.set("LastKnownSwitchName", Value::string(text(*vswitch, "ElementName")));
    r.set("EnabledState", Value::unsignedInt(CimType::UInt16, 2));
  } else if (type == kScsiController) {
    if (vm.running) return ServiceReturn::InvalidState;  // controllers are added while the VM is off
    std::size_t count = 0;
    for (const InstancePtr& other : resources) count += unsignedOf(*other, "ResourceType", 0) == kScsiController;
    if (count >= 4) return ServiceReturn::InvalidParameter;
    instanceId = vmPrefix + engine.ids().newGuid() + "\\" + std::to_string(count);
    r.set("Address", Value::string(std::to_string(count)));
  } else {
    return ServiceReturn::InvalidParameter;  // processors, memory and the rest are there already
  }
  r.set("InstanceID", Value::string(instanceId));
  if (parent) r.set("Parent", Value::string(wmiPathText(vm.node, cluster.pathOf(*parent))));
  if (cluster.hasProperty(r.className(), "VirtualSystemIdentifiers")) {
    r.set("VirtualSystemIdentifiers",
          Value::array(CimType::String, {cimom::Scalar(std::string("{" + text(*vm.system, "Name") + "}"))}));
  }
  const ObjectPath path = cluster.pathOf(r);
  if (cluster.anywhere(path)) return ServiceReturn::InvalidParameter;
  cimom::Instance link(kComponent, cluster.nameSpace());  // shown where both ends are
  link.set("GroupComponent", Value::reference(vm.settingsPath));
  link.set("PartComponent", Value::reference(path));
  resources.push_back(std::make_shared<const cimom::Instance>(r));  // later additions may name it as Parent
  change.created.push_back(std::move(r));
  change.created.push_back(std::move(link));
  resulting.push_back(std::make_shared<const ObjectPath>(path));
  return std::nullopt;
}

cimom::Result<MethodResult> addResources(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster,
                                         const ConfiguredVm& vm, const std::vector<InstancePtr>& additions, bool asJob) {
  auto existing = resourcesOf(cluster, vm.settingsPath);
  if (!existing) return existing.error();
  std::vector<InstancePtr> resources = *existing;
  Change c;
  std::vector<cimom::Scalar> resulting;
  for (const InstancePtr& addition : additions) {
    if (!cluster.hasClass(addition->className().c_str())) return methodResult(ServiceReturn::InvalidParameter);
    if (auto refused = planAddition(cluster, engine, vm, resources, *addition, c, resulting)) return methodResult(*refused);
  }
  std::vector<cimom::PropertyValue> out = {{"ResultingResourceSettings", Value::array(CimType::Reference, std::move(resulting))}};
  return commit(call, engine, cluster, vm, asJob, "vm-add-resources", std::move(c), std::move(out));
}

cimom::Result<MethodResult> addResourceSettings(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const Value* target = call.argument("AffectedConfiguration");
  if (!target || target->isNull()) return methodResult(ServiceReturn::InvalidParameter);
  std::optional<ConfiguredVm> vm = vmOfSettings(cluster, target->asReference());
  if (!vm || !cluster.get(target->asReference())) return methodResult(ServiceReturn::InvalidParameter);
  auto additions = embeddedInstances(call.argument("ResourceSettings"));
  if (!additions || additions->empty()) return methodResult(ServiceReturn::InvalidParameter);
  return addResources(call, engine, cluster, *vm, *additions, vm->running);
}

cimom::Result<MethodResult> removeResourceSettings(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto paths = references(call.argument("ResourceSettings"));
  if (!paths || paths->empty()) return methodResult(ServiceReturn::InvalidParameter);
  std::optional<ConfiguredVm> vm;
  Change c;
  for (const ObjectPath& p : *paths) {
    InstancePtr resource = cluster.get(p);
    std::optional<ConfiguredVm> owner = resource ? vmOfResource(cluster, cluster.pathOf(*resource)) : std::nullopt;
    if (!owner || (vm && !sameKeys(vm->path, owner->path))) return methodResult(ServiceReturn::InvalidParameter);
    vm = owner;
    const uint64_t type = unsignedOf(*resource, "ResourceType", 0);
    // The processor, the memory, the IDE controllers and the COM ports are always there.
    if (type == kProcessor || type == kMemory || type == kIdeController || type == kSerialPort) {
      return methodResult(ServiceReturn::InvalidParameter);
    }
    auto resources = resourcesOf(cluster, vm->settingsPath);
    if (!resources) return resources.error();
    // IDE drives, controllers and generation 1 adapters leave only while the VM is off.
    if (vm->running && (type == kScsiController || (type == kEthernetAdapter && vm->generation == 1))) {
      return methodResult(ServiceReturn::InvalidState);
    }
    if (vm->running && (type == kDiskDrive || type == kDvdDrive)) {
      auto controller = resourceNamed(cluster, *resources, text(*resource, "Parent"));
      if (controller && unsignedOf(*controller, "ResourceType", 0) == kIdeController) return methodResult(ServiceReturn::InvalidState);
    }
    // What hangs from it goes with it: a drive's medium, an adapter's connection, a controller's drives.
    std::vector<ObjectPath> doomed = {cluster.pathOf(*resource)};
    for (std::size_t i = 0; i < doomed.size(); ++i) {
      for (const InstancePtr& other : *resources) {
        auto parent = ObjectPath::parse(text(*other, "Parent"));
        if (parent && sameKeys(*parent, doomed[i])) doomed.push_back(cluster.pathOf(*other));
      }
    }
    for (const ObjectPath& d : doomed) {
      bool listed = false;
      for (const ObjectPath& already : c.removed) listed = listed || sameKeys(already, d);
      if (!listed) c.removed.push_back(d);
    }
  }
  return commit(call, engine, cluster, *vm, vm->running, "vm-remove-resources", std::move(c), {});
}

// ---------------------------------------------------------------------------------------
// DefineSystem, DestroySystem

cimom::Result<MethodResult> defineSystem(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto systemSettings = embeddedInstances(call.argument("SystemSettings"));
  if (!systemSettings || systemSettings->size() != 1 || !cimom::iequals((*systemSettings)[0]->className(), kSettings)) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  const cimom::Instance& s = *(*systemSettings)[0];
  auto resourceSettings = embeddedInstances(call.argument("ResourceSettings"));
  if (!resourceSettings) return methodResult(ServiceReturn::InvalidParameter);
  // "The reference configuration is used to complement the configuration of the new virtual
  // system if the SystemSettings and ResourceSettings parameters do not provide" it.
  InstancePtr referenced;
  if (const Value* reference = call.argument("ReferenceConfiguration"); reference && !reference->isNull()) {
    referenced = cluster.get(reference->asReference());
    if (!referenced || !cimom::iequals(referenced->className(), kSettings)) return methodResult(ServiceReturn::InvalidParameter);
  }
  // A property of the settings given, else of the reference; nullptr for neither.
  auto fromEither = [&s, &referenced](const char* name) -> const Value* {
    if (const Value* v = given(s, name)) return v;
    return referenced ? given(*referenced, name) : nullptr;
  };
  const std::string type = text(s, "VirtualSystemType");
  if (!type.empty() && type != "Microsoft:Hyper-V:System:Realized") return methodResult(ServiceReturn::InvalidParameter);
  const Value* subTypeValue = fromEither("VirtualSystemSubType");
  const std::string subType = subTypeValue && subTypeValue->type() == CimType::String ? subTypeValue->asString() : std::string();
  if (!subType.empty() && subType != "Microsoft:Hyper-V:SubType:1" && subType != "Microsoft:Hyper-V:SubType:2") {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  VmConfiguration config;
  config.generation = subType == "Microsoft:Hyper-V:SubType:2" ? 2 : 1;
  if (!validSystemValues(s, config.generation)) return methodResult(ServiceReturn::InvalidParameter);
  config.name = text(s, "ElementName").empty() ? "New Virtual Machine" : text(s, "ElementName");
  config.vmId = engine.ids().newGuid();
  // The service's node defines it (the node the client asked).
  config.node = call.instance ? call.instance->server() : std::string();
  if (config.node.empty()) return methodResult(ServiceReturn::InvalidParameter);
  const cimom::Instance& source = referenced ? *referenced : s;
  config.startAction = static_cast<uint16_t>(unsignedOf(s, "AutomaticStartupAction", unsignedOf(source, "AutomaticStartupAction", config.startAction)));
  config.stopAction = static_cast<uint16_t>(unsignedOf(s, "AutomaticShutdownAction", unsignedOf(source, "AutomaticShutdownAction", config.stopAction)));
  if (const Value* notes = fromEither("Notes"); notes && notes->isArray()) {
    for (const cimom::Scalar& n : notes->elements()) config.notes.push_back(std::get<std::string>(n));
  }
  if (const Value* root = fromEither("ConfigurationDataRoot"); root && root->type() == CimType::String && !root->asString().empty()) {
    config.dataRoot = root->asString();
  }
  if (const Value* version = fromEither("Version"); version && version->type() == CimType::String && !version->asString().empty()) {
    config.version = version->asString();
  }
  // The reference's processors and memory, where the resource settings given do not set them.
  if (referenced) {
    auto resources = resourcesOf(cluster, cluster.pathOf(*referenced));
    if (!resources) return resources.error();
    for (const InstancePtr& r : *resources) {
      if (cimom::iequals(r->className(), "Msvm_ProcessorSettingData")) config.processors = unsignedOf(*r, "VirtualQuantity", config.processors);
      if (cimom::iequals(r->className(), "Msvm_MemorySettingData")) {
        config.memoryMB = unsignedOf(*r, "VirtualQuantity", config.memoryMB);
        const Value* dynamic = r->get("DynamicMemoryEnabled");
        config.dynamicMemory = dynamic && !dynamic->isNull() && dynamic->asBool();
        if (config.dynamicMemory) {
          config.minimumMemoryMB = unsignedOf(*r, "Reservation", config.minimumMemoryMB);
          config.maximumMemoryMB = unsignedOf(*r, "Limit", config.maximumMemoryMB);
        }
      }
    }
  }
  config.createdMicros = engine.clock().nowMicros();
  // DefineSystem's defaults (or the reference's): one processor, 1 GB, the controllers; no drive, no adapter.
  InstancePtr host = nullptr;
  auto hosts = cluster.hostNamed(config.node);
  if (!hosts) return hosts.error();
  host = *hosts;
  if (!host) return methodResult(ServiceReturn::Failed);

  cimom::Instance system = virtualMachineSystem(cluster.nameSpace(), config.vmId, config.name, config.node, 3);
  const ObjectPath vmPath = cluster.pathOf(system);
  std::vector<cimom::Instance> made = {system};
  cimom::Instance component("Msvm_ComponentCS", cluster.nameSpace());
  component.set("GroupComponent", Value::reference(cluster.pathOf(*host)));
  component.set("PartComponent", Value::reference(vmPath));
  made.push_back(std::move(component));
  time::IdSource& ids = engine.ids();
  for (cimom::Instance& part : vmConfiguration(cluster, config, vmPath, [&ids](const std::string&) { return ids.newGuid(); })) {
    made.push_back(std::move(part));
  }
  for (const cimom::Instance& m : made) {
    if (cimom::Status created = cluster.create(m); !created) return created.error();
  }
  std::vector<cimom::PropertyValue> out = {{"ResultingSystem", Value::reference(vmPath)}};
  if (!resourceSettings->empty()) {
    std::optional<ConfiguredVm> vm = configuredVm(cluster, vmPath);
    auto added = vm ? addResources(call, engine, cluster, *vm, *resourceSettings, false)
                    : cimom::Result<MethodResult>(cimom::makeError(cimom::CimStatus::Failed, "the new VM vanished"));
    if (!added || added->returnValue.asUnsigned() != static_cast<uint32_t>(ServiceReturn::Completed)) {
      // Nothing of a refused definition stays.
      if (cimom::Status undone = removeConfiguration(cluster, vmPath); !undone) return undone.error();
      if (cimom::Status undone = cluster.removeWithLinks(vmPath, "Msvm_ComponentCS", "PartComponent"); !undone) {
        return undone.error();
      }
      return added;
    }
  }
  out.push_back({"Job", Value::null(CimType::Reference)});
  return methodResult(ServiceReturn::Completed, std::move(out));
}

// Add/RemoveFibreChannelChap: the ports must be synthetic Fibre Channel ports of a VM; the
// double's VMs have none (no virtual SAN is modelled), so every port named is unknown.
cimom::Result<MethodResult> fibreChannelChap(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  auto ports = embeddedInstances(call.argument("FcPortSettings"));
  if (!ports || ports->empty()) return methodResult(ServiceReturn::InvalidParameter);
  for (const InstancePtr& port : *ports) {
    const std::string id = text(*port, "InstanceID");
    if (id.empty() || !cluster.hasClass("Msvm_SyntheticFcPortSettingData") ||
        !cluster.get(ObjectPath({}, "Msvm_SyntheticFcPortSettingData", {{"InstanceID", Value::string(id)}}))) {
      return methodResult(ServiceReturn::InvalidParameter);
    }
  }
  return methodResult(ServiceReturn::Completed);
}

cimom::Result<MethodResult> destroySystem(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const Value* target = call.argument("AffectedSystem");
  if (!target || target->isNull()) return methodResult(ServiceReturn::InvalidParameter);
  std::optional<ConfiguredVm> vm = configuredVm(cluster, target->asReference());
  if (!vm) return methodResult(ServiceReturn::InvalidParameter);
  // "The virtual machine must be in the powered off or saved state prior to calling this method."
  if (vm->running) return methodResult(ServiceReturn::InvalidState);
  const ObjectPath vmPath = vm->path;
  auto onComplete = [cluster, vmPath](cimom::Instance&) -> cimom::Status {
    if (cimom::Status s = removeConfiguration(cluster, vmPath); !s) return s;
    for (const char* association : {"Msvm_CollectedVirtualSystems", "Msvm_MemberOfCollection"}) {
      if (!cluster.hasClass(association)) continue;
      if (cimom::Status s = cluster.removeLinksTo(vmPath, association, "Member"); !s) return s;
    }
    return cluster.removeWithLinks(vmPath, "Msvm_ComponentCS", "PartComponent");
  };
  return startVmJob(call, engine, cluster, *vm, "vm-destroy", {vmPath}, std::move(onComplete));
}

}  // namespace

void registerVmManagementMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  const std::pair<const char*, cimom::Result<MethodResult> (*)(const MethodCall&, JobEngine&)> handlers[] = {
      {"DefineSystem", defineSystem},
      {"DestroySystem", destroySystem},
      {"ModifySystemSettings", modifySystemSettings},
      {"AddResourceSettings", addResourceSettings},
      {"ModifyResourceSettings", modifyResourceSettings},
      {"RemoveResourceSettings", removeResourceSettings},
      {"AddFibreChannelChap", fibreChannelChap},
      {"RemoveFibreChannelChap", fibreChannelChap},
  };
  for (const auto& [name, handler] : handlers) {
    methods.registerHandler("Msvm_VirtualSystemManagementService", name,
                            [&engine, handler = handler](const MethodCall& call) { return handler(call, engine); });
  }
}

}  // namespace cimdouble::jobs
