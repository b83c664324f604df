// The resource definitions of a Hyper-V host (hyperv_v2 pages of Msvm_AllocationCapabilities,
// Msvm_SettingsDefineCapabilities and Msvm_ResourceAllocationSettingData): for each kind of
// resource an Msvm_AllocationCapabilities and its settings "Microsoft:Definition\<GUID>\<Type>",
// Type Minimum, Maximum, Default or Increment, linked by Msvm_SettingsDefineCapabilities with
// the page's ValueRole/ValueRange pairs. Tools read the limits from them
// (InstanceID LIKE 'Microsoft:Definition%Maximum') and clone the Default ones to add devices.
// Every node has the same: they are staged once, for every view.
#pragma once

#include <vector>

#include "cimom/instance.h"
#include "jobs/cluster_lookup.h"

namespace cimdouble::jobs {

// The definitions and their links, in `cluster`'s namespace, each before what names it; empty
// where the namespace lacks the classes.
std::vector<cimom::Instance> resourceDefinitions(const ClusterLookup& cluster);

}  // namespace cimdouble::jobs
