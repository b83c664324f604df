// Checkpoints of a VM (snapshot_provider.cpp): what CreateSnapshot's job does when it
// completes, for fixtures to stage the checkpoints a VM already has.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "jobs/cluster_lookup.h"
#include "jobs/vm_configuration.h"

namespace cimdouble::jobs {

// The path of the checkpoint settings "Microsoft:<snapshotId>".
cimom::ObjectPath checkpointPath(const ClusterLookup& cluster, const std::string& snapshotId);
// "web-01 - (12/3/2026 - 4:30:12 PM)": the name Hyper-V gives a checkpoint taken at `micros`.
std::string checkpointName(const std::string& vmName, int64_t micros);
// Takes a checkpoint of the VM as it is: its settings and resources copied, linked after the
// newest checkpoint of its branch, the VM's disks moved onto new differencing disks named with
// `newGuid()`.
cimom::Status takeCheckpoint(const ClusterLookup& cluster, const ConfiguredVm& vm, const std::string& snapshotId,
                             const std::string& name, int64_t micros, const std::function<std::string()>& newGuid);

}  // namespace cimdouble::jobs
