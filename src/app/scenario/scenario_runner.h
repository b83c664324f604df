// Runs a scenario's steps against a server as a client would, and reports each step (what
// a step expects is judged in expectations.h).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/http_client.h"
#include "app/scenario/expectations.h"
#include "app/scenario/scenario.h"
#include "app/scenario/cimxml_client.h"
#include "app/scenario/step_kinds.h"
#include "app/scenario/wsman_client.h"
#include "cimom/class_repository.h"

namespace cimdouble::app {

struct StepReport {
  std::string name;
  enum class Outcome { Passed, Failed, Skipped } outcome = Outcome::Passed;
  std::string detail;  // why it failed; what it saw when it passed
  double seconds = 0;
};

struct ScenarioReport {
  std::string name;
  std::string file;
  std::vector<StepReport> steps;
  std::string setupError;  // the scenario could not start (fixture problems, no server)
  double seconds = 0;
  bool passed() const;
};

class ScenarioRunner {
 public:
  // `cimXmlHttp`: the server's CIM-XML listener (/cimom), for `cimxml` steps; nullptr: none.
  ScenarioRunner(const Scenario& scenario, http::HttpClient& http, const cimom::ClassRepository& repository,
                 http::HttpClient* cimXmlHttp = nullptr)
      : scenario_(scenario), http_(http), wsman_(http), cimXmlHttp_(cimXmlHttp), repository_(repository) {}

  // Runs every step; after the first failure the rest are skipped.
  std::vector<StepReport> run();

 private:
  friend const std::vector<StepKind>& stepKinds();  // the table names the step handlers below

  struct Variable {
    std::string text;
    std::optional<Epr> epr;
  };

  // Runs one step by its kind's entry in stepKinds(); a failure is thrown as StepFailure (its
  // message is the detail).
  std::string runStep(const YAML::Node& step);

  // The step handlers: `body` is the value of the step's kind key, `step` the whole step.
  std::string identifyStep(const YAML::Node& body, const YAML::Node& step);
  std::string getStep(const YAML::Node& body, const YAML::Node& step);
  std::string enumerateStep(const YAML::Node& body, const YAML::Node& step);
  std::string invokeStep(const YAML::Node& body, const YAML::Node& step);
  std::string pollStep(const YAML::Node& body, const YAML::Node& step);
  std::string advanceStep(const YAML::Node& body, const YAML::Node& step);
  std::string clockStep(const YAML::Node& body, const YAML::Node& step);
  std::string faultStep(const YAML::Node& body, const YAML::Node& step);
  std::string controlStep(const YAML::Node& body, const YAML::Node& step);
  std::string journalStep(const YAML::Node& body, const YAML::Node& step);
  std::string jobStep(const YAML::Node& body, const YAML::Node& step);
  // A CIM-XML request (cimxml_step.cpp), or a poll of one with `until`.
  std::string cimxmlStep(const YAML::Node& body, const YAML::Node& step);
  CimXmlTarget cimXmlTarget(const YAML::Node& body);
  CimXmlParameter cimXmlParameter(const std::string& name, const YAML::Node& value, const std::string& nameSpace);

  // A WS-Man answer checked against the step's `expect` and saved as its `save` says.
  std::string answered(const WsmanOutcome& outcome, const YAML::Node& step);
  // Sends `request` (a Get) until `until` holds of its first item, the clock moving by `every`
  // between tries; `reachedWith` is the answer that met it.
  std::string pollUntil(const YAML::Node& body, const std::function<WsmanOutcome()>& request, WsmanOutcome& reachedWith);
  std::string controlCall(const std::string& method, const std::string& path, const std::string& body,
                          const YAML::Node& expect);

  Epr target(const YAML::Node& body);
  std::string resourceUri(const YAML::Node& body);
  std::string substitute(const std::string& text) const;
  Substitute substitution() const;
  void addParameter(xmlNode* input, xmlNs* p, const std::string& name, const YAML::Node& value);
  void save(const WsmanOutcome& outcome, const YAML::Node& save);

  const Scenario& scenario_;
  http::HttpClient& http_;
  WsmanClient wsman_;
  http::HttpClient* cimXmlHttp_;
  const cimom::ClassRepository& repository_;
  std::map<std::string, Variable> variables_;
};

}  // namespace cimdouble::app
