// The schema compiled into the binary (mof/ at build time): what `serve` and `schema show`
// use, so the binary runs with no files beside it.
#pragma once

#include <map>
#include <string>

#include "cimom/class_repository.h"
#include "cimom/diagnostic.h"
#include "cimom/instance_store.h"

namespace cimdouble::cimom {

// The entry file's name inside the embedded set.
inline constexpr const char* kBuiltInSchemaEntry = "cimdouble.mof";

// Compiles the built-in schema into `repository` (and its instances, if any, into `store`).
// A non-empty result means the build shipped a broken schema: callers treat it as fatal.
cimom::Diagnostics loadBuiltInSchema(cimom::ClassRepository& repository, cimom::InstanceStore& store);

// Compiles `entry` of an embedded file set (schema or fixtures) into the repository and store.
cimom::Diagnostics compileEmbedded(const std::map<std::string, std::string>& files, const std::string& entry,
                                   cimom::ClassRepository& repository, cimom::InstanceStore& store);

}  // namespace cimdouble::cimom
