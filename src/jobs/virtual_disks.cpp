#include "jobs/virtual_disks.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "cimom/case_insensitive.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::InstancePtr;
using cimom::Value;

constexpr const char* kDiskClass = "Msvm_VirtualHardDiskSettingData";
constexpr const char* kStorage = "Msvm_StorageAllocationSettingData";

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string instanceIdOf(const std::string& path) { return "Microsoft:" + upper(path); }

cimom::ObjectPath diskPath(const ClusterLookup& cluster, const std::string& path) {
  cimom::Instance probe(kDiskClass, cluster.nameSpace());
  probe.set("InstanceID", Value::string(instanceIdOf(path)));
  return cluster.pathOf(probe);
}


// The GUID a resource's InstanceID starts with: "Microsoft:<GUID>\..." names its VM (or checkpoint).
std::string ownerGuid(const cimom::Instance& resource) {
  const std::string id = text(resource, "InstanceID");
  const std::size_t colon = id.find(':');
  const std::size_t slash = id.find('\\');
  if (colon == std::string::npos || slash == std::string::npos || slash < colon) return "";
  return id.substr(colon + 1, slash - colon - 1);
}

cimom::Result<std::vector<InstancePtr>> resourcesUsing(const ClusterLookup& cluster, const std::string& path) {
  std::vector<InstancePtr> using_;
  if (!cluster.hasClass(kStorage)) return using_;
  auto all = cluster.inView(kStorage);
  if (!all) return all.error();
  for (const InstancePtr& r : *all) {
    if (cimom::iequals(firstString(*r, "HostResource"), path)) using_.push_back(r);
  }
  return using_;
}

}  // namespace

std::optional<DiskFormat> diskFormatOf(const std::string& path) {
  const std::size_t dot = path.find_last_of('.');
  const std::size_t slash = path.find_last_of('\\');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  const std::string extension = path.substr(dot);
  if (cimom::iequals(extension, ".vhd") || cimom::iequals(extension, ".avhd")) return DiskFormat::Vhd;
  if (cimom::iequals(extension, ".vhdx") || cimom::iequals(extension, ".avhdx")) return DiskFormat::Vhdx;
  return std::nullopt;
}

uint32_t blockSizeOf(const VirtualDisk& disk) {
  if (disk.type == DiskType::Fixed) return 0;
  if (disk.format == DiskFormat::Vhdx && disk.type == DiskType::Dynamic) return 32 * kMiB;
  return 2 * kMiB;
}

uint64_t fileSizeOf(const VirtualDisk& disk) {
  return disk.type == DiskType::Fixed ? disk.maxInternalSize + 4 * kMiB : 4 * kMiB;
}

std::optional<VirtualDisk> findDisk(const ClusterLookup& cluster, const std::string& path) {
  if (path.empty() || !cluster.hasClass(kDiskClass)) return std::nullopt;
  InstancePtr found = cluster.anywhere(diskPath(cluster, path));
  if (!found) return std::nullopt;
  VirtualDisk disk;
  disk.path = text(*found, "Path");
  disk.type = static_cast<DiskType>(unsignedOf(*found, "Type", 3));
  disk.format = static_cast<DiskFormat>(unsignedOf(*found, "Format", 3));
  disk.maxInternalSize = unsignedOf(*found, "MaxInternalSize", 0);
  disk.parentPath = text(*found, "ParentPath");
  disk.virtualDiskId = text(*found, "VirtualDiskId");
  if (const Value* stamp = found->get("ParentTimestamp"); stamp && !stamp->isNull() && stamp->type() == CimType::DateTime) {
    disk.parentMicros = stamp->asDateTime().micros();
  }
  return disk;
}

cimom::Instance diskSettingData(const ClusterLookup& cluster, const VirtualDisk& disk) {
  cimom::Instance data(kDiskClass, cluster.nameSpace());
  data.set("InstanceID", Value::string(instanceIdOf(disk.path)));
  data.set("Type", Value::unsignedInt(CimType::UInt16, static_cast<uint16_t>(disk.type)));
  data.set("Format", Value::unsignedInt(CimType::UInt16, static_cast<uint16_t>(disk.format)));
  data.set("Path", Value::string(disk.path));
  const bool child = disk.type == DiskType::Differencing;
  data.set("ParentPath", child ? Value::string(disk.parentPath) : Value::null(CimType::String));
  data.set("ParentTimestamp", child ? Value::datetime(cimom::DateTime::timestamp(disk.parentMicros)) : Value::null(CimType::DateTime));
  data.set("MaxInternalSize", Value::unsignedInt(CimType::UInt64, disk.maxInternalSize));
  data.set("BlockSize", Value::unsignedInt(CimType::UInt32, blockSizeOf(disk)));
  data.set("LogicalSectorSize", Value::unsignedInt(CimType::UInt32, 512));
  data.set("PhysicalSectorSize", Value::unsignedInt(CimType::UInt32, disk.format == DiskFormat::Vhdx ? 4096 : 512));
  data.set("VirtualDiskId", Value::string(disk.virtualDiskId));
  data.set("DataAlignment", Value::unsignedInt(CimType::UInt64, 0));
  data.set("PmemAddressAbstractionType", Value::unsignedInt(CimType::UInt16, 0));
  data.set("IsPmemCompatible", Value::boolean(false));
  return data;
}

cimom::Instance diskState(const ClusterLookup& cluster, const VirtualDisk& disk) {
  cimom::Instance state("Msvm_VirtualHardDiskState", cluster.nameSpace());
  state.set("FileSize", Value::unsignedInt(CimType::UInt64, fileSizeOf(disk)));
  state.set("InUse", Value::null(CimType::Boolean));  // "reserved for future use"
  // A disk the double never wrote to can shrink to nothing but its first megabyte.
  state.set("MinInternalSize", disk.format == DiskFormat::Vhdx ? Value::unsignedInt(CimType::UInt64, kMiB)
                                                                : Value::null(CimType::UInt64));
  state.set("PhysicalSectorSize", Value::unsignedInt(CimType::UInt32, disk.format == DiskFormat::Vhdx ? 4096 : 512));
  state.set("Alignment", Value::unsignedInt(CimType::UInt32, 1));
  state.set("FragmentationPercentage", Value::unsignedInt(CimType::UInt32, 0));
  state.set("Timestamp", Value::null(CimType::DateTime));
  return state;
}

cimom::Status putDisk(const ClusterLookup& cluster, const VirtualDisk& disk) {
  if (!cluster.hasClass(kDiskClass)) return cimom::okStatus();
  const cimom::Instance data = diskSettingData(cluster, disk);
  if (cluster.anywhere(diskPath(cluster, disk.path))) return cluster.modify(data);
  return cluster.create(data);
}

cimom::Status removeDisk(const ClusterLookup& cluster, const std::string& path) {
  if (!cluster.hasClass(kDiskClass)) return cimom::okStatus();
  const cimom::ObjectPath at = diskPath(cluster, path);
  if (!cluster.anywhere(at)) return cimom::okStatus();
  return cluster.remove(at);
}

cimom::Result<bool> diskInUse(const ClusterLookup& cluster, const std::string& path) {
  auto users = resourcesUsing(cluster, path);
  if (!users) return users.error();
  for (const InstancePtr& r : *users) {
    auto vm = cluster.vmNamed(ownerGuid(*r));
    if (!vm) return vm.error();
    if (!*vm) continue;  // a checkpoint's copy: nothing runs from it
    const uint64_t state = unsignedOf(**vm, "EnabledState", 3);
    if (state == 2 || state == 9 || state == 10 || state == 4 || state == 32774) return true;
  }
  return false;
}

VirtualDisk differencingChild(const VirtualDisk& parent, const std::string& path, const std::string& id, int64_t micros) {
  VirtualDisk child;
  child.path = path;
  child.type = DiskType::Differencing;
  child.format = parent.format;
  child.maxInternalSize = parent.maxInternalSize;
  child.parentPath = parent.path;
  child.virtualDiskId = id;
  child.parentMicros = micros;
  return child;
}

cimom::Status moveDisk(const ClusterLookup& cluster, const std::string& from, const std::string& to) {
  if (cimom::iequals(from, to)) return cimom::okStatus();
  std::optional<VirtualDisk> disk = findDisk(cluster, from);
  if (!disk) return cimom::okStatus();
  disk->path = to;
  if (cimom::Status s = putDisk(cluster, *disk); !s) return s;
  if (cimom::Status s = removeDisk(cluster, from); !s) return s;
  auto disks = cluster.inView(kDiskClass);
  if (!disks) return disks.error();
  for (const InstancePtr& d : *disks) {
    if (!cimom::iequals(text(*d, "ParentPath"), from)) continue;
    cimom::Instance reparented = *d;
    reparented.set("ParentPath", Value::string(to));
    if (cimom::Status s = cluster.modify(reparented); !s) return s;
  }
  return cimom::okStatus();
}

bool mediumExists(const ClusterLookup& cluster, const std::string& path) {
  if (!diskFormatOf(path) || !cluster.hasClass(kDiskClass)) return true;
  return findDisk(cluster, path).has_value();
}

cimom::Status addDifferencingDisk(const ClusterLookup& cluster, const std::string& parentPath, const std::string& childPath,
                                  const std::string& id, int64_t micros) {
  VirtualDisk parent;
  parent.path = parentPath;
  parent.format = diskFormatOf(parentPath).value_or(DiskFormat::Vhdx);
  if (std::optional<VirtualDisk> known = findDisk(cluster, parentPath)) parent = *known;
  return putDisk(cluster, differencingChild(parent, childPath, id, micros));
}

cimom::Status discardIfUnused(const ClusterLookup& cluster, const std::string& path) {
  std::optional<VirtualDisk> disk = findDisk(cluster, path);
  if (!disk || disk->type != DiskType::Differencing) return cimom::okStatus();
  auto users = resourcesUsing(cluster, path);
  if (!users) return users.error();
  if (!users->empty()) return cimom::okStatus();
  auto disks = cluster.inView(kDiskClass);
  if (!disks) return disks.error();
  for (const InstancePtr& d : *disks) {
    if (cimom::iequals(text(*d, "ParentPath"), path)) return cimom::okStatus();
  }
  return removeDisk(cluster, path);
}

cimom::Status mergeChildInto(const ClusterLookup& cluster, const std::string& parentPath) {
  if (!cluster.hasClass(kDiskClass)) return cimom::okStatus();
  auto disks = cluster.inView(kDiskClass);
  if (!disks) return disks.error();
  std::vector<std::string> children;
  for (const InstancePtr& d : *disks) {
    if (cimom::iequals(text(*d, "ParentPath"), parentPath)) children.push_back(text(*d, "Path"));
  }
  if (children.size() != 1) return cimom::okStatus();
  // The child's own children (later checkpoints, the VM's disk) hang from the parent now.
  for (const InstancePtr& d : *disks) {
    if (!cimom::iequals(text(*d, "ParentPath"), children.front())) continue;
    cimom::Instance reparented = *d;
    reparented.set("ParentPath", Value::string(parentPath));
    if (cimom::Status s = cluster.modify(reparented); !s) return s;
  }
  auto users = resourcesUsing(cluster, children.front());
  if (!users) return users.error();
  for (const InstancePtr& r : *users) {
    cimom::Instance moved = *r;
    moved.set("HostResource", Value::array(CimType::String, {cimom::Scalar(parentPath)}));
    if (cimom::Status s = cluster.modify(moved); !s) return s;
  }
  return removeDisk(cluster, children.front());
}

}  // namespace cimdouble::jobs
