// `cimdouble fixture check FILE...`: loads each fixture on the built-in schema, as `serve`
// would, and reports every problem as file:line:col (exit 1), or what it stages.
#pragma once

#include <string>
#include <vector>

namespace cimdouble::app {

int runFixtureCheck(const std::vector<std::string>& paths);

}  // namespace cimdouble::app
