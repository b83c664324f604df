// What Msvm_VirtualSystemManagementService tells of VMs without their whole configuration
// (hyperv_v2 pages of each method):
//   GetSummaryInformation(SettingData[], RequestedInformation[]): one Msvm_SummaryInformation per
//     settings instance (all VMs when NULL), with Name and the requested fields, NULL otherwise
//   GetVirtualSystemThumbnailImage(TargetSystem, WidthPixels, HeightPixels): the console's
//     image in raw RGB 565, two bytes a pixel, little-endian
// A running guest's console is the sign-in screen's dark blue; a VM that is off or saved has
// none (32775); a checkpoint has the image it was taken with. Loads are the same every run: a VM's follows from its GUID.
#include <functional>

#include "cimom/case_insensitive.h"
#include "jobs/job_state.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
#include "jobs/vm_configuration.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::InstancePtr;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::ObjectPath;
using cimom::Value;

// The images GetSummaryInformation hands out (RequestedInformation 5, 6, 7), and the largest
// one cimdouble draws on request (its own bound: the page gives none).
constexpr uint16_t kMaxThumbnailWidth = 640;
constexpr uint16_t kMaxThumbnailHeight = 480;
constexpr uint16_t kSignInBlue = (0 << 11) | (12 << 5) | 12;  // RGB(0, 50, 100) in 5-6-5 bits

Value u16(uint64_t v) { return Value::unsignedInt(CimType::UInt16, v); }

Value thumbnail(uint16_t width, uint16_t height) {
  std::vector<cimom::Scalar> bytes;
  bytes.reserve(std::size_t{width} * height * 2);
  for (std::size_t i = 0; i < std::size_t{width} * height; ++i) {
    bytes.emplace_back(uint64_t{kSignInBlue & 0xFFu});
    bytes.emplace_back(uint64_t{kSignInBlue >> 8});
  }
  return Value::array(CimType::UInt8, std::move(bytes));
}

// A load between 1 and 30 % that follows from the VM (the double runs no guest).
uint64_t processorLoad(const std::string& vmId) { return std::hash<std::string>{}(vmId) % 30 + 1; }

struct Summarized {
  InstancePtr settings;
  std::optional<ConfiguredVm> vm;  // for the VM's own settings (not a checkpoint's)
};

// The RequestedInformation values the page lists, and the property each fills.
struct Field {
  uint32_t number;
  const char* property;
};
constexpr Field kFields[] = {
    {0, "Name"}, {1, "ElementName"}, {2, "CreationTime"}, {3, "Notes"}, {4, "NumberOfProcessors"},
    {5, "ThumbnailImage"}, {6, "ThumbnailImage"}, {7, "ThumbnailImage"}, {8, "AllocatedGPU"},
    {9, "VirtualSwitchNames"}, {10, "Version"}, {11, "Shielded"}, {100, "EnabledState"},
    {101, "ProcessorLoad"}, {102, "ProcessorLoadHistory"}, {103, "MemoryUsage"}, {104, "Heartbeat"},
    {105, "UpTime"}, {106, "GuestOperatingSystem"}, {107, "Snapshots"}, {108, "AsynchronousTasks"},
    {109, "HealthState"}, {110, "OperationalStatus"}, {111, "StatusDescriptions"}, {112, "MemoryAvailable"},
    {113, "AvailableMemoryBuffer"}, {114, "ReplicationMode"}, {115, "ReplicationState"}, {116, "ReplicationHealth"},
    {117, "ApplicationHealth"}, {118, "ReplicationStateEx"}, {119, "ReplicationHealthEx"}, {120, "SwapFilesInUse"},
    {121, "IntegrationServicesVersionState"}, {122, "ReplicationProviderId"}, {123, "MemorySpansPhysicalNumaNodes"},
};

const Field* fieldNumbered(uint64_t number) {
  for (const Field& f : kFields) {
    if (f.number == number) return &f;
  }
  return nullptr;
}

// The value of one requested field for the settings (and their VM when they are its own).
cimom::Result<Value> fieldValue(const ClusterLookup& cluster, const Summarized& s, uint32_t number) {
  const cimom::Instance& settings = *s.settings;
  const cimom::Instance* system = s.vm ? s.vm->system.get() : nullptr;
  const bool on = s.vm && s.vm->running;
  auto fromSystem = [&](const char* name, CimType type) { return system && system->get(name) ? *system->get(name) : Value::null(type); };
  auto resources = resourcesOf(cluster, cluster.pathOf(settings));
  if (!resources) return resources.error();
  auto resource = [&](uint64_t type) -> InstancePtr {
    for (const InstancePtr& r : *resources) {
      if (unsignedOf(*r, "ResourceType", 0) == type) return r;
    }
    return nullptr;
  };
  const std::string vmId = system ? text(*system, "Name") : text(settings, "VirtualSystemIdentifier");
  switch (number) {
    case 1: return settings.get("ElementName") ? *settings.get("ElementName") : Value::null(CimType::String);
    case 2: return settings.get("CreationTime") ? *settings.get("CreationTime") : Value::null(CimType::DateTime);
    case 3: {
      std::string notes;
      if (const Value* n = settings.get("Notes"); n && !n->isNull() && n->isArray()) {
        for (const cimom::Scalar& line : n->elements()) notes += (notes.empty() ? "" : "\n") + std::get<std::string>(line);
      }
      return Value::string(notes);
    }
    case 4: {
      InstancePtr cpu = resource(3);
      return u16(cpu ? unsignedOf(*cpu, "VirtualQuantity", 1) : 1);
    }
    case 5: case 6: case 7: {
      if (!on) return Value::null(CimType::UInt8, true);
      const uint16_t width = number == 5 ? 80 : number == 6 ? 160 : 320;
      return thumbnail(width, width * 3 / 4);
    }
    case 8: return Value::string("");
    case 9: {
      std::vector<cimom::Scalar> names;
      for (const InstancePtr& r : *resources) {
        if (unsignedOf(*r, "ResourceType", 0) == 33 && !text(*r, "LastKnownSwitchName").empty()) {
          names.emplace_back(text(*r, "LastKnownSwitchName"));
        }
      }
      return Value::array(CimType::String, std::move(names));
    }
    case 10: return settings.get("Version") ? *settings.get("Version") : Value::null(CimType::String);
    case 11: return Value::boolean(false);
    case 100: return fromSystem("EnabledState", CimType::UInt16);
    case 101: return on ? u16(processorLoad(vmId)) : u16(0);
    case 102: {
      std::vector<cimom::Scalar> history(100, uint64_t{on ? processorLoad(vmId) : 0});
      return Value::array(CimType::UInt16, std::move(history));
    }
    case 103: {
      InstancePtr memory = resource(4);
      if (!on || !memory) return Value::unsignedInt(CimType::UInt64, 0);
      const uint64_t startup = unsignedOf(*memory, "VirtualQuantity", 0);
      const bool dynamic = memory->get("DynamicMemoryEnabled") && !memory->get("DynamicMemoryEnabled")->isNull() &&
                           memory->get("DynamicMemoryEnabled")->asBool();
      // Dynamic memory settles between the minimum and the startup amount.
      return Value::unsignedInt(CimType::UInt64, dynamic ? (unsignedOf(*memory, "Reservation", startup) + startup) / 2 : startup);
    }
    case 104: return on ? u16(2) : u16(12);  // OK, or No Contact
    case 105: return fromSystem("OnTimeInMilliseconds", CimType::UInt64);
    case 106: return on ? Value::string("Windows Server 2022 Datacenter") : Value::null(CimType::String);
    case 107: {
      std::vector<cimom::Scalar> snapshots;
      if (s.vm) {
        auto found = cluster.associated(s.vm->path, "Msvm_SnapshotOfVirtualSystem", "Antecedent", "Dependent");
        if (!found) return found.error();
        for (const InstancePtr& snap : *found) snapshots.emplace_back(snap);
      }
      return Value::array(CimType::Instance, std::move(snapshots));
    }
    case 108: {
      std::vector<cimom::Scalar> tasks;
      if (s.vm) {
        auto jobs = cluster.associated(s.vm->path, "CIM_AffectedJobElement", "AffectedElement", "AffectingElement");
        if (!jobs) return jobs.error();
        for (const InstancePtr& job : *jobs) {
          if (!isFinished(static_cast<JobState>(unsignedOf(*job, "JobState", 7)))) tasks.emplace_back(job);
        }
      }
      return Value::array(CimType::Instance, std::move(tasks));
    }
    case 109: return fromSystem("HealthState", CimType::UInt16);
    case 110: return fromSystem("OperationalStatus", CimType::UInt16);
    case 111: return Value::array(CimType::String, {cimom::Scalar(std::string("Operating normally"))});
    case 112: return Value::signedInt(CimType::SInt32, on ? 20 : 0);
    case 113: return Value::signedInt(CimType::SInt32, on ? 20 : 0);
    case 114: return fromSystem("ReplicationMode", CimType::UInt16);
    case 115: return fromSystem("ReplicationState", CimType::UInt16);
    case 116: return fromSystem("ReplicationHealth", CimType::UInt16);
    case 117: return on ? u16(2) : Value::null(CimType::UInt16);  // OK
    case 118: return Value::array(CimType::UInt16, {cimom::Scalar(uint64_t{0})});
    case 119: return Value::array(CimType::UInt16, {cimom::Scalar(uint64_t{0})});
    case 120: return Value::boolean(false);
    case 121: return on ? u16(1) : u16(0);  // up to date, or unknown while it is off
    case 122: return Value::array(CimType::String, {});
    case 123: return Value::boolean(false);
    default: return Value::null(CimType::String);
  }
}

cimom::Result<MethodResult> getSummaryInformation(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  std::vector<uint64_t> requested;
  if (const Value* r = call.argument("RequestedInformation"); r && !r->isNull()) {
    r->forEachElement([&](const cimom::Scalar& s) { requested.push_back(std::get<uint64_t>(s)); });
  }
  for (uint64_t number : requested) {
    if (!fieldNumbered(number)) return methodResult(ServiceReturn::InvalidParameter);
  }
  // The settings asked about, in order; NULL: every VM's own.
  std::vector<std::optional<Summarized>> asked;
  const Value* settingData = call.argument("SettingData");
  if (!settingData || settingData->isNull()) {
    auto vms = cluster.inView("Msvm_ComputerSystem");
    if (!vms) return vms.error();
    for (const InstancePtr& system : *vms) {
      if (cluster.isHost(*system)) continue;
      std::optional<ConfiguredVm> vm = configuredVm(cluster, cluster.pathOf(*system));
      if (vm) asked.push_back(Summarized{vm->settings, vm});
    }
  } else {
    if (settingData->type() != CimType::Reference) return methodResult(ServiceReturn::InvalidParameter);
    std::vector<ObjectPath> paths;
    settingData->forEachElement([&](const cimom::Scalar& s) { paths.push_back(*std::get<std::shared_ptr<const ObjectPath>>(s)); });
    for (const ObjectPath& path : paths) {
      InstancePtr settings = cluster.get(path);
      if (!settings || !cimom::iequals(settings->className(), "Msvm_VirtualSystemSettingData")) {
        asked.push_back(std::nullopt);  // "the Name property ... will be empty"
        continue;
      }
      std::optional<ConfiguredVm> vm;
      auto owners = cluster.associated(cluster.pathOf(*settings), "Msvm_SettingsDefineState", "SettingData", "ManagedElement");
      if (owners && !owners->empty()) vm = configuredVm(cluster, cluster.pathOf(*owners->front()));
      asked.push_back(Summarized{settings, vm});
    }
  }
  std::vector<cimom::Scalar> summaries;
  for (const std::optional<Summarized>& s : asked) {
    auto summary = std::make_shared<cimom::Instance>("Msvm_SummaryInformation", cluster.nameSpace());
    if (!s) {
      summary->set("Name", Value::string(""));
      summaries.emplace_back(std::shared_ptr<const cimom::Instance>(summary));
      continue;
    }
    const std::string name = s->vm ? text(*s->vm->system, "Name") : text(*s->settings, "ConfigurationID");
    summary->set("Name", Value::string(name));
    summary->set("InstanceID", Value::string("Microsoft:" + name));
    for (uint64_t number : requested) {
      const Field* field = fieldNumbered(number);
      if (number == 0) continue;
      auto v = fieldValue(cluster, *s, static_cast<uint32_t>(number));
      if (!v) return v.error();
      summary->set(field->property, std::move(v).value());
      if (number >= 5 && number <= 7 && !summary->get("ThumbnailImage")->isNull()) {
        const uint16_t width = number == 5 ? 80 : number == 6 ? 160 : 320;
        summary->set("ThumbnailImageWidth", u16(width));
        summary->set("ThumbnailImageHeight", u16(width * 3 / 4));
      }
    }
    summaries.emplace_back(std::shared_ptr<const cimom::Instance>(summary));
  }
  return methodResult(ServiceReturn::Completed, {{"SummaryInformation", Value::array(CimType::Instance, std::move(summaries))}});
}

cimom::Result<MethodResult> getThumbnail(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const Value* target = call.argument("TargetSystem");
  const Value* width = call.argument("WidthPixels");
  const Value* height = call.argument("HeightPixels");
  if (!target || target->isNull() || !width || width->isNull() || !height || height->isNull()) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  if (width->asUnsigned() == 0 || height->asUnsigned() == 0 || width->asUnsigned() > kMaxThumbnailWidth ||
      height->asUnsigned() > kMaxThumbnailHeight) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  InstancePtr settings = cluster.get(target->asReference());
  if (!settings || !cimom::iequals(settings->className(), "Msvm_VirtualSystemSettingData")) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  auto owners = cluster.associated(cluster.pathOf(*settings), "Msvm_SettingsDefineState", "SettingData", "ManagedElement");
  if (!owners) return owners.error();
  // A checkpoint keeps the image it was taken with; a VM shows its console while it runs.
  const bool checkpoint = text(*settings, "VirtualSystemType") == "Microsoft:Hyper-V:Snapshot:Realized";
  std::optional<ConfiguredVm> vm = owners->empty() ? std::nullopt : configuredVm(cluster, cluster.pathOf(*owners->front()));
  if (!checkpoint && (!vm || !vm->running)) return methodResult(ServiceReturn::InvalidState);
  return methodResult(ServiceReturn::Completed,
                      {{"ImageData", thumbnail(static_cast<uint16_t>(width->asUnsigned()), static_cast<uint16_t>(height->asUnsigned()))}});
}

}  // namespace

void registerVmSummaryMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  methods.registerHandler("Msvm_VirtualSystemManagementService", "GetSummaryInformation",
                          [&engine](const MethodCall& call) { return getSummaryInformation(call, engine); });
  methods.registerHandler("Msvm_VirtualSystemManagementService", "GetVirtualSystemThumbnailImage",
                          [&engine](const MethodCall& call) { return getThumbnail(call, engine); });
}

}  // namespace cimdouble::jobs
