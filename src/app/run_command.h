// `cimdouble run SCENARIO... [--junit FILE]`: runs scenario files headless. Each gets a fresh
// in-process server on an ephemeral loopback port, staged from its fixture; the steps talk
// to it over HTTP as a client would. Prints each step's outcome, writes JUnit XML when asked,
// and exits 1 when any scenario failed (a step, or its set-up: an unreadable scenario or
// fixture), 2 when the JUnit file cannot be written.
#pragma once

#include <string>
#include <vector>

namespace cimdouble::app {

struct RunOptions {
  std::vector<std::string> scenarios;
  std::string junitFile;
};

int runScenarios(const RunOptions& options);

}  // namespace cimdouble::app
