// Stages the instances `serve` starts with: the built-in default cluster, or a MOF fixture
// file given with --fixture (compiled on top of the built-in schema; every problem is
// reported with file:line:col and nothing is served).
#pragma once

#include <string>

#include "cimom/class_repository.h"
#include "cimom/diagnostic.h"
#include "cimom/instance_store.h"

namespace cimdouble::app {

inline constexpr const char* kDefaultClusterEntry = "default_cluster.mof";

cimom::Diagnostics loadDefaultCluster(cimom::ClassRepository& repository, cimom::InstanceStore& store);
cimom::Diagnostics loadFixtureFile(const std::string& path, cimom::ClassRepository& repository,
                                   cimom::InstanceStore& store);

}  // namespace cimdouble::app
