// cimdouble::Double's fault rules, as the control plane's JSON (control/faults_resource.cpp),
// so that a rule is checked, and refused with the same message, whichever way it comes.
#include "double_impl.h"

namespace cimdouble {
namespace {

using nlohmann::json;

json ruleJson(const FaultRule& rule) {
  json j = json::object();
  if (!rule.action.empty()) j["action"] = rule.action;
  if (!rule.className.empty()) j["class"] = rule.className;
  if (!rule.method.empty()) j["method"] = rule.method;
  if (!rule.selectors.empty()) j["selectors"] = rule.selectors;
  if (rule.nth != 0) j["nth"] = rule.nth;
  if (rule.probability != 1.0) j["probability"] = rule.probability;
  if (rule.oneShot) j["oneShot"] = true;
  // Only the effects set, so that the server's "exactly one effect" check sees what was meant.
  if (!rule.fault.empty()) j["fault"] = rule.fault;
  if (rule.httpStatus != 0) j["status"] = rule.httpStatus;
  if (rule.delayMax) {
    j["delayMillis"] = json::array({rule.delay.value_or(std::chrono::milliseconds(0)).count(), rule.delayMax->count()});
  } else if (rule.delay) {
    j["delayMillis"] = rule.delay->count();
  }
  if (rule.drop) j["drop"] = true;
  if (rule.loseAnswer) j["loseAnswer"] = true;
  return j;
}

InstalledFault installedFault(const json& j) {
  InstalledFault out;
  FaultRule& rule = out.rule;
  out.id = j.at("id").get<uint64_t>();
  out.matched = j.at("matched").get<uint64_t>();
  out.fired = j.at("fired").get<uint64_t>();
  rule.oneShot = j.at("oneShot").get<bool>();
  rule.action = j.value("action", "");
  rule.className = j.value("class", "");
  rule.method = j.value("method", "");
  rule.selectors = j.value("selectors", std::map<std::string, std::string>());
  rule.nth = j.value("nth", uint64_t{0});
  rule.probability = j.value("probability", 1.0);
  rule.fault = j.value("fault", "");
  rule.httpStatus = j.value("status", 0);
  if (j.contains("delayMillis")) {  // always [min, max] in a listing
    rule.delay = std::chrono::milliseconds(j["delayMillis"][0].get<int64_t>());
    const std::chrono::milliseconds max(j["delayMillis"][1].get<int64_t>());
    if (max != *rule.delay) rule.delayMax = max;
  }
  rule.drop = j.value("drop", false);
  rule.loseAnswer = j.value("loseAnswer", false);
  return out;
}

}  // namespace

std::uint64_t Double::addFault(const FaultRule& rule) { return addFault(ruleJson(rule).dump()); }

std::uint64_t Double::addFault(const std::string& json) {
  return impl_->call("POST", "faults", json)["id"].get<std::uint64_t>();
}

std::vector<InstalledFault> Double::faults() const {
  std::vector<InstalledFault> rules;
  const json listing = impl_->call("GET", "faults");  // kept: a range-for over a temporary's member dangles
  for (const json& j : listing["rules"]) rules.push_back(installedFault(j));
  return rules;
}

void Double::removeFault(std::uint64_t id) { impl_->call("POST", "faults/remove", json{{"id", id}}.dump()); }

void Double::clearFaults() { impl_->call("POST", "faults/clear"); }

}  // namespace cimdouble
