// Msvm_ImageManagementService (hyperv_v2 pages of CreateVirtualHardDisk, GetVirtualHardDiskSettingData,
// GetVirtualHardDiskState, ResizeVirtualHardDisk and ValidateVirtualHardDisk): the disk files
// of virtual_disks.h. The two Get methods answer at once; the others run as Msvm_StorageJob
// jobs whose completion changes the files, so that a file created meanwhile fails the job the
// way Hyper-V's does ("The file exists").
#include "cimom/case_insensitive.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
#include "jobs/virtual_disks.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;

// 32779 on each of the service's pages.
constexpr uint32_t kFileNotFound = 32779;

// The largest disks Hyper-V makes: 64 TB for VHDX, 2040 GB for VHD.
uint64_t maxSizeOf(DiskFormat format) { return format == DiskFormat::Vhdx ? 64 * 1024 * kGiB : 2040 * kGiB; }

cimom::Result<MethodResult> fileNotFound() {
  MethodResult r;
  r.returnValue = Value::unsignedInt(CimType::UInt32, kFileNotFound);
  r.out.push_back({"Job", Value::null(CimType::Reference)});
  return r;
}

std::string pathArgument(const MethodCall& call) {
  const Value* path = call.argument("Path");
  return path && !path->isNull() && path->type() == CimType::String ? path->asString() : std::string();
}

std::string nodeOf(const MethodCall& call) { return call.instance ? call.instance->server() : std::string(); }

cimom::Result<MethodResult> startDiskJob(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster,
                                         const char* kind, const std::string& path,
                                         std::function<cimom::Status(cimom::Instance&)> onComplete) {
  JobSpec spec;
  spec.nameSpace = cluster.nameSpace();
  spec.kind = jobKindNamed(kind);
  spec.match = {{}, {}, nodeOf(call), {}, call.method->name, {}};
  spec.owner = call.target;
  spec.errorSource = path;
  spec.onComplete = std::move(onComplete);
  return jobStartedResult(engine.submit(std::move(spec)));
}

// Rounded up to a whole number of 512-byte sectors, as the pages say sizes are.
uint64_t wholeSectors(uint64_t bytes) { return (bytes + 511) / 512 * 512; }

cimom::Result<MethodResult> createVirtualHardDisk(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const Value* argument = call.argument("VirtualDiskSettingData");
  if (!argument || argument->isNull() || argument->isArray() || argument->type() != CimType::Instance ||
      !cimom::iequals(argument->asInstance()->className(), "Msvm_VirtualHardDiskSettingData")) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  const cimom::Instance& asked = *argument->asInstance();
  VirtualDisk disk;
  disk.path = text(asked, "Path");
  const std::optional<DiskFormat> format = diskFormatOf(disk.path);
  if (!format) return methodResult(ServiceReturn::InvalidParameter);
  disk.format = *format;
  if (unsignedOf(asked, "Format", static_cast<uint16_t>(*format)) != static_cast<uint16_t>(*format)) {
    return methodResult(ServiceReturn::InvalidParameter);  // a .vhdx path asked as VHD, or a VHD Set
  }
  const uint64_t type = unsignedOf(asked, "Type", 0);
  if (type < 2 || type > 4) return methodResult(ServiceReturn::InvalidParameter);
  disk.type = static_cast<DiskType>(type);
  disk.virtualDiskId = engine.ids().newGuid();
  uint64_t size = unsignedOf(asked, "MaxInternalSize", 0);
  if (disk.type == DiskType::Differencing) {
    std::optional<VirtualDisk> parent = findDisk(cluster, text(asked, "ParentPath"));
    if (!parent) return text(asked, "ParentPath").empty() ? methodResult(ServiceReturn::InvalidParameter) : fileNotFound();
    if (parent->format != disk.format) return methodResult(ServiceReturn::InvalidParameter);
    disk = differencingChild(*parent, disk.path, disk.virtualDiskId, engine.clock().nowMicros());
    if (size != 0 && size != parent->maxInternalSize) return methodResult(ServiceReturn::InvalidParameter);
    size = parent->maxInternalSize;
  }
  if (size == 0 || size > maxSizeOf(disk.format)) return methodResult(ServiceReturn::InvalidParameter);
  disk.maxInternalSize = wholeSectors(size);
  auto onComplete = [cluster, disk](cimom::Instance&) -> cimom::Status {
    if (findDisk(cluster, disk.path)) return cimom::makeError(cimom::CimStatus::AlreadyExists, "The file exists. (0x80070050)");
    return putDisk(cluster, disk);
  };
  return startDiskJob(call, engine, cluster, "vhd-create", disk.path, std::move(onComplete));
}

cimom::Result<MethodResult> getSettingData(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const std::string path = pathArgument(call);
  if (path.empty()) return methodResult(ServiceReturn::InvalidParameter);
  std::optional<VirtualDisk> disk = findDisk(cluster, path);
  if (!disk) return fileNotFound();
  auto data = std::make_shared<cimom::Instance>(diskSettingData(cluster, *disk));
  data->set("InstanceID", Value::null(CimType::String));  // the double's own key, not Hyper-V's
  return methodResult(ServiceReturn::Completed,
                      {{"SettingData", Value::instance(std::move(data))}, {"Job", Value::null(CimType::Reference)}});
}

cimom::Result<MethodResult> getState(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const std::string path = pathArgument(call);
  if (path.empty()) return methodResult(ServiceReturn::InvalidParameter);
  std::optional<VirtualDisk> disk = findDisk(cluster, path);
  if (!disk) return fileNotFound();
  return methodResult(ServiceReturn::Completed, {{"State", Value::instance(std::make_shared<cimom::Instance>(diskState(cluster, *disk)))},
                                                 {"Job", Value::null(CimType::Reference)}});
}

cimom::Result<MethodResult> resize(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const std::string path = pathArgument(call);
  if (path.empty()) return methodResult(ServiceReturn::InvalidParameter);
  std::optional<VirtualDisk> disk = findDisk(cluster, path);
  if (!disk) return fileNotFound();
  const Value* sizeValue = call.argument("MaxInternalSize");
  if (!sizeValue || sizeValue->isNull()) return methodResult(ServiceReturn::InvalidParameter);
  const uint64_t size = wholeSectors(sizeValue->asUnsigned());
  // "The virtual hard disk must be offline."
  auto inUse = diskInUse(cluster, path);
  if (!inUse) return inUse.error();
  if (*inUse) return methodResult(ServiceReturn::InvalidState);
  const bool shrinking = size < disk->maxInternalSize;
  // Only VHDX disks shrink, and no further than their data; differencing VHDs do not resize.
  if (size == 0 || size > maxSizeOf(disk->format)) return methodResult(ServiceReturn::InvalidParameter);
  if (shrinking && (disk->format == DiskFormat::Vhd || size < kMiB)) return methodResult(ServiceReturn::InvalidParameter);
  if (disk->format == DiskFormat::Vhd && disk->type == DiskType::Differencing) return methodResult(ServiceReturn::InvalidParameter);
  auto onComplete = [cluster, path, size](cimom::Instance&) -> cimom::Status {
    std::optional<VirtualDisk> now = findDisk(cluster, path);
    if (!now) return cimom::makeError(cimom::CimStatus::NotFound, "The system cannot find the file specified. (0x80070002)");
    now->maxInternalSize = size;
    return putDisk(cluster, *now);
  };
  return startDiskJob(call, engine, cluster, "vhd-resize", path, std::move(onComplete));
}

cimom::Result<MethodResult> validate(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  const std::string path = pathArgument(call);
  if (path.empty()) return methodResult(ServiceReturn::InvalidParameter);
  if (!findDisk(cluster, path)) return fileNotFound();
  // The whole chain is opened: a missing parent fails the job, naming where the link broke.
  auto onComplete = [cluster, path](cimom::Instance& job) -> cimom::Status {
    std::string at = path;
    for (int depth = 0; depth < 128; ++depth) {
      std::optional<VirtualDisk> disk = findDisk(cluster, at);
      if (!disk) return cimom::makeError(cimom::CimStatus::NotFound, "The system cannot find the file specified. (0x80070002)");
      if (disk->type != DiskType::Differencing) return cimom::okStatus();
      if (!findDisk(cluster, disk->parentPath)) {
        job.set("Child", Value::string(disk->path));
        job.set("Parent", Value::string(disk->parentPath));
        return cimom::makeError(cimom::CimStatus::NotFound, "The chain of virtual hard disks is broken. The system cannot locate the parent "
                                                            "virtual hard disk for the differencing disk. (0xC03A000D)");
      }
      at = disk->parentPath;
    }
    return cimom::makeError(cimom::CimStatus::Failed, "A virtual hard disk differencing chain cycle was detected.");
  };
  return startDiskJob(call, engine, cluster, "vhd-validate", path, std::move(onComplete));
}

}  // namespace

void registerImageManagementMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  using Handler = cimom::Result<MethodResult> (*)(const MethodCall&, JobEngine&);
  const std::pair<const char*, Handler> handlers[] = {
      {"CreateVirtualHardDisk", createVirtualHardDisk},
      {"GetVirtualHardDiskSettingData", getSettingData},
      {"GetVirtualHardDiskState", getState},
      {"ResizeVirtualHardDisk", resize},
      {"ValidateVirtualHardDisk", validate},
  };
  for (const auto& [name, handler] : handlers) {
    methods.registerHandler("Msvm_ImageManagementService", name,
                            [&engine, handler = handler](const MethodCall& call) { return handler(call, engine); });
  }
}

}  // namespace cimdouble::jobs
