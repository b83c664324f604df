#include "app/scenario/scenario_runner.h"

#include <nlohmann/json.hpp>
#include <regex.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "app/fixture/fixture_values.h"
#include "cimom/case_insensitive.h"
#include "cimom/datetime.h"
#include "wsman/cim_xml.h"
#include "wsman/wsman_names.h"
#include "wsman/xml.h"

namespace cimdouble::app {
namespace {

using nlohmann::json;

struct StepFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] void fail(const std::string& message) { throw StepFailure(message); }

std::string kindOf(const YAML::Node& step) {
  for (auto it = step.begin(); it != step.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (key != "name" && key != "expect" && key != "save") return key;
  }
  return {};
}

std::string joined(const std::vector<std::string>& values) {
  if (values.empty()) return "NULL";
  if (values.size() == 1) return "'" + values.front() + "'";
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", '" : "'") + values[i] + "'";
  return out + "]";
}

// Text equality as a tester means it: numbers by value (4096 == "4096.0"), booleans in any case.
bool sameValue(const std::string& expected, const std::string& actual) {
  const std::string a = wsman::trimWhitespace(actual);
  if (expected == a || (cimom::iequals(expected, a) && (cimom::iequals(a, "true") || cimom::iequals(a, "false")))) {
    return true;
  }
  char* endE = nullptr;
  char* endA = nullptr;
  const double e = std::strtod(expected.c_str(), &endE);
  const double v = std::strtod(a.c_str(), &endA);
  return !expected.empty() && !a.empty() && *endE == '\0' && *endA == '\0' && e == v;
}

// POSIX extended regular expressions (libc's; GCC 12's std::regex trips -Werror under the
// sanitizers with false maybe-uninitialized warnings).
bool regexSearch(const std::string& pattern, const std::string& text) {
  regex_t compiled;
  if (const int error = regcomp(&compiled, pattern.c_str(), REG_EXTENDED | REG_NOSUB); error != 0) {
    char message[256];
    regerror(error, &compiled, message, sizeof message);
    fail("bad regular expression '" + pattern + "': " + message);
  }
  const bool found = regexec(&compiled, text.c_str(), 0, nullptr, 0) == 0;
  regfree(&compiled);
  return found;
}

// Whether `actual` (a property's values; none for NULL) is what `expected` says.
bool matches(const YAML::Node& expected, const std::vector<std::string>& actual) {
  if (expected.IsNull()) return actual.empty();
  if (expected.IsScalar()) return actual.size() == 1 && sameValue(expected.Scalar(), actual.front());
  if (expected.IsSequence()) {
    if (expected.size() != actual.size()) return false;
    for (std::size_t i = 0; i < actual.size(); ++i) {
      if (!expected[i].IsScalar() || !sameValue(expected[i].Scalar(), actual[i])) return false;
    }
    return true;
  }
  if (expected.IsMap() && expected["matches"]) {
    if (actual.empty()) return false;
    for (const std::string& v : actual) {
      if (!regexSearch(expected["matches"].Scalar(), v)) return false;
    }
    return true;
  }
  if (expected.IsMap() && expected["contains"]) {
    for (const std::string& v : actual) {
      if (sameValue(expected["contains"].Scalar(), v)) return true;
    }
    return false;
  }
  if (expected.IsMap() && expected["count"]) {
    return std::to_string(actual.size()) == expected["count"].Scalar();
  }
  fail("an expected value is a value, a list, null, or {matches: REGEX} / {contains: VALUE} / {count: N}");
}

std::string describeExpected(const YAML::Node& expected) {
  YAML::Emitter out;
  out << YAML::Flow << expected;
  return out.c_str();
}

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
    const std::string kind = kindOf(step);
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
      report.detail = scenario_.file + ":" + std::to_string(step.Mark().line + 1) + ": " + report.detail;
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
    xmlNode* element = wsman::addElement(input, p, name.c_str());
    xmlNs* xsi = xmlNewNs(element, BAD_CAST wsman::ns::kXsi, BAD_CAST "xsi");
    wsman::setAttribute(element, "nil", "true", xsi);
    return;
  }
  if (value.IsScalar()) {
    wsman::addText(input, p, name.c_str(), substitute(value.Scalar()));
    return;
  }
  if (value["epr"] || value["ref"]) {
    xmlNode* element = wsman::addElement(input, p, name.c_str());
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
    wsman::addText(input, p, name.c_str(), wsman::instanceToCimXml(instance));
    return;
  }
  fail("parameter " + name + ": a value, a list, null, {epr: $var}, {ref: {class, selectors}} or {instance: {class, properties}}");
}

void ScenarioRunner::checkItem(const WsmanItem& item, const YAML::Node& expected, const std::string& what) const {
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string property = it->first.Scalar();
    std::vector<std::string> actual;
    auto values = item.values.find(property);
    if (values != item.values.end()) actual = values->second;
    auto reference = item.references.find(property);
    if (reference != item.references.end()) {
      for (const auto& [name, value] : reference->second.selectors) actual.push_back(name + "=" + value);
    }
    YAML::Node wanted = it->second;
    if (wanted.IsScalar()) wanted = YAML::Node(substitute(wanted.Scalar()));
    if (!matches(wanted, actual)) {
      fail(what + " " + property + " is " + joined(actual) + ", expected " + describeExpected(wanted));
    }
  }
}

void ScenarioRunner::checkOutcome(const WsmanOutcome& outcome, const YAML::Node& expect) const {
  const std::string wantedFault = expect && expect["fault"] ? expect["fault"].Scalar() : "";
  if (!outcome.error.empty() && wantedFault != "dropped") fail(outcome.error);
  if (wantedFault == "dropped") {
    if (outcome.httpStatus != 0) fail("expected the connection to be dropped, got " + outcome.describe());
    return;
  }
  if (expect && expect["status"] && !sameValue(expect["status"].Scalar(), std::to_string(outcome.httpStatus))) {
    fail("HTTP status " + std::to_string(outcome.httpStatus) + ", expected " + expect["status"].Scalar() + " (" + outcome.describe() + ")");
  }
  if (wantedFault.empty() || wantedFault == "none") {
    if (!outcome.fault.empty()) fail("a fault came back: " + outcome.describe());
    if (!(expect && expect["status"]) && outcome.httpStatus != 200) fail("not answered: " + outcome.describe());
  } else if (!cimom::iequals(outcome.fault, wantedFault)) {
    fail("expected fault " + wantedFault + ", got " + (outcome.fault.empty() ? "success" : outcome.describe()));
  }
  if (!expect) return;
  for (auto it = expect.begin(); it != expect.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node wanted = it->second;
    if (key == "fault" || key == "status") continue;
    if (key == "reason") {
      if (outcome.faultReason.find(substitute(wanted.Scalar())) == std::string::npos) {
        fail("fault reason '" + outcome.faultReason + "' does not contain '" + wanted.Scalar() + "'");
      }
    } else if (key == "count") {
      if (!sameValue(wanted.Scalar(), std::to_string(outcome.items.size()))) {
        fail(std::to_string(outcome.items.size()) + " item(s), expected " + wanted.Scalar());
      }
    } else if (key == "retries") {
      if (!sameValue(wanted.Scalar(), std::to_string(outcome.retries))) {
        fail(std::to_string(outcome.retries) + " Pull retries, expected " + wanted.Scalar());
      }
    } else if (key == "each") {
      for (const WsmanItem& item : outcome.items) checkItem(item, wanted, "an item's");
    } else if (key == "some") {
      bool any = false;
      for (const WsmanItem& item : outcome.items) {
        try {
          checkItem(item, wanted, "");
          any = true;
        } catch (const StepFailure&) {
        }
      }
      if (!any) fail("no item has " + describeExpected(wanted));
    } else {
      if (outcome.items.empty()) fail("no instance or output came back to check " + key + " on");
      YAML::Node one;
      one[key] = wanted;
      checkItem(outcome.items.front(), one, "");
    }
  }
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
    variables_[variable] = {wsman::trimWhitespace(values->second.front()), std::nullopt};
  }
}

std::string ScenarioRunner::wsmanStep(const std::string& kind, const YAML::Node& body, const YAML::Node& step) {
  WsmanOutcome outcome;
  if (kind == "identify") {
    outcome = wsman_.identify();
  } else if (kind == "get") {
    outcome = wsman_.get(target(body));
  } else if (kind == "enumerate") {
    const std::string filter = body["filter"] ? substitute(body["filter"].Scalar()) : "";
    const int maxElements = body["maxElements"] ? body["maxElements"].as<int>() : 32000;
    const int retries = body["retries"] ? body["retries"].as<int>() : 3;
    outcome = wsman_.enumerate(resourceUri(body), filter, maxElements, retries);
  } else {
    if (!body["method"]) fail("invoke needs 'method'");
    const YAML::Node parameters = body["parameters"];
    outcome = wsman_.invoke(target(body), body["method"].Scalar(), [&](xmlNode* input, xmlNs* p) {
      if (!parameters) return;
      for (auto it = parameters.begin(); it != parameters.end(); ++it) addParameter(input, p, it->first.Scalar(), it->second);
    });
  }
  checkOutcome(outcome, step["expect"]);
  save(outcome, step["save"]);
  std::string detail = outcome.describe();
  if (kind == "enumerate") detail += ", " + std::to_string(outcome.items.size()) + " item(s)";
  if (outcome.retries) detail += ", " + std::to_string(outcome.retries) + " Pull retr" + (outcome.retries == 1 ? "y" : "ies");
  if (kind == "invoke" && !outcome.items.empty()) {
    auto rv = outcome.items.front().values.find("ReturnValue");
    if (rv != outcome.items.front().values.end()) detail += ", ReturnValue " + joined(rv->second);
  }
  return detail;
}

std::string ScenarioRunner::pollStep(const YAML::Node& body, WsmanOutcome& reachedWith) {
  const Epr epr = target(body);
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
    WsmanOutcome outcome = wsman_.get(epr);
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

std::string ScenarioRunner::controlStep(const std::string& method, const std::string& path, const std::string& body,
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

std::string ScenarioRunner::runStep(const YAML::Node& step) {
  const std::string kind = kindOf(step);
  const YAML::Node body = step[kind];
  const YAML::Node expect = step["expect"];
  if (kind == "identify" || kind == "get" || kind == "enumerate" || kind == "invoke") return wsmanStep(kind, body, step);
  if (kind == "poll") {
    WsmanOutcome reached;
    std::string detail = pollStep(body, reached);
    // Expectations and saves apply to the answer that met `until`, not to yet another Get.
    checkOutcome(reached, expect);
    save(reached, step["save"]);
    return detail;
  }
  if (kind == "advance") {
    if (!body.IsScalar()) fail("advance takes seconds or an xs:duration, e.g. PT30S");
    return controlStep("POST", "clock", json{{"advance", toJson(body)}}.dump(), expect);
  }
  if (kind == "clock") return controlStep("POST", "clock", toJson(body).dump(), expect);
  if (kind == "fault") {
    json rule = toJson(body);
    std::string detail = controlStep("POST", "faults", rule.dump(), expect);
    return detail + ", rule added";
  }
  if (kind == "control") {
    const std::string method = body["method"] ? body["method"].Scalar() : (body["body"] ? "POST" : "GET");
    if (!body["path"]) fail("control needs 'path' (e.g. reset, jobs, health)");
    return controlStep(method, substitute(body["path"].Scalar()), body["body"] ? toJson(body["body"]).dump() : "{}", expect);
  }
  if (kind == "journal") {
    json query = toJson(body);
    for (auto& [key, value] : query.items()) {
      if (value.is_string()) value = substitute(value.get<std::string>());
    }
    YAML::Node wanted = expect;
    if (!wanted) wanted["count"] = YAML::Node("1");
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
  if (kind == "job") {
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
  fail("unknown step kind '" + kind + "'");
}

}  // namespace cimdouble::app
