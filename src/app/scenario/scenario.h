// Scenario files: a fixture, then steps a client takes (WS-Man calls, clock moves, fault
// rules, control-plane calls) with expectations on the answers, on the jobs and on the
// journal. fixtures/scenarios/README.md documents the format; `cimdouble run` runs them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "cimom/diagnostic.h"

namespace cimdouble::app {

struct Scenario {
  std::string file;
  std::string name;
  std::string fixture;       // a fixture file (relative paths resolved); empty: the built-in default
  std::string nameSpace = "root/virtualization/v2";  // where steps address classes unless they say
  std::string node;  // the cluster node steps talk to unless they say (`node:`); empty: the default node
  std::optional<uint64_t> seed;
  bool clockPaused = true;   // time moves only when a step moves it
  std::vector<YAML::Node> steps;
};

// Reads and checks a scenario file: unknown step kinds (step_kinds.h) or fields are problems
// at file:line.
struct ScenarioLoad {
  std::optional<Scenario> scenario;
  cimom::Diagnostics problems;
};
ScenarioLoad loadScenario(const std::string& path);

}  // namespace cimdouble::app
