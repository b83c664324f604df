#include "app/scenario/step_kinds.h"

#include "app/scenario/scenario_runner.h"

namespace cimdouble::app {

const std::vector<StepKind>& stepKinds() {
  using R = ScenarioRunner;
  static const std::vector<StepKind> kinds = {
      {"identify", {}, &R::identifyStep},
      {"get", {"class", "namespace", "selectors", "epr"}, &R::getStep},
      {"enumerate", {"class", "namespace", "filter", "maxElements", "retries"}, &R::enumerateStep},
      {"invoke", {"class", "namespace", "selectors", "epr", "method", "parameters"}, &R::invokeStep},
      {"poll", {"class", "namespace", "selectors", "epr", "until", "every", "max"}, &R::pollStep},
      {"advance", {}, &R::advanceStep},
      {"clock", {"advance", "set", "pause", "resume", "scale"}, &R::clockStep},
      {"fault", {"node", "action", "class", "method", "selectors", "nth", "probability", "oneShot", "delayMillis", "status",
                 "fault", "cimError", "drop", "loseAnswer"}, &R::faultStep},
      {"control", {"method", "path", "body"}, &R::controlStep},
      {"journal", {"user", "node", "action", "resourceUri", "namespace", "class", "method", "selectors", "parameters",
                   "filter", "fault"}, &R::journalStep},
      {"job", {"instanceId"}, &R::jobStep},
      {"cimxml", {"method", "namespace", "class", "keys", "epr", "parameters", "until", "every", "max"}, &R::cimxmlStep},
  };
  return kinds;
}

const StepKind* findStepKind(std::string_view name) {
  for (const StepKind& kind : stepKinds()) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

bool isCommonStepField(std::string_view key) {
  return key == "name" || key == "expect" || key == "save" || key == "node";
}

std::string stepKindName(const YAML::Node& step) {
  for (auto it = step.begin(); it != step.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (!isCommonStepField(key)) return key;
  }
  return {};
}

}  // namespace cimdouble::app
