// `cimdouble mof check PATH...`: compiles MOF files, or the *.mof files directly inside a
// folder (each file on its own, so one broken file cannot hide or cause errors in another;
// files meant only for inclusion live in subfolders). Prints every problem as
// "file:line:col: message" on stderr; returns non-zero when there was any.
//
// A user's file is checked on top of the built-in schema, as `serve` would load it (its
// classes and instances may use Msvm_ComputerSystem and the rest), in `nameSpace` unless it
// says `#pragma namespace`; `standalone` compiles it alone (the schema's own files, the
// compiler's error corpus).
#pragma once

#include <string>
#include <vector>

namespace cimdouble::app {

struct MofCheckOptions {
  std::vector<std::string> paths;
  bool standalone = false;
  std::string nameSpace = "root/HyperVCluster/v2";  // where fixtures compile MOF
};

int runMofCheck(const MofCheckOptions& options);

}  // namespace cimdouble::app
