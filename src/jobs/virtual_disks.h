// The virtual hard disk files of the cluster (.vhdx, .vhd, .avhdx) as Msvm_ImageManagementService
// sees them. Each file is one Msvm_VirtualHardDiskSettingData (InstanceID "Microsoft:" and the
// path in upper case: Windows paths ignore case), shown on every node: they live on cluster
// shared volumes. Fixtures stage a VM's disks, CreateVirtualHardDisk adds one, checkpoints
// add differencing disks and merge them when they go.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "jobs/cluster_lookup.h"

namespace cimdouble::jobs {

inline constexpr uint64_t kGiB = UINT64_C(1) << 30;
inline constexpr uint64_t kMiB = UINT64_C(1) << 20;

enum class DiskType : uint16_t { Fixed = 2, Dynamic = 3, Differencing = 4 };
enum class DiskFormat : uint16_t { Vhd = 2, Vhdx = 3 };

struct VirtualDisk {
  std::string path;
  DiskType type = DiskType::Dynamic;
  DiskFormat format = DiskFormat::Vhdx;
  uint64_t maxInternalSize = 127 * kGiB;  // Hyper-V Manager's default size of a new disk
  std::string parentPath;                 // differencing disks only
  std::string virtualDiskId;
  int64_t parentMicros = 0;               // differencing disks: when the parent was last written
};

// The size of the file: a fixed disk's size and its 4 MB of metadata; a dynamic or differencing
// disk occupies what a new one does (4 MB): the double writes no data into them.
uint64_t fileSizeOf(const VirtualDisk& disk);

// VHD by the .vhd extension, VHDX otherwise (.vhdx, .avhdx); nullopt for a path that names no
// disk file (no extension Hyper-V opens as a hard disk).
std::optional<DiskFormat> diskFormatOf(const std::string& path);
// The block size Hyper-V gives a disk: 32 MB dynamic VHDX, 2 MB differencing VHDX, 2 MB VHD; 0 fixed.
uint32_t blockSizeOf(const VirtualDisk& disk);

// The file at `path`, nullopt when the cluster has none.
std::optional<VirtualDisk> findDisk(const ClusterLookup& cluster, const std::string& path);
// Adds the file, or replaces what the cluster knew of it.
cimom::Status putDisk(const ClusterLookup& cluster, const VirtualDisk& disk);
// Forgets the file (a merge or a discarded differencing disk); none there is not an error.
cimom::Status removeDisk(const ClusterLookup& cluster, const std::string& path);
// The file as GetVirtualHardDiskSettingData answers it (embedded), and as the cluster keeps it.
cimom::Instance diskSettingData(const ClusterLookup& cluster, const VirtualDisk& disk);
// GetVirtualHardDiskState's answer (embedded).
cimom::Instance diskState(const ClusterLookup& cluster, const VirtualDisk& disk);
// Whether a resource of a running VM has the file open (GetVirtualHardDiskState, resizing).
cimom::Result<bool> diskInUse(const ClusterLookup& cluster, const std::string& path);

// A new differencing disk at `path` whose parent is `parent` (checkpoints), created at `micros`.
VirtualDisk differencingChild(const VirtualDisk& parent, const std::string& path, const std::string& id, int64_t micros);
// The file moved to `to` (a storage migration); differencing disks over it follow. A file the
// cluster does not know is left alone.
cimom::Status moveDisk(const ClusterLookup& cluster, const std::string& from, const std::string& to);
// Whether a resource may name `path` as its medium: a virtual hard disk file the cluster has
// (an ISO or another medium is not modelled, and accepted).
bool mediumExists(const ClusterLookup& cluster, const std::string& path);
// Records the differencing disk Hyper-V makes at `childPath` over `parentPath` when a checkpoint
// is taken or applied; a parent the cluster does not know is taken to be a default new disk.
cimom::Status addDifferencingDisk(const ClusterLookup& cluster, const std::string& parentPath, const std::string& childPath,
                                  const std::string& id, int64_t micros);
// Forgets a differencing disk nothing uses any more (the VM's state that applying a checkpoint
// discards); any other disk, or one in use, stays.
cimom::Status discardIfUnused(const ClusterLookup& cluster, const std::string& path);
// A checkpoint's disk is no longer needed: the one disk made from it is merged into it, and
// every resource that used that child now uses the parent.
// Nothing happens when the checkpoint's disk has no child or more than one (a branch).
cimom::Status mergeChildInto(const ClusterLookup& cluster, const std::string& parentPath);

}  // namespace cimdouble::jobs
