// `cimdouble mof check PATH...`: compiles MOF files, or the *.mof files directly inside a
// folder (each file on its own, so one broken file cannot hide or cause errors in another;
// files meant only for inclusion live in subfolders). Prints every problem as
// "file:line:col: message" on stderr; returns non-zero when there was any.
#pragma once

#include <string>
#include <vector>

namespace cimdouble::app {

int runMofCheck(const std::vector<std::string>& paths);

}  // namespace cimdouble::app
