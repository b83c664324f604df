// JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one testsuite per
// scenario, one testcase per step, failures and skips as JUnit has them.
#pragma once

#include <string>
#include <vector>

#include "app/scenario/scenario_runner.h"

namespace cimdouble::app {

std::string junitXml(const std::vector<ScenarioReport>& reports);

}  // namespace cimdouble::app
