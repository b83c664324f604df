// A collection reference point's per-VM parts: one Msvm_VirtualSystemReferencePoint for each
// member VM, linked to the Msvm_ReferencePointCollection by Msvm_CollectedReferencePoints
// (clushyperv pages of both classes). Fixtures stage them with a point; CreateReferencePoint
// makes them when its job completes and DestroyReferencePoint removes them.
#pragma once

#include <vector>

#include "cimom/instance.h"
#include "jobs/cluster_lookup.h"

namespace cimdouble::jobs {

// The parts and their links for `point` (a Msvm_ReferencePointCollection at `pointPath`) and
// its collection's `vms`, in `nameSpace`: each part first, then its link. Empty where the
// namespace lacks the classes.
std::vector<cimom::Instance> vmReferencePoints(const ClusterLookup& cluster, const cimom::Instance& point,
                                               const cimom::ObjectPath& pointPath,
                                               const std::vector<cimom::InstancePtr>& vms);

// Removes the parts of the point at `pointPath` and their links.
cimom::Status removeVmReferencePoints(const ClusterLookup& cluster, const cimom::ObjectPath& pointPath);

}  // namespace cimdouble::jobs
