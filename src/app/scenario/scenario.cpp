#include "app/scenario/scenario.h"

#include <fstream>
#include <sstream>

#include "app/fixture/yaml_fields.h"
#include "app/scenario/step_kinds.h"
#include "cimom/mof/source.h"

namespace cimdouble::app {

namespace {

// What a step without a kind is told: every kind it could be.
std::string needsAKind() {
  std::string out = "a step needs one of: ";
  for (const StepKind& kind : stepKinds()) {
    if (&kind != &stepKinds().front()) out += ", ";
    out += kind.name;
  }
  return out;
}

}  // namespace

ScenarioLoad loadScenario(const std::string& path) {
  ScenarioLoad result;
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    result.problems.push_back({{path, 0, 0}, "cannot read file"});
    return result;
  }
  YamlProblems problems(path);
  const YAML::Node root = parseYaml(text.str(), problems);
  if (!problems.empty() ||
      !checkMap(root, "a scenario", {"name", "description", "fixture", "namespace", "node", "seed", "clock", "steps"}, problems)) {
    result.problems = problems.list();
    return result;
  }
  Scenario s;
  s.file = path;
  s.name = readString(root, "name", problems, true).value_or(path);
  if (auto fixture = readString(root, "fixture", problems)) {
    s.fixture = *fixture == "default" ? "" : cimom::MofSource::resolveInclude(path, *fixture);
  }
  if (auto nameSpace = readString(root, "namespace", problems)) s.nameSpace = *nameSpace;
  if (auto node = readString(root, "node", problems)) s.node = *node;
  if (auto seed = readInteger(root, "seed", 0, INT64_MAX, problems)) s.seed = static_cast<uint64_t>(*seed);
  if (auto clock = readString(root, "clock", problems)) {
    if (*clock != "paused" && *clock != "running") problems.add(root["clock"], "'clock' is paused or running");
    s.clockPaused = *clock != "running";
  }
  s.steps = listOf(root["steps"], "'steps'", problems);
  if (s.steps.empty() && problems.empty()) problems.add(root, "a scenario needs 'steps'");
  for (const YAML::Node& step : s.steps) {
    if (!step.IsMap()) {
      problems.add(step, "a step must be a mapping");
      continue;
    }
    const std::vector<std::string_view>* fields = nullptr;
    std::string kind;
    for (auto it = step.begin(); it != step.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (isCommonStepField(key)) continue;
      if (const StepKind* named = findStepKind(key)) {
        if (fields) problems.add(it->first, "a step does one thing: '" + kind + "' and '" + key + "'");
        fields = &named->fields;
        kind = key;
      }
      if (kind != key) problems.add(it->first, "unknown step field '" + key + "'");
    }
    if (!fields) {
      problems.add(step, needsAKind());
      continue;
    }
    const YAML::Node body = step[kind];
    if (body.IsMap()) {
      for (auto it = body.begin(); it != body.end(); ++it) {
        bool known = false;
        for (std::string_view f : *fields) known = known || f == it->first.Scalar();
        if (!known) problems.add(it->first, kind + ": unknown field '" + it->first.Scalar() + "'");
      }
    }
    if (step["node"] && !step["node"].IsScalar()) problems.add(step["node"], "'node' names a cluster node (a host)");
    if (step["save"] && !step["save"].IsMap()) problems.add(step["save"], "'save' maps variable names to what to save");
  }
  if (!problems.empty()) {
    result.problems = problems.list();
    return result;
  }
  result.scenario = std::move(s);
  return result;
}

}  // namespace cimdouble::app
