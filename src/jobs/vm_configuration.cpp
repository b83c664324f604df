#include "jobs/vm_configuration.h"

#include "cimom/case_insensitive.h"
#include "jobs/method_results.h"
#include "jobs/virtual_disks.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::Value;

Value u16(uint64_t v) { return Value::unsignedInt(CimType::UInt16, v); }
Value u32(uint64_t v) { return Value::unsignedInt(CimType::UInt32, v); }
Value u64(uint64_t v) { return Value::unsignedInt(CimType::UInt64, v); }
Value str(std::string v) { return Value::string(std::move(v)); }
Value strings(const std::vector<std::string>& values) {
  return Value::array(CimType::String, std::vector<cimom::Scalar>(values.begin(), values.end()));
}
Value u16s(std::initializer_list<uint64_t> values) {
  return Value::array(CimType::UInt16, std::vector<cimom::Scalar>(values.begin(), values.end()));
}

// The device-class GUIDs real hosts put in their resources' InstanceIDs
// ("Microsoft:<VM GUID>\<device GUID>\<device-specific data>", the RASD page's form).
constexpr const char* kProcessorGuid = "B637F346-6A0E-4DEC-AF52-BD70CB80A21D";
constexpr const char* kMemoryGuid = "4764334D-E001-4176-82EE-5594EC9B530E";
constexpr const char* kIdeControllerGuid = "83F8638B-8DCA-4152-9EDA-2CA8B33039B4";
constexpr const char* kShutdownGuid = "9F8233AC-BE49-4C79-8EE3-E7E1985B2077";

constexpr const char* kSettings = "Msvm_VirtualSystemSettingData";
constexpr const char* kDefineState = "Msvm_SettingsDefineState";
constexpr const char* kSettingsComponent = "Msvm_VirtualSystemSettingDataComponent";
constexpr const char* kSystemDevice = "Msvm_SystemDevice";
constexpr const char* kShutdown = "Msvm_ShutdownComponent";
constexpr const char* kConnection = "Msvm_EthernetPortAllocationSettingData";

// Builds the instances in order, each in the cluster's namespace on the VM's node.
class Builder {
 public:
  Builder(const ClusterLookup& cluster, const VmConfiguration& config, const cimom::ObjectPath& vmPath)
      : cluster_(cluster), config_(config), vmPath_(vmPath) {}

  cimom::Instance make(const char* className) const {
    cimom::Instance instance(className, cluster_.nameSpace());
    instance.setServer(config_.node);
    return instance;
  }
  // Adds the instance (when the namespace has its class) and returns its path.
  std::optional<cimom::ObjectPath> add(cimom::Instance instance) {
    if (!cluster_.hasClass(instance.className().c_str())) return std::nullopt;
    cimom::ObjectPath path = cluster_.pathOf(instance);
    made_.push_back(std::move(instance));
    return path;
  }
  void link(const char* className, const char* fromRole, const cimom::ObjectPath& from, const char* toRole,
            const cimom::ObjectPath& to) {
    // No node of its own: it shows wherever both ends do, so it moves with them.
    cimom::Instance association(className, cluster_.nameSpace());
    association.set(fromRole, Value::reference(from));
    association.set(toRole, Value::reference(to));
    add(std::move(association));
  }
  // A resource of the settings at `settings`: Microsoft's common RASD values, then the link.
  std::optional<cimom::ObjectPath> resource(cimom::Instance rasd, const cimom::ObjectPath& settings) {
    if (cluster_.hasProperty(rasd.className(), "VirtualSystemIdentifiers")) {
      rasd.set("VirtualSystemIdentifiers", strings({"{" + config_.vmId + "}"}));
    }
    auto path = add(std::move(rasd));
    if (path) link(kSettingsComponent, "GroupComponent", settings, "PartComponent", *path);
    return path;
  }
  std::vector<cimom::Instance> take() { return std::move(made_); }
  const VmConfiguration& config() const { return config_; }
  const cimom::ObjectPath& vmPath() const { return vmPath_; }

 private:
  const ClusterLookup& cluster_;
  const VmConfiguration& config_;
  const cimom::ObjectPath& vmPath_;
  std::vector<cimom::Instance> made_;
};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

cimom::Instance systemSettings(const Builder& b) {
  const VmConfiguration& c = b.config();
  cimom::Instance s = b.make(kSettings);
  s.set("InstanceID", str("Microsoft:" + c.vmId));
  s.set("Caption", str("Virtual Machine Settings"));
  s.set("Description", str("Active settings for the virtual machine"));
  s.set("ElementName", str(c.name));
  s.set("VirtualSystemIdentifier", str(c.vmId));
  s.set("VirtualSystemType", str("Microsoft:Hyper-V:System:Realized"));
  s.set("VirtualSystemSubType", str("Microsoft:Hyper-V:SubType:" + std::to_string(c.generation)));
  s.set("Notes", strings(c.notes.empty() ? std::vector<std::string>{""} : c.notes));
  s.set("CreationTime", Value::datetime(cimom::DateTime::timestamp(c.createdMicros)));
  s.set("ConfigurationID", str(c.vmId));
  s.set("ConfigurationDataRoot", str(c.dataRoot));
  s.set("ConfigurationFile", str("Virtual Machines\\" + c.vmId + ".vmcx"));
  s.set("SnapshotDataRoot", str(c.dataRoot));
  s.set("SuspendDataRoot", str(c.dataRoot));
  s.set("SwapFileDataRoot", str(c.dataRoot));
  s.set("LogDataRoot", str(c.dataRoot));
  s.set("AutomaticStartupAction", u16(c.startAction));
  s.set("AutomaticStartupActionDelay", Value::datetime(cimom::DateTime::interval(c.startDelaySeconds * 1'000'000)));
  s.set("AutomaticStartupActionSequenceNumber", u16(0));
  s.set("AutomaticShutdownAction", u16(c.stopAction));
  s.set("AutomaticRecoveryAction", u16(3));  // Restart
  s.set("AutomaticCriticalErrorAction", u16(1));  // Pause Resume
  s.set("AutomaticCriticalErrorActionTimeout", Value::datetime(cimom::DateTime::interval(30LL * 60 * 1'000'000)));
  s.set("BIOSGUID", str("{" + c.vmId + "}"));
  s.set("BIOSSerialNumber", str("0000-0000-0000-0000-0000-0000-00"));
  s.set("BaseBoardSerialNumber", str("0000-0000-0000-0000-0000-0000-00"));
  s.set("ChassisSerialNumber", str("0000-0000-0000-0000-0000-0000-00"));
  s.set("ChassisAssetTag", str("0000-0000-0000-0000-0000-0000-00"));
  s.set("Architecture", str("x64"));
  s.set("IsSaved", Value::boolean(false));
  s.set("AllowFullSCSICommandSet", Value::boolean(false));
  s.set("DebugChannelId", u32(0));
  s.set("DebugPortEnabled", u16(0));
  s.set("DebugPort", u32(0));
  s.set("Version", str(c.version));
  s.set("IncrementalBackupEnabled", Value::boolean(false));
  s.set("VirtualNumaEnabled", Value::boolean(true));
  s.set("AllowReducedFcRedundancy", Value::boolean(false));
  s.set("UserSnapshotType", u16(3));  // Production checkpoints, falling back to standard ones
  s.set("AutomaticSnapshotsEnabled", Value::boolean(false));
  s.set("IsAutomaticSnapshot", Value::boolean(false));
  s.set("GuestControlledCacheTypes", Value::boolean(false));
  s.set("LockOnDisconnect", Value::boolean(false));
  s.set("EnhancedSessionTransportType", u16(0));
  s.set("LowMmioGapSize", u64(128));
  s.set("HighMmioGapSize", u64(512));
  if (c.generation == 1) {
    s.set("BIOSNumLock", Value::boolean(false));
    s.set("BootOrder", u16s({1, 2, 3, 0}));  // CD, IDE, network, floppy: what the wizard sets
    s.set("SecureBootEnabled", Value::boolean(false));
  } else {
    s.set("BootOrder", Value::null(CimType::UInt16, true));
    s.set("SecureBootEnabled", Value::boolean(true));
    s.set("SecureBootTemplateId", str("1734c6e8-3154-4dda-ba5f-a874cc483422"));  // Microsoft Windows
    s.set("PauseAfterBootFailure", Value::boolean(false));
    s.set("NetworkBootPreferredProtocol", u16(4096));  // IPv4
    s.set("ConsoleMode", u16(0));
  }
  return s;
}

cimom::Instance rasd(const Builder& b, const char* className, const std::string& instanceId, uint16_t type,
                     const char* subType, const char* caption, const char* description) {
  cimom::Instance r = b.make(className);
  r.set("InstanceID", str(instanceId));
  r.set("Caption", str(caption));
  r.set("Description", str(description));
  r.set("ElementName", str(caption));
  r.set("ResourceType", u16(type));
  r.set("ResourceSubType", str(subType));
  r.set("PoolID", str(""));
  r.set("AutomaticAllocation", Value::boolean(true));
  r.set("AutomaticDeallocation", Value::boolean(true));
  return r;
}

void addProcessorAndMemory(Builder& b, const cimom::ObjectPath& settings) {
  const VmConfiguration& c = b.config();
  const std::string vm = "Microsoft:" + c.vmId + "\\";
  cimom::Instance p = rasd(b, "Msvm_ProcessorSettingData", vm + kProcessorGuid + "\\0", 3, "Microsoft:Hyper-V:Processor",
                           "Processor", "Settings for Microsoft Virtual Processor.");
  p.set("AllocationUnits", str("percent / 1000"));
  p.set("VirtualQuantityUnits", str("count"));
  p.set("VirtualQuantity", u64(c.processors));
  p.set("Reservation", u64(0));
  p.set("Limit", u64(100000));
  p.set("Weight", u32(100));
  p.set("ConsumerVisibility", u16(3));
  p.set("LimitCPUID", Value::boolean(false));
  p.set("HwThreadsPerCore", u64(0));
  p.set("LimitProcessorFeatures", Value::boolean(false));
  p.set("MaxProcessorsPerNumaNode", u64(32));
  p.set("MaxNumaNodesPerSocket", u64(1));
  p.set("EnableHostResourceProtection", Value::boolean(false));
  p.set("CpuGroupId", str("00000000-0000-0000-0000-000000000000"));
  p.set("HideHypervisorPresent", Value::boolean(false));
  p.set("ExposeVirtualizationExtensions", Value::boolean(false));
  b.resource(std::move(p), settings);

  cimom::Instance m = rasd(b, "Msvm_MemorySettingData", vm + kMemoryGuid, 4, "Microsoft:Hyper-V:Memory", "Memory",
                           "Settings for Microsoft Virtual Machine Memory.");
  m.set("AllocationUnits", str("byte * 2^20"));
  m.set("VirtualQuantityUnits", str("byte * 2^20"));
  m.set("VirtualQuantity", u64(c.memoryMB));
  // Static memory: all of it reserved, no more allowed; dynamic: the minimum and the maximum.
  m.set("Reservation", u64(c.dynamicMemory ? c.minimumMemoryMB : c.memoryMB));
  m.set("Limit", u64(c.dynamicMemory ? c.maximumMemoryMB : c.memoryMB));
  m.set("Weight", u32(5000));
  m.set("ConsumerVisibility", u16(3));
  m.set("DynamicMemoryEnabled", Value::boolean(c.dynamicMemory));
  m.set("TargetMemoryBuffer", u32(c.memoryBuffer));
  m.set("IsVirtualized", Value::boolean(true));
  m.set("SwapFilesInUse", Value::boolean(false));
  m.set("MaxMemoryBlocksPerNumaNode", u64(0));
  m.set("HugePagesEnabled", Value::boolean(false));
  m.set("SgxEnabled", Value::boolean(false));
  m.set("SgxSize", u64(0));
  b.resource(std::move(m), settings);
}

std::string controllerId(const VmConfiguration& c, bool scsi, uint32_t number,
                         const std::function<std::string(const std::string&)>& newId) {
  const std::string device = scsi ? newId("scsi:" + std::to_string(number)) : std::string(kIdeControllerGuid);
  return "Microsoft:" + c.vmId + "\\" + device + "\\" + std::to_string(number);
}

void addStorage(Builder& b, const cimom::ObjectPath& settings,
                const std::function<std::string(const std::string&)>& newId) {
  const VmConfiguration& c = b.config();
  // The controllers a new VM has: two IDE and one SCSI on generation 1, one SCSI on generation 2;
  // more SCSI controllers where the drives name them.
  struct Controller {
    bool scsi;
    uint32_t number;
    std::string id;
    std::optional<cimom::ObjectPath> path;
  };
  std::vector<Controller> controllers;
  auto addController = [&](bool scsi, uint32_t number) {
    for (const Controller& k : controllers) {
      if (k.scsi == scsi && k.number == number) return;
    }
    const std::string id = controllerId(c, scsi, number, newId);
    cimom::Instance r = scsi ? rasd(b, "Msvm_ResourceAllocationSettingData", id, 6, "Microsoft:Hyper-V:Synthetic SCSI Controller",
                                    "SCSI Controller", "Settings for the Microsoft Synthetic SCSI Controller.")
                             : rasd(b, "Msvm_ResourceAllocationSettingData", id, 5, "Microsoft:Hyper-V:Emulated IDE Controller",
                                    "IDE Controller " , "Settings for the Microsoft Emulated IDE Controller.");
    if (!scsi) r.set("ElementName", str("IDE Controller " + std::to_string(number)));
    r.set("Address", str(std::to_string(number)));
    r.set("VirtualQuantity", u64(1));
    r.set("Reservation", u64(1));
    r.set("Limit", u64(1));
    r.set("Weight", u32(0));
    r.set("AllocationUnits", str("count"));
    r.set("VirtualQuantityUnits", str("count"));
    r.set("ConsumerVisibility", u16(3));
    controllers.push_back({scsi, number, id, b.resource(std::move(r), settings)});
  };
  if (c.generation == 1) {
    addController(false, 0);
    addController(false, 1);
  }
  addController(true, 0);
  for (const DriveSpec& d : c.drives) addController(d.scsi, d.controller);

  for (const DriveSpec& d : c.drives) {
    const Controller* parent = nullptr;
    for (const Controller& k : controllers) {
      if (k.scsi == d.scsi && k.number == d.controller) parent = &k;
    }
    if (!parent || !parent->path) continue;
    const std::string driveId = parent->id + "\\" + std::to_string(d.location) + "\\D";
    cimom::Instance drive = d.dvd ? rasd(b, "Msvm_ResourceAllocationSettingData", driveId, 16, "Microsoft:Hyper-V:Synthetic DVD Drive",
                                         "DVD Drive", "Settings for the Microsoft Synthetic DVD Drive.")
                                  : rasd(b, "Msvm_ResourceAllocationSettingData", driveId, 17, "Microsoft:Hyper-V:Synthetic Disk Drive",
                                         "Hard Drive", "Settings for the Microsoft Synthetic Disk Drive.");
    drive.set("Parent", str(wmiPathText(c.node, *parent->path)));
    drive.set("AddressOnParent", str(std::to_string(d.location)));
    drive.set("VirtualQuantity", u64(1));
    drive.set("AllocationUnits", str("count"));
    drive.set("VirtualQuantityUnits", str("count"));
    auto drivePath = b.resource(std::move(drive), settings);
    if (!drivePath || d.path.empty()) continue;
    const std::string mediumId = parent->id + "\\" + std::to_string(d.location) + "\\L";
    cimom::Instance medium = rasd(b, "Msvm_StorageAllocationSettingData", mediumId, 31,
                                  d.dvd ? "Microsoft:Hyper-V:Virtual CD/DVD Disk" : "Microsoft:Hyper-V:Virtual Hard Disk",
                                  "Hard Disk Image Default Settings", "Describes the default settings for the hard disk image resources");
    medium.set("ElementName", str(d.dvd ? "ISO Disk Image" : "Hard Disk Image"));
    medium.set("HostResource", strings({d.path}));
    medium.set("Parent", str(wmiPathText(c.node, *drivePath)));
    medium.set("Limit", u64(1));
    medium.set("Access", u16(d.dvd ? 1 : 3));
    medium.set("VirtualResourceBlockSize", u64(512));
    medium.set("HostResourceBlockSize", u64(512));
    medium.set("VirtualQuantityUnits", str("count(fixed size block)"));
    medium.set("IOPSLimit", u64(0));
    medium.set("IOPSReservation", u64(0));
    medium.set("IOPSAllocationUnits", str("count(normalized I/O) / second"));
    medium.set("Weight", u32(100));
    medium.set("CachingMode", u16(2));
    medium.set("SnapshotId", str(""));
    medium.set("PersistentReservationsSupported", Value::boolean(false));
    medium.set("IgnoreFlushes", Value::boolean(false));
    medium.set("WriteHardeningMethod", u16(0));
    b.resource(std::move(medium), settings);
  }
}

void addAdapters(Builder& b, const cimom::ObjectPath& settings,
                 const std::function<std::string(const std::string&)>& newId) {
  const VmConfiguration& c = b.config();
  for (std::size_t i = 0; i < c.adapters.size(); ++i) {
    const AdapterSpec& a = c.adapters[i];
    const std::string portId = "Microsoft:" + c.vmId + "\\" + newId("adapter:" + std::to_string(i));
    cimom::Instance port = rasd(b, "Msvm_SyntheticEthernetPortSettingData", portId, 10,
                                "Microsoft:Hyper-V:Synthetic Ethernet Port", "Ethernet Port",
                                "Settings for the Microsoft Synthetic Ethernet Port.");
    port.set("ElementName", str(a.name));
    port.set("Address", str(upper(a.mac)));
    port.set("StaticMacAddress", Value::boolean(a.staticMac));
    port.set("ConsumerVisibility", u16(3));
    port.set("AllocationUnits", str("count"));
    port.set("VirtualQuantity", u64(1));
    port.set("Reservation", u64(1));
    port.set("Limit", u64(1));
    port.set("Weight", u32(0));
    port.set("VirtualQuantityUnits", str("count"));
    port.set("DeviceNamingEnabled", Value::boolean(false));
    port.set("AllowPacketDirect", Value::boolean(false));
    port.set("ClusterMonitored", Value::boolean(true));
    auto portPath = b.resource(std::move(port), settings);
    // A connected adapter has its connection request (the switch in HostResource); the wizard's
    // default adapter is "Not connected" and has none.
    if (!portPath || !a.vswitch) continue;
    cimom::Instance connection = rasd(b, kConnection, portId + "\\C", 33, "Microsoft:Hyper-V:Ethernet Connection",
                                      "Ethernet Switch Port Settings", "Ethernet Switch Port Settings");
    connection.set("ElementName", str("Dynamic Ethernet Switch Port"));
    connection.set("Parent", str(wmiPathText(c.node, *portPath)));
    connection.set("HostResource", strings({wmiPathText(c.node, *a.vswitch)}));
    connection.set("EnabledState", u16(2));
    connection.set("LastKnownSwitchName", str(a.switchName));
    connection.set("ConsumerVisibility", u16(3));
    connection.set("Weight", u32(0));
    connection.set("VirtualQuantityUnits", str("count"));
    connection.set("RequiredFeatures", Value::array(CimType::String, {}));
    connection.set("RequiredFeatureHints", Value::array(CimType::String, {}));
    connection.set("TestReplicaPoolID", str(""));
    connection.set("TestReplicaSwitchName", str(""));
    connection.set("CompartmentGuid", str("00000000-0000-0000-0000-000000000000"));
    b.resource(std::move(connection), settings);
  }
}

void addSerialPorts(Builder& b, const cimom::ObjectPath& settings,
                    const std::function<std::string(const std::string&)>& newId) {
  const VmConfiguration& c = b.config();
  const std::string controller = "Microsoft:" + c.vmId + "\\" + newId("serial") + "\\0\\";
  for (int port = 0; port < 2; ++port) {
    const std::string name = "COM " + std::to_string(port + 1);
    cimom::Instance com = rasd(b, "Msvm_SerialPortSettingData", controller + std::to_string(port), 21,
                               "Microsoft:Hyper-V:Serial Port", name.c_str(), "Settings for the Microsoft Serial Port.");
    com.set("Connection", strings({""}));
    com.set("AddressOnParent", str(std::to_string(port)));
    com.set("VirtualQuantity", u64(1));
    com.set("AllocationUnits", str("count"));
    com.set("VirtualQuantityUnits", str("count"));
    com.set("DebuggerMode", Value::boolean(false));
    b.resource(std::move(com), settings);
  }
}

cimom::Instance logicalDevice(const Builder& b, const char* className, const std::string& deviceId, const char* name,
                              const char* description) {
  cimom::Instance d = b.make(className);
  d.set("SystemCreationClassName", str("Msvm_ComputerSystem"));
  d.set("SystemName", str(b.config().vmId));
  d.set("CreationClassName", str(className));
  d.set("DeviceID", str(deviceId));
  d.set("Caption", str(name));
  d.set("ElementName", str(name));
  d.set("Name", str(name));
  d.set("Description", str(description));
  d.set("OperationalStatus", u16s({2}));
  d.set("StatusDescriptions", strings({"OK"}));
  d.set("HealthState", u16(5));
  d.set("RequestedState", u16(12));
  d.set("Availability", u16(6));
  d.set("AdditionalAvailability", u16s({6}));
  return d;
}

// What a device shows of its VM's power: the keyboard and display are enabled while the guest
// runs, and the video head has the console's mode (the synthetic video's default, 1024 x 768).
void showPower(cimom::Instance& d, bool on) {
  const std::string& cls = d.className();
  if (cimom::iequals(cls, "Msvm_Keyboard")) {
    d.set("EnabledState", u16(on ? 2 : 5));
  } else if (cimom::iequals(cls, "Msvm_SyntheticDisplayController")) {
    d.set("EnabledState", u16(on ? 2 : 3));
  } else if (cimom::iequals(cls, "Msvm_VideoHead")) {
    d.set("EnabledState", u16(on ? 2 : 3));
    d.set("CurrentHorizontalResolution", u32(on ? 1024 : 0));
    d.set("CurrentVerticalResolution", u32(on ? 768 : 0));
    d.set("CurrentBitsPerPixel", u32(on ? 32 : 0));
    d.set("CurrentRefreshRate", u32(on ? 60 : 0));
    d.set("CurrentScanMode", u16(on ? 3 : 2));  // Non-Interlaced Operation, or Not Supported
  }
}

cimom::Instance shutdownComponent(const Builder& b) {
  cimom::Instance s = logicalDevice(b, kShutdown, "Microsoft:" + b.config().vmId + "\\" + kShutdownGuid, "Shutdown",
                                    "Microsoft Shutdown Service");
  s.set("EnabledState", u16(2));
  s.set("EnabledDefault", u16(7));
  return s;
}

void addDevices(Builder& b, const std::function<std::string(const std::string&)>& newId) {
  const VmConfiguration& c = b.config();
  const bool on = c.running;
  cimom::Instance keyboard = logicalDevice(b, "Msvm_Keyboard", "Microsoft:" + newId("keyboard"), "Keyboard",
                                           "Microsoft Virtual Keyboard");
  showPower(keyboard, on);
  keyboard.set("EnabledDefault", u16(2));
  keyboard.set("IsLocked", Value::boolean(false));
  keyboard.set("Layout", str("00000409"));
  keyboard.set("NumberOfFunctionKeys", u16(12));
  keyboard.set("Password", u16(5));
  if (auto path = b.add(std::move(keyboard))) b.link(kSystemDevice, "GroupComponent", b.vmPath(), "PartComponent", *path);

  const std::string displayId = "Microsoft:" + newId("display");
  cimom::Instance display = logicalDevice(b, "Msvm_SyntheticDisplayController", displayId, "Display Controller",
                                          "Microsoft Synthetic Display Controller");
  showPower(display, on);
  display.set("EnabledDefault", u16(2));
  display.set("ProtocolSupported", u16(1));
  display.set("MaxNumberControlled", u32(1));
  display.set("ProtocolDescription", str("Video"));
  display.set("VideoProcessor", str("Synthetic Video Processor"));
  display.set("VideoMemoryType", u16(2));
  display.set("NumberOfVideoPages", u32(1024));
  display.set("MaxMemorySupported", u32(4194304));
  display.set("AcceleratorCapabilities", u16s({2}));
  display.set("CapabilityDescriptions", strings({"Graphics Accelerator"}));
  auto displayPath = b.add(std::move(display));
  if (displayPath) b.link(kSystemDevice, "GroupComponent", b.vmPath(), "PartComponent", *displayPath);

  cimom::Instance head = logicalDevice(b, "Msvm_VideoHead", displayId + "\\Head\\0", "Video Head", "Microsoft Virtual Video Head");
  head.set("EnabledDefault", u16(2));
  head.set("TransitioningToState", u16(12));
  showPower(head, on);
  head.set("CurrentNumberOfRows", u64(0));
  head.set("CurrentNumberOfColumns", u64(0));
  if (auto headPath = b.add(std::move(head))) {
    b.link(kSystemDevice, "GroupComponent", b.vmPath(), "PartComponent", *headPath);
    if (displayPath) b.link("Msvm_VideoHeadOnController", "Antecedent", *displayPath, "Dependent", *headPath);
  }

  if (on) {
    if (auto path = b.add(shutdownComponent(b))) b.link(kSystemDevice, "GroupComponent", b.vmPath(), "PartComponent", *path);
  }
}

}  // namespace

cimom::Instance virtualMachineSystem(const std::string& nameSpace, const std::string& vmId, const std::string& name,
                                     const std::string& node, uint16_t enabledState) {
  cimom::Instance vm("Msvm_ComputerSystem", nameSpace);
  vm.set("CreationClassName", str("Msvm_ComputerSystem"));
  vm.set("Name", str(vmId));
  vm.set("ElementName", str(name));
  vm.set("Caption", str("Virtual Machine"));
  vm.set("Description", str("Microsoft Virtual Machine"));
  vm.set("EnabledState", u16(enabledState));
  vm.set("RequestedState", u16(enabledState));
  vm.set("HealthState", u16(5));
  vm.set("OperationalStatus", u16s({2}));
  vm.set("OnTimeInMilliseconds", u64(0));
  vm.set("ProcessID", Value::null(CimType::UInt32));  // no worker process until it runs
  vm.set("TransitioningToState", u16(12));           // Not Applicable: no transition under way
  vm.set("NumberOfNumaNodes", u16(1));
  vm.set("ReplicationState", u16(0));
  vm.set("ReplicationHealth", u16(0));
  vm.set("ReplicationMode", u16(0));
  vm.set("EnhancedSessionModeState", u16(3));
  vm.setServer(node);  // the node that runs it shows it
  return vm;
}

std::string wmiPathText(const std::string& node, const cimom::ObjectPath& path) {
  const cimom::ObjectPath relative({}, path.className(), path.keys());
  return "\\\\" + node + "\\root\\virtualization\\v2:" + relative.toString();
}

std::vector<DriveSpec> defaultDrives(uint16_t generation, const std::string& vhdPath) {
  if (generation == 2) return {{false, true, 0, 0, vhdPath}};
  return {{false, false, 0, 0, vhdPath}, {true, false, 1, 0, ""}};
}

std::string defaultDiskPath(const VmConfiguration& config, bool placed) {
  // The wizard's default place for disks on Windows Server, or a folder beside the VM's own.
  const std::string folder = placed ? config.dataRoot + "\\Virtual Hard Disks"
                                    : std::string(R"(C:\ProgramData\Microsoft\Windows\Virtual Hard Disks)");
  return folder + "\\" + config.name + ".vhdx";
}

std::vector<cimom::Instance> vmConfiguration(const ClusterLookup& cluster, const VmConfiguration& config,
                                             const cimom::ObjectPath& vmPath,
                                             const std::function<std::string(const std::string& role)>& newId) {
  Builder b(cluster, config, vmPath);
  auto settings = b.add(systemSettings(b));
  if (!settings) return {};
  b.link(kDefineState, "ManagedElement", vmPath, "SettingData", *settings);
  addProcessorAndMemory(b, *settings);
  addStorage(b, *settings, newId);
  addAdapters(b, *settings, newId);
  addSerialPorts(b, *settings, newId);
  addDevices(b, newId);
  return b.take();
}

cimom::Result<cimom::InstancePtr> settingsOf(const ClusterLookup& cluster, const cimom::ObjectPath& vm) {
  auto found = cluster.associated(vm, kDefineState, "ManagedElement", "SettingData");
  if (!found) return found.error();
  for (const cimom::InstancePtr& s : *found) {
    if (cimom::iequals(s->className(), kSettings)) return s;
  }
  return cimom::InstancePtr();
}

std::optional<ConfiguredVm> configuredVm(const ClusterLookup& cluster, const cimom::ObjectPath& path) {
  cimom::InstancePtr system = cluster.get(path);
  if (!system || cluster.isHost(*system) || !cimom::iequals(system->className(), "Msvm_ComputerSystem")) return std::nullopt;
  ConfiguredVm vm;
  vm.system = system;
  vm.path = cluster.pathOf(*system);
  auto settings = settingsOf(cluster, vm.path);
  if (!settings || !*settings) return std::nullopt;
  vm.settings = *settings;
  vm.settingsPath = cluster.pathOf(**settings);
  vm.state = unsignedOf(*system, "EnabledState", 3);
  vm.running = vm.state != 3 && vm.state != 6;
  vm.generation = text(**settings, "VirtualSystemSubType") == "Microsoft:Hyper-V:SubType:2" ? 2 : 1;
  vm.node = system->server();
  return vm;
}

cimom::Result<cimom::MethodResult> startVmJob(const cimom::MethodCall& call, JobEngine& engine, const ClusterLookup& cluster,
                                              const ConfiguredVm& vm, const char* kind, std::vector<cimom::ObjectPath> affected,
                                              std::function<cimom::Status(cimom::Instance&)> onComplete,
                                              std::vector<cimom::PropertyValue> out) {
  auto busy = engine.hasActiveJob(vm.path);
  if (!busy) return busy.error();
  if (*busy) return methodResult(ServiceReturn::InvalidState);
  JobSpec spec;
  spec.nameSpace = cluster.nameSpace();
  spec.kind = jobKindNamed(kind);
  spec.match = {{}, text(*vm.system, "ElementName") + "|" + text(*vm.system, "Name"), {}, {}, call.method->name, {}};
  spec.affected = std::move(affected);
  spec.owner = call.target;
  spec.errorSource = cluster.errorSource(vm.path, vm.node);
  spec.onComplete = std::move(onComplete);
  return jobStartedResult(engine.submit(std::move(spec)), std::move(out));
}

cimom::Result<std::vector<cimom::InstancePtr>> resourcesOf(const ClusterLookup& cluster, const cimom::ObjectPath& settings) {
  return cluster.associated(settings, kSettingsComponent, "GroupComponent", "PartComponent");
}

cimom::Result<std::vector<cimom::InstancePtr>> configurationOf(const ClusterLookup& cluster, const cimom::ObjectPath& vm) {
  std::vector<cimom::InstancePtr> parts;
  auto settings = settingsOf(cluster, vm);
  if (!settings) return settings.error();
  if (*settings) {
    parts.push_back(*settings);
    auto resources = resourcesOf(cluster, cluster.pathOf(**settings));
    if (!resources) return resources.error();
    parts.insert(parts.end(), resources->begin(), resources->end());
  }
  // Its checkpoints, each with its resources.
  if (cluster.hasClass("Msvm_SnapshotOfVirtualSystem")) {
    auto snapshots = cluster.associated(vm, "Msvm_SnapshotOfVirtualSystem", "Antecedent", "Dependent");
    if (!snapshots) return snapshots.error();
    for (const cimom::InstancePtr& snapshot : *snapshots) {
      parts.push_back(snapshot);
      auto resources = resourcesOf(cluster, cluster.pathOf(*snapshot));
      if (!resources) return resources.error();
      parts.insert(parts.end(), resources->begin(), resources->end());
    }
  }
  if (cluster.hasClass(kSystemDevice)) {
    auto devices = cluster.associated(vm, kSystemDevice, "GroupComponent", "PartComponent");
    if (!devices) return devices.error();
    parts.insert(parts.end(), devices->begin(), devices->end());
  }
  return parts;
}

cimom::Status moveConfiguration(const ClusterLookup& cluster, const cimom::ObjectPath& vm, const std::string& node) {
  auto parts = configurationOf(cluster, vm);
  if (!parts) return parts.error();
  for (const cimom::InstancePtr& part : *parts) {
    cimom::Instance moved = *part;
    if (cimom::iequals(moved.className(), kConnection)) {
      // The adapter connects to the destination's switch of the name it had (a live migration
      // needs one there; without it the adapter arrives not connected).
      const std::string switchName = text(moved, "LastKnownSwitchName");
      std::optional<cimom::ObjectPath> there;
      auto inDestination = cluster.onNode(node).inView("Msvm_VirtualEthernetSwitch");
      if (!inDestination) return inDestination.error();
      for (const cimom::InstancePtr& s : *inDestination) {
        if (cimom::iequals(text(*s, "ElementName"), switchName)) there = cluster.pathOf(*s);
      }
      moved.set("HostResource", there ? strings({wmiPathText(node, *there)}) : Value::array(CimType::String, {}));
      moved.set("EnabledState", u16(there ? 2 : 3));
    }
    if (const cimom::Value* parent = moved.get("Parent"); parent && !parent->isNull() && !parent->isArray()) {
      if (auto path = cimom::ObjectPath::parse(parent->asString())) moved.set("Parent", str(wmiPathText(node, *path)));
    }
    if (cimom::Status shown = cluster.showOn(moved, node); !shown) return shown;
  }
  return cimom::okStatus();
}

cimom::Status applyMigrationSettings(const ClusterLookup& cluster, const cimom::ObjectPath& vm, const cimom::Value* systemSettings,
                                     const cimom::Value* resourceSettings, bool apply) {
  auto refused = [](const std::string& why) { return cimom::makeError(cimom::CimStatus::InvalidParameter, why); };
  auto settings = settingsOf(cluster, vm);
  if (!settings) return settings.error();
  if (!*settings) return cimom::okStatus();  // a VM without configuration: nothing to move
  std::vector<cimom::Instance> changed;
  if (systemSettings && !systemSettings->isNull()) {
    if (systemSettings->type() != CimType::Instance || systemSettings->isArray()) return refused("NewSystemSettingData is no embedded instance");
    cimom::Instance updated = **settings;
    for (const char* root : {"ConfigurationDataRoot", "SnapshotDataRoot", "SwapFileDataRoot", "SuspendDataRoot", "LogDataRoot"}) {
      const Value* v = systemSettings->asInstance()->get(root);
      if (v && !v->isNull()) updated.set(root, *v);
    }
    changed.push_back(std::move(updated));
  }
  if (resourceSettings && !resourceSettings->isNull()) {
    if (resourceSettings->type() != CimType::Instance) return refused("NewResourceSettingData holds no embedded instances");
    auto resources = resourcesOf(cluster, cluster.pathOf(**settings));
    if (!resources) return resources.error();
    std::optional<cimom::Status> problem;
    resourceSettings->forEachElement([&](const cimom::Scalar& s) {
      const auto& given = std::get<std::shared_ptr<const cimom::Instance>>(s);
      const std::string id = given ? text(*given, "InstanceID") : std::string();
      const Value* host = given ? given->get("HostResource") : nullptr;
      cimom::InstancePtr match;
      for (const cimom::InstancePtr& r : *resources) {
        if (!id.empty() && cimom::iequals(text(*r, "InstanceID"), id)) match = r;
      }
      if (!match || !host || host->isNull() || !host->isArray() || host->elements().empty()) {
        if (!problem) problem = refused("NewResourceSettingData names no disk of the virtual machine: " + id);
        return;
      }
      cimom::Instance updated = *match;
      updated.set("HostResource", *host);
      changed.push_back(std::move(updated));
    });
    if (problem) return *problem;
  }
  if (!apply) return cimom::okStatus();
  for (const cimom::Instance& c : changed) {
    // The disk file goes where the resource now points.
    if (cimom::iequals(c.className(), "Msvm_StorageAllocationSettingData")) {
      cimom::InstancePtr before = cluster.anywhere(cluster.pathOf(c));
      const std::string from = before ? firstString(*before, "HostResource") : std::string();
      const std::string to = firstString(c, "HostResource");
      if (!from.empty() && !to.empty()) {
        if (cimom::Status s = moveDisk(cluster, from, to); !s) return s;
      }
    }
    if (cimom::Status s = cluster.modify(c); !s) return s;
  }
  return cimom::okStatus();
}

cimom::Status syncGuestDevices(const ClusterLookup& cluster, const cimom::ObjectPath& vm, bool running) {
  if (!cluster.hasClass(kSystemDevice)) return cimom::okStatus();
  auto devices = cluster.associated(vm, kSystemDevice, "GroupComponent", "PartComponent");
  if (!devices) return devices.error();
  cimom::InstancePtr existing;
  for (const cimom::InstancePtr& d : *devices) {
    if (cimom::iequals(d->className(), kShutdown)) {
      existing = d;
      continue;
    }
    cimom::Instance shown = *d;
    showPower(shown, running);
    if (!(shown == *d)) {
      if (cimom::Status s = cluster.modify(shown); !s) return s;
    }
  }
  if (!cluster.hasClass(kShutdown)) return cimom::okStatus();
  if (!running) {
    return existing ? cluster.removeWithLinks(cluster.pathOf(*existing), kSystemDevice, "PartComponent") : cimom::okStatus();
  }
  if (existing) return cimom::okStatus();
  cimom::InstancePtr system = cluster.anywhere(vm);
  if (!system) return cimom::okStatus();
  VmConfiguration config;
  config.vmId = text(*system, "Name");
  config.node = system->server();
  Builder b(cluster, config, vm);
  auto path = b.add(shutdownComponent(b));
  if (path) b.link(kSystemDevice, "GroupComponent", vm, "PartComponent", *path);
  for (const cimom::Instance& made : b.take()) {
    if (cimom::Status created = cluster.create(made); !created) return created;
  }
  return cimom::okStatus();
}

cimom::Status removeConfiguration(const ClusterLookup& cluster, const cimom::ObjectPath& vm) {
  auto parts = configurationOf(cluster, vm);
  if (!parts) return parts.error();
  for (const cimom::InstancePtr& part : *parts) {
    const cimom::ObjectPath path = cluster.pathOf(*part);
    for (const char* association : {kDefineState, kSettingsComponent, kSystemDevice, "Msvm_VideoHeadOnController",
                                    "Msvm_SnapshotOfVirtualSystem", "Msvm_ParentChildSettingData",
                                    "Msvm_MostCurrentSnapshotInBranch", "Msvm_LastAppliedSnapshot", "Msvm_ElementSettingData"}) {
      if (!cluster.hasClass(association)) continue;
      // Whichever end names it (an empty role matches both).
      if (cimom::Status unlinked = cluster.removeLinksTo(path, association, ""); !unlinked) return unlinked;
    }
    if (cimom::Status removed = cluster.remove(path); !removed) return removed;
  }
  return cimom::okStatus();
}

}  // namespace cimdouble::jobs
