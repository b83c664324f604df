#include "app/scenario/scenario_runner.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <cstdlib>

#include "app/fixture/fixture_values.h"
#include "cimom/case_insensitive.h"
#include "cimom/datetime.h"
#include "xml/cim_xml.h"
#include "wsman/wsman_names.h"
#include "xml/xml.h"

namespace cimdouble::app {
namespace {

using nlohmann::json;

// YAML to JSON for control-plane bodies; `textOnly` keeps every scalar a string (selectors).
json toJson(const YAML::Node& node, bool textOnly = false) {
  if (node.IsMap()) {
    json object = json::object();
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.Scalar();
      object[key] = toJson(it->second, textOnly || key == "selectors" || key == "parameters");
    }
    return object;
  }
  if (node.IsSequence()) {
    json array = json::array();
    for (const YAML::Node& item : node) array.push_back(toJson(item, textOnly));
    return array;
  }
  if (node.IsNull()) return nullptr;
  const std::string text = node.Scalar();
  if (textOnly || node.Tag() == "!") return text;  // quoted in the file: a string
  if (text == "true" || text == "false") return text == "true";
  char* end = nullptr;
  const long long integer = std::strtoll(text.c_str(), &end, 10);
  if (!text.empty() && *end == '\0') return integer;
  const double real = std::strtod(text.c_str(), &end);
  if (!text.empty() && *end == '\0') return real;
  return text;
}

std::string jsonText(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

}  // namespace

bool ScenarioReport::passed() const {
  if (!setupError.empty()) return false;
  for (const StepReport& s : steps) {
    if (s.outcome != StepReport::Outcome::Passed) return false;
  }
  return true;
}

std::vector<StepReport> ScenarioRunner::run() {
  std::vector<StepReport> reports;
  bool failed = false;
  std::size_t number = 0;
  for (const YAML::Node& step : scenario_.steps) {
    StepReport report;
    ++number;
    const std::string kind = stepKindName(step);
    report.name = step["name"] ? step["name"].Scalar() : kind + " (step " + std::to_string(number) + ")";
    if (failed) {
      report.outcome = StepReport::Outcome::Skipped;
      report.detail = "skipped after an earlier failure";
      reports.push_back(std::move(report));
      continue;
    }
    const auto started = std::chrono::steady_clock::now();
    try {
      report.detail = runStep(step);
    } catch (const StepFailure& e) {
      report.outcome = StepReport::Outcome::Failed;
      report.detail = e.what();
    } catch (const std::exception& e) {  // a regex or YAML shape the checks did not foresee
      report.outcome = StepReport::Outcome::Failed;
      report.detail = std::string("cannot run this step: ") + e.what();
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    failed = report.outcome == StepReport::Outcome::Failed;
    if (failed) {
      // file:line:col: message, as every other problem is reported.
      report.detail = scenario_.file + ":" + std::to_string(step.Mark().line + 1) + ":" +
                      std::to_string(step.Mark().column + 1) + ": " + report.detail;
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

std::string ScenarioRunner::substitute(const std::string& text) const {
  // $name, ${name}, $name.Selector, ${name.Selector}
  auto isNameChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$' || i + 1 >= text.size() || !(isNameChar(text[i + 1]) || text[i + 1] == '{')) {
      out += text[i++];
      continue;
    }
    const bool braced = text[i + 1] == '{';
    std::size_t j = i + (braced ? 2 : 1);
    auto word = [&] {
      const std::size_t start = j;
      while (j < text.size() && isNameChar(text[j])) ++j;
      return text.substr(start, j - start);
    };
    const std::string name = word();
    std::string selector;
    if (j + 1 < text.size() && text[j] == '.' && isNameChar(text[j + 1])) {
      ++j;
      selector = word();
    }
    if (braced) {
      if (j >= text.size() || text[j] != '}') fail("unterminated ${...} in '" + text + "'");
      ++j;
    }
    auto var = variables_.find(name);
    if (name.empty() || var == variables_.end()) fail("no variable $" + name + " (save it in an earlier step)");
    if (!selector.empty()) {
      if (!var->second.epr) fail("$" + name + " is no reference, so it has no ." + selector);
      bool found = false;
      for (const auto& [key, value] : var->second.epr->selectors) {
        if (cimom::iequals(key, selector)) out += value, found = true;
      }
      if (!found) fail("$" + name + " has no selector " + selector);
    } else {
      out += var->second.text;
    }
    i = j;
  }
  return out;
}

Substitute ScenarioRunner::substitution() const {
  return [this](const std::string& text) { return substitute(text); };
}

std::string ScenarioRunner::resourceUri(const YAML::Node& body) {
  if (!body["class"]) fail("name the class ('class') or give an 'epr'");
  const std::string nameSpace = body["namespace"] ? body["namespace"].Scalar() : scenario_.nameSpace;
  return std::string(wsman::ns::kWmiPrefix) + nameSpace + "/" + body["class"].Scalar();
}

Epr ScenarioRunner::target(const YAML::Node& body) {
  if (body["epr"]) {
    const std::string name = body["epr"].Scalar();
    auto var = variables_.find(name.rfind('$', 0) == 0 ? name.substr(1) : name);
    if (var == variables_.end() || !var->second.epr) fail("'epr' names no saved reference: " + name);
    return *var->second.epr;
  }
  Epr epr;
  epr.resourceUri = resourceUri(body);
  if (const YAML::Node selectors = body["selectors"]) {
    for (auto it = selectors.begin(); it != selectors.end(); ++it) {
      epr.selectors.emplace_back(it->first.Scalar(), substitute(it->second.Scalar()));
    }
  }
  return epr;
}

void ScenarioRunner::addParameter(xmlNode* input, xmlNs* p, const std::string& name, const YAML::Node& value) {
  if (value.IsSequence()) {
    for (const YAML::Node& item : value) addParameter(input, p, name, item);
    return;
  }
  if (value.IsNull()) {
    xmlNode* element = xml::addElement(input, p, name.c_str());
    xmlNs* xsi = xmlNewNs(element, BAD_CAST wsman::ns::kXsi, BAD_CAST "xsi");
    xml::setAttribute(element, "nil", "true", xsi);
    return;
  }
  if (value.IsScalar()) {
    xml::addText(input, p, name.c_str(), substitute(value.Scalar()));
    return;
  }
  if (value["epr"] || value["ref"]) {
    xmlNode* element = xml::addElement(input, p, name.c_str());
    WsmanClient::writeEpr(element, target(value["epr"] ? value : value["ref"]));
    return;
  }
  if (value["instance"]) {
    // An embedded instance, as CIM-XML text (what WinRM clients send for EmbeddedInstance parameters).
    const YAML::Node spec = value["instance"];
    const std::string className = spec["class"] ? spec["class"].Scalar() : "";
    const std::string nameSpace = spec["namespace"] ? spec["namespace"].Scalar() : scenario_.nameSpace;
    cimom::ClassPtr cls = repository_.findClass(nameSpace, className);
    if (!cls) fail("parameter " + name + ": namespace " + nameSpace + " has no class '" + className + "'");
    cimom::Instance instance(cls->name, nameSpace);
    YamlProblems problems(scenario_.file);
    applyProperties(spec["properties"], *cls, instance, problems);
    if (!problems.empty()) fail("parameter " + name + ": " + problems.list().front().message);
    xml::addText(input, p, name.c_str(), xml::instanceToCimXml(instance));
    return;
  }
  fail("parameter " + name + ": a value, a list, null, {epr: $var}, {ref: {class, selectors}} or {instance: {class, properties}}");
}

void ScenarioRunner::save(const WsmanOutcome& outcome, const YAML::Node& saveNode) {
  if (!saveNode) return;
  for (auto it = saveNode.begin(); it != saveNode.end(); ++it) {
    const std::string variable = it->first.Scalar();
    const std::string source = it->second.Scalar();
    if (source == "count") {
      variables_[variable] = {std::to_string(outcome.items.size()), std::nullopt};
      continue;
    }
    if (outcome.items.empty()) fail("nothing came back to save " + source + " from");
    const WsmanItem& item = outcome.items.front();
    auto reference = item.references.find(source);
    if (reference != item.references.end()) {
      variables_[variable] = {reference->second.resourceUri, reference->second};
      continue;
    }
    auto values = item.values.find(source);
    if (values == item.values.end() || values->second.empty()) fail("no value " + source + " to save as $" + variable);
    variables_[variable] = {xml::trimWhitespace(values->second.front()), std::nullopt};
  }
}

std::string ScenarioRunner::answered(const WsmanOutcome& outcome, const YAML::Node& step) {
  checkOutcome(outcome, step["expect"], substitution());
  save(outcome, step["save"]);
  return outcome.describe();
}

std::string ScenarioRunner::identifyStep(const YAML::Node&, const YAML::Node& step) {
  return answered(wsman_.identify(), step);
}

std::string ScenarioRunner::getStep(const YAML::Node& body, const YAML::Node& step) {
  return answered(wsman_.get(target(body)), step);
}

std::string ScenarioRunner::enumerateStep(const YAML::Node& body, const YAML::Node& step) {
  const std::string filter = body["filter"] ? substitute(body["filter"].Scalar()) : "";
  const int maxElements = body["maxElements"] ? body["maxElements"].as<int>() : 32000;
  const int retries = body["retries"] ? body["retries"].as<int>() : 3;
  const WsmanOutcome outcome = wsman_.enumerate(resourceUri(body), filter, maxElements, retries);
  std::string detail = answered(outcome, step);
  detail += ", " + std::to_string(outcome.items.size()) + " item(s)";
  if (outcome.retries) detail += ", " + std::to_string(outcome.retries) + " Pull retr" + (outcome.retries == 1 ? "y" : "ies");
  return detail;
}

std::string ScenarioRunner::invokeStep(const YAML::Node& body, const YAML::Node& step) {
  if (!body["method"]) fail("invoke needs 'method'");
  const YAML::Node parameters = body["parameters"];
  const WsmanOutcome outcome = wsman_.invoke(target(body), body["method"].Scalar(), [&](xmlNode* input, xmlNs* p) {
    if (!parameters) return;
    for (auto it = parameters.begin(); it != parameters.end(); ++it) addParameter(input, p, it->first.Scalar(), it->second);
  });
  std::string detail = answered(outcome, step);
  if (!outcome.items.empty()) {
    auto rv = outcome.items.front().values.find("ReturnValue");
    if (rv != outcome.items.front().values.end()) detail += ", ReturnValue " + joined(rv->second);
  }
  return detail;
}

std::string ScenarioRunner::pollUntil(const YAML::Node& body, const std::function<WsmanOutcome()>& request,
                                      WsmanOutcome& reachedWith) {
  const YAML::Node until = body["until"];
  if (!until || !until.IsMap()) fail("poll needs 'until': the property values to wait for");
  int64_t every = 1'000'000;
  if (body["every"]) {
    auto d = cimom::DateTime::parseXsDuration(body["every"].Scalar());
    char* end = nullptr;
    const double seconds = std::strtod(body["every"].Scalar().c_str(), &end);
    if (d) every = d->micros();
    else if (*end == '\0') every = static_cast<int64_t>(seconds * 1e6);
    else fail("'every' is seconds or an xs:duration");
  }
  const int max = body["max"] ? body["max"].as<int>() : 1000;
  WsmanItem last;
  for (int poll = 1; poll <= max; ++poll) {
    WsmanOutcome outcome = request();
    if (!outcome.ok() || outcome.items.empty()) fail("poll " + std::to_string(poll) + ": " + outcome.describe());
    last = outcome.items.front();
    bool matched = true;
    for (auto it = until.begin(); it != until.end() && matched; ++it) {
      auto values = last.values.find(it->first.Scalar());
      const std::vector<std::string> actual = values == last.values.end() ? std::vector<std::string>{} : values->second;
      const YAML::Node wanted = it->second;  // a copy: yaml-cpp's iterator hands out a temporary pair
      if (wanted.IsSequence()) {  // any of these
        bool any = false;
        for (const YAML::Node& option : wanted) any = any || matches(option, actual);
        matched = any;
      } else {
        matched = matches(wanted, actual);
      }
    }
    if (matched) {
      reachedWith = std::move(outcome);
      return "reached after " + std::to_string(poll) + " poll(s)";
    }
    json advance{{"advance", static_cast<double>(every) / 1e6}};
    http::HttpResult moved = http_.post("/cimdouble/v1/clock", "application/json", advance.dump());
    if (moved.status != 200) fail("could not move the clock: HTTP " + std::to_string(moved.status) + " " + moved.error);
  }
  std::string seen;
  for (auto it = until.begin(); it != until.end(); ++it) {
    auto values = last.values.find(it->first.Scalar());
    seen += " " + it->first.Scalar() + "=" + joined(values == last.values.end() ? std::vector<std::string>{} : values->second);
  }
  fail("not reached after " + std::to_string(max) + " polls; last seen:" + seen);
}

std::string ScenarioRunner::controlCall(const std::string& method, const std::string& path, const std::string& body,
                                        const YAML::Node& expect) {
  http::HttpResult result = method == "GET" ? http_.get("/cimdouble/v1/" + path)
                                      : http_.post("/cimdouble/v1/" + path, "application/json", body);
  if (result.status == 0) fail("control plane " + path + ": " + result.error);
  const bool statusGiven = expect && expect["status"];
  if (statusGiven ? !sameValue(expect["status"].Scalar(), std::to_string(result.status))
                  : (result.status < 200 || result.status > 299)) {
    fail("control plane " + path + " answered HTTP " + std::to_string(result.status) + ": " + result.body);
  }
  json answer = json::parse(result.body, nullptr, false);
  if (expect) {
    for (auto it = expect.begin(); it != expect.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (key == "status") continue;
      if (answer.is_discarded() || !answer.is_object() || !answer.contains(key)) {
        fail("control plane " + path + " answered without '" + key + "': " + result.body);
      }
      std::vector<std::string> actual;
      if (answer[key].is_array()) {
        for (const json& v : answer[key]) actual.push_back(jsonText(v));
      } else if (!answer[key].is_null()) {
        actual.push_back(jsonText(answer[key]));
      }
      if (!matches(it->second, actual)) {
        fail(path + " " + key + " is " + joined(actual) + ", expected " + describeExpected(it->second));
      }
    }
  }
  return "HTTP " + std::to_string(result.status);
}

std::string ScenarioRunner::pollStep(const YAML::Node& body, const YAML::Node& step) {
  WsmanOutcome reached;
  const Epr epr = target(body);
  std::string detail = pollUntil(body, [&] { return wsman_.get(epr); }, reached);
  // Expectations and saves apply to the answer that met `until`, not to yet another Get.
  checkOutcome(reached, step["expect"], substitution());
  save(reached, step["save"]);
  return detail;
}

std::string ScenarioRunner::advanceStep(const YAML::Node& body, const YAML::Node& step) {
  if (!body.IsScalar()) fail("advance takes seconds or an xs:duration, e.g. PT30S");
  return controlCall("POST", "clock", json{{"advance", toJson(body)}}.dump(), step["expect"]);
}

std::string ScenarioRunner::clockStep(const YAML::Node& body, const YAML::Node& step) {
  return controlCall("POST", "clock", toJson(body).dump(), step["expect"]);
}

std::string ScenarioRunner::faultStep(const YAML::Node& body, const YAML::Node& step) {
  json rule = toJson(body);
  std::string detail = controlCall("POST", "faults", rule.dump(), step["expect"]);
  return detail + ", rule added";
}

std::string ScenarioRunner::controlStep(const YAML::Node& body, const YAML::Node& step) {
  const std::string method = body["method"] ? body["method"].Scalar() : (body["body"] ? "POST" : "GET");
  if (!body["path"]) fail("control needs 'path' (e.g. reset, jobs, health)");
  return controlCall(method, substitute(body["path"].Scalar()), body["body"] ? toJson(body["body"]).dump() : "{}",
                     step["expect"]);
}

std::string ScenarioRunner::journalStep(const YAML::Node& body, const YAML::Node& step) {
  const YAML::Node expect = step["expect"];
  json query = toJson(body);
  for (auto& [key, value] : query.items()) {
    if (value.is_string()) value = substitute(value.get<std::string>());
  }
  // No `expect`: it passes on exactly one match (a fresh map: the absent node cannot be written).
  YAML::Node wanted = expect ? YAML::Clone(expect) : YAML::Node(YAML::NodeType::Map);
  if (!wanted["count"] && !expect) wanted["count"] = YAML::Node("1");
  http::HttpResult result = http_.post("/cimdouble/v1/journal/verify", "application/json", query.dump());
  json answer = json::parse(result.body, nullptr, false);
  if (result.status != 200 || answer.is_discarded()) fail("journal/verify answered HTTP " + std::to_string(result.status) + ": " + result.body);
  const std::string count = std::to_string(answer.value("count", 0));
  if (wanted["count"] && !matches(wanted["count"], {count})) {
    std::string misses = answer.contains("nearMisses") ? answer["nearMisses"].dump() : "[]";
    fail(count + " matching request(s) in the journal, expected " + describeExpected(wanted["count"]) +
         "; nearest misses: " + misses);
  }
  return count + " matching request(s)";
}

std::string ScenarioRunner::jobStep(const YAML::Node& body, const YAML::Node& step) {
  const YAML::Node expect = step["expect"];
  if (!body["instanceId"]) fail("job needs 'instanceId'");
  const std::string id = substitute(body["instanceId"].Scalar());
  http::HttpResult result = http_.get("/cimdouble/v1/jobs");
  json answer = json::parse(result.body, nullptr, false);
  if (result.status != 200 || answer.is_discarded()) fail("jobs answered HTTP " + std::to_string(result.status));
  for (const json& job : answer["jobs"]) {
    if (!cimom::iequals(job.value("instanceId", ""), id)) continue;
    if (expect && expect["gone"] && expect["gone"].as<bool>()) fail("job " + id + " is still there: " + job.dump());
    if (expect) {
      for (auto it = expect.begin(); it != expect.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (key == "gone") continue;
        std::vector<std::string> actual;
        if (key == "history") {
          for (const json& h : job["history"]) actual.push_back(h.value("state", ""));
        } else if (job.contains(key)) {
          actual.push_back(jsonText(job[key]));
        } else {
          fail("a job has no '" + key + "' (state, jobState, percent, staged, history, class, namespace)");
        }
        if (!matches(it->second, actual)) fail("job " + key + " is " + joined(actual) + ", expected " + describeExpected(it->second));
      }
    }
    return "job " + jsonText(job["state"]) + " at " + jsonText(job["percent"]) + " %";
  }
  if (expect && expect["gone"] && expect["gone"].as<bool>()) return "the engine has forgotten it";
  fail("the job engine knows no job " + id);
}

std::string ScenarioRunner::runStep(const YAML::Node& step) {
  const std::string kind = stepKindName(step);
  const StepKind* entry = findStepKind(kind);
  if (!entry) fail("unknown step kind '" + kind + "'");
  // `node:` sends the step to that cluster node, as a client that connects to it by name does
  // (its Host header); without it the fixture's default node answers.
  http_.setHostHeader(step["node"] ? step["node"].Scalar() : scenario_.node);
  if (cimXmlHttp_) cimXmlHttp_->setHostHeader(step["node"] ? step["node"].Scalar() : scenario_.node);
  return (this->*entry->run)(step[kind], step);
}

}  // namespace cimdouble::app
