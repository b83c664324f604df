// The kinds of scenario step, in one table: the loader checks each step's kind and fields
// against it, the runner runs a step by its entry, and fixtures/scenarios/README.md documents
// it (tests/integration/test_scenarios.py checks the README's table lists the same kinds).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::app {

class ScenarioRunner;

struct StepKind {
  std::string_view name;                 // the step's key: `get: {...}`
  std::vector<std::string_view> fields;  // what its body takes, when it is a mapping
  // Runs the step (`body` is the value of its key); throws StepFailure; returns the detail.
  std::string (ScenarioRunner::*run)(const YAML::Node& body, const YAML::Node& step);
};

// In the order the README lists them.
const std::vector<StepKind>& stepKinds();
const StepKind* findStepKind(std::string_view name);

// Every step may have these besides its kind.
bool isCommonStepField(std::string_view key);
// The step's kind as written: its first key that is not a common field (empty: none).
std::string stepKindName(const YAML::Node& step);

}  // namespace cimdouble::app
