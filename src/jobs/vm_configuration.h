// A virtual machine's configuration as Hyper-V links it (hyperv_v2 pages of each class): the
// realized Msvm_VirtualSystemSettingData (Msvm_SettingsDefineState from the VM), its resources
// (Msvm_VirtualSystemSettingDataComponent: processor, memory, controllers, drives, disks,
// network adapters and their switch connections, COM ports) and the devices the guest sees
// (Msvm_SystemDevice: keyboard, display controller with its video head, and while it runs the
// shutdown component). Fixtures stage it with a VM; DefineSystem makes it for a new one; a
// migration moves it with its VM.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cimom/instance.h"
#include "cimom/method_dispatcher.h"
#include "jobs/cluster_lookup.h"
#include "jobs/job_engine.h"

namespace cimdouble::jobs {

// A drive on a controller, with the medium in it (a VHD(X) or an ISO; "" for an empty DVD drive).
struct DriveSpec {
  bool dvd = false;
  bool scsi = false;        // on the SCSI controller, else on an IDE one
  uint32_t controller = 0;  // IDE controller 0 or 1; SCSI controller number
  uint32_t location = 0;    // AddressOnParent
  std::string path;
  uint64_t sizeBytes = UINT64_C(127) << 30;  // a disk's MaxInternalSize: the wizard's 127 GB
  bool fixedSize = false;                    // a fixed-size disk, else dynamically expanding
};

struct AdapterSpec {
  std::string name = "Network Adapter";
  std::string mac;                        // 12 hex digits; "" for a dynamic one not yet assigned
  bool staticMac = false;
  std::optional<cimom::ObjectPath> vswitch;  // its Msvm_VirtualEthernetSwitch; none: not connected
  std::string switchName;
};

// What a VM's settings say. Defaults are those of a VM made with Hyper-V Manager's New Virtual
// Machine wizard on Windows Server 2022 (fixtures/README.md, "Configuration").
struct VmConfiguration {
  std::string vmId;  // Msvm_ComputerSystem.Name
  std::string name;
  std::string node;  // the host that runs it: every part shows in that node's view
  uint16_t generation = 1;
  uint64_t processors = 1;
  uint64_t memoryMB = 1024;
  bool dynamicMemory = false;
  uint64_t minimumMemoryMB = 512;
  uint64_t maximumMemoryMB = 1048576;
  uint32_t memoryBuffer = 20;
  uint16_t startAction = 3;  // AutomaticStartupAction: 2 None, 3 Restart if previously active, 4 Always start
  int64_t startDelaySeconds = 0;
  uint16_t stopAction = 3;  // AutomaticShutdownAction: 2 Turn off, 3 Save state, 4 Shutdown
  std::vector<std::string> notes;
  std::string dataRoot = R"(C:\ProgramData\Microsoft\Windows\Hyper-V)";
  std::string version = "10.0";  // Windows Server 2022's default configuration version
  int64_t createdMicros = 0;
  std::vector<DriveSpec> drives;
  std::vector<AdapterSpec> adapters;
  bool running = false;  // running or paused: the guest's shutdown component is there
};

// A virtual machine's Msvm_ComputerSystem as Hyper-V shows it, in `enabledState` (3 Off, 2
// Running, 6 Saved, 9 Paused), on `node`; OnTimeInMilliseconds 0 and ProcessID NULL.
cimom::Instance virtualMachineSystem(const std::string& nameSpace, const std::string& vmId, const std::string& name,
                                     const std::string& node, uint16_t enabledState);

// A resource's path as Hyper-V writes it into Parent and HostResource: WMI's text form with
// the node and root\virtualization\v2 ("\\HV-NODE1\root\virtualization\v2:Class.Key=...").
std::string wmiPathText(const std::string& node, const cimom::ObjectPath& path);

// The drives a new VM of that generation has: its disk at `vhdPath` (IDE 0:0 on generation 1
// with a DVD drive on IDE 1:0, SCSI 0:0 on generation 2).
std::vector<DriveSpec> defaultDrives(uint16_t generation, const std::string& vhdPath);
// Where the wizard puts a VM's disk: beside its configuration when it was given a place.
std::string defaultDiskPath(const VmConfiguration& config, bool placed);

// The instances of `config` for the VM at `vmPath`, each before the links that name it, in
// `cluster`'s namespace and the VM's node. `newId(role)` gives each device's GUID (stable
// names from fixtures, fresh ones from DefineSystem). Classes the namespace lacks are left out.
std::vector<cimom::Instance> vmConfiguration(const ClusterLookup& cluster, const VmConfiguration& config,
                                             const cimom::ObjectPath& vmPath,
                                             const std::function<std::string(const std::string& role)>& newId);

// A VM with its realized settings, as a method finds it in the caller's view.
struct ConfiguredVm {
  cimom::InstancePtr system;
  cimom::ObjectPath path;
  cimom::InstancePtr settings;
  cimom::ObjectPath settingsPath;
  uint64_t state = 3;    // EnabledState
  bool running = false;  // running or paused (not off or saved): hot changes only
  uint16_t generation = 1;
  std::string node;
};
// nullopt when the path names no VM with settings there (a host, nothing, another class).
std::optional<ConfiguredVm> configuredVm(const ClusterLookup& cluster, const cimom::ObjectPath& path);

// Starts the job of a configuration method on the VM (a catalogue row of `kind`, owned by the
// service called, affecting `affected`) whose completion runs `onComplete`: 4096 and the Job
// after `out`, or 32775 while another job of the VM runs.
cimom::Result<cimom::MethodResult> startVmJob(const cimom::MethodCall& call, JobEngine& engine, const ClusterLookup& cluster,
                                              const ConfiguredVm& vm, const char* kind, std::vector<cimom::ObjectPath> affected,
                                              std::function<cimom::Status(cimom::Instance&)> onComplete,
                                              std::vector<cimom::PropertyValue> out = {});

// The realized settings of a VM (Msvm_SettingsDefineState); nullptr for a VM without them.
cimom::Result<cimom::InstancePtr> settingsOf(const ClusterLookup& cluster, const cimom::ObjectPath& vm);
// The resources of a settings instance (Msvm_VirtualSystemSettingDataComponent).
cimom::Result<std::vector<cimom::InstancePtr>> resourcesOf(const ClusterLookup& cluster, const cimom::ObjectPath& settings);
// Everything vmConfiguration made for the VM, as it is now: its settings, their resources, its
// checkpoints with theirs, its devices.
cimom::Result<std::vector<cimom::InstancePtr>> configurationOf(const ClusterLookup& cluster, const cimom::ObjectPath& vm);

// Shows the VM's configuration in `node`'s view, its switch connections on `node`'s switch of
// the same name (not connected where it has none). For a migration that has moved the VM.
cimom::Status moveConfiguration(const ClusterLookup& cluster, const cimom::ObjectPath& vm, const std::string& node);

// What a storage (or VM-and-storage) migration's NewSystemSettingData and NewResourceSettingData
// say (embedded instances; either may be NULL): the settings' data roots, and the HostResource of
// each resource their InstanceID names. Refused (InvalidParameter) when they name what is not
// the VM's; `apply` false only checks.
cimom::Status applyMigrationSettings(const ClusterLookup& cluster, const cimom::ObjectPath& vm, const cimom::Value* systemSettings,
                                     const cimom::Value* resourceSettings, bool apply);

// The guest's devices as the VM's state changes: the shutdown component is there while the VM
// runs or is paused (added or removed), the keyboard, display and video head show it.
cimom::Status syncGuestDevices(const ClusterLookup& cluster, const cimom::ObjectPath& vm, bool running);

// Removes the VM's configuration and every link to it.
cimom::Status removeConfiguration(const ClusterLookup& cluster, const cimom::ObjectPath& vm);

}  // namespace cimdouble::jobs
