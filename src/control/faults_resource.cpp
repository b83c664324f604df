// GET faults, POST faults, faults/remove, faults/clear: the fault rules.
#include "control/control_plane.h"
#include "control/control_reply.h"
#include "control/match_names.h"

namespace cimdouble::control {
namespace {


json ruleJson(const FaultRule& r) {
  json j{{"id", r.id}, {"oneShot", r.oneShot}, {"matched", r.matched}, {"fired", r.fired}};
  if (!r.node.empty()) j["node"] = r.node;
  if (!r.action.empty()) j["action"] = r.action;
  if (!r.className.empty()) j["class"] = r.className;
  if (!r.method.empty()) j["method"] = r.method;
  if (!r.selectors.empty()) j["selectors"] = r.selectors;
  if (r.nth) j["nth"] = r.nth;
  if (r.probability < 1.0) j["probability"] = r.probability;
  switch (r.effect) {
    case InjectedEffect::Delay: j["delayMillis"] = json::array({r.delayMinMillis, r.delayMaxMillis}); break;
    case InjectedEffect::HttpStatus: j["status"] = r.httpStatus; break;
    case InjectedEffect::Fault: j["fault"] = r.faultName; break;
    case InjectedEffect::DropConnection: j["drop"] = true; break;
    case InjectedEffect::LoseAnswer: j["loseAnswer"] = true; break;
    case InjectedEffect::CimError: j["cimError"] = json{{"code", r.cimStatus}, {"description", r.cimDescription}}; break;
  }
  return j;
}

// A rule from its JSON form; an error message when it is not one. Its action, class and
// method must be names the server has, or the rule could never fire.
std::string parseRule(const json& j, const cimom::ClassRepository& repository, FaultRule& rule) {
  if (!j.is_object()) return "a rule is a JSON object";
  int effects = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "node" || key == "action" || key == "class" || key == "method") {
      if (!v.is_string()) return key + " must be a string";
      (key == "node"     ? rule.node
       : key == "action" ? rule.action
       : key == "class"  ? rule.className
                         : rule.method) = v.get<std::string>();
    } else if (key == "selectors") {
      if (!v.is_object()) return "selectors must be an object of strings";
      for (auto s = v.begin(); s != v.end(); ++s) {
        if (!s.value().is_string()) return "selectors." + s.key() + " must be a string";
        rule.selectors[s.key()] = s.value().get<std::string>();
      }
    } else if (key == "nth") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() == 0) return "nth must be a whole number from 1";
      rule.nth = v.get<uint64_t>();
    } else if (key == "probability") {
      if (!v.is_number() || v.get<double>() <= 0 || v.get<double>() > 1) return "probability must be in (0, 1]";
      rule.probability = v.get<double>();
    } else if (key == "oneShot") {
      if (!v.is_boolean()) return "oneShot must be true or false";
      rule.oneShot = v.get<bool>();
    } else if (key == "delayMillis") {
      ++effects;
      rule.effect = InjectedEffect::Delay;
      if (v.is_number_unsigned()) {
        rule.delayMinMillis = rule.delayMaxMillis = v.get<int64_t>();
      } else if (v.is_array() && v.size() == 2 && v[0].is_number_unsigned() && v[1].is_number_unsigned() &&
                 v[0].get<int64_t>() <= v[1].get<int64_t>()) {
        rule.delayMinMillis = v[0].get<int64_t>();
        rule.delayMaxMillis = v[1].get<int64_t>();
      } else {
        return "delayMillis is a number of milliseconds or [min, max]";
      }
      if (rule.delayMaxMillis > 600000) return "delayMillis is at most 600000";
    } else if (key == "status") {
      ++effects;
      rule.effect = InjectedEffect::HttpStatus;
      if (!v.is_number_integer() || v.get<int>() < 100 || v.get<int>() > 599) return "status must be an HTTP status";
      rule.httpStatus = v.get<int>();
    } else if (key == "fault") {
      ++effects;
      rule.effect = InjectedEffect::Fault;
      auto fault = v.is_string() ? faultByName(v.get<std::string>()) : std::nullopt;
      if (!fault) return "fault must name a WS-Management fault, e.g. \"w:TimedOut\"";
      rule.fault = *fault;
      rule.faultName = v.get<std::string>();
    } else if (key == "cimError") {
      // DSP0200's ERROR element: {"code": 4, "description": "..."}; codes as §2.5 lists them.
      ++effects;
      rule.effect = InjectedEffect::CimError;
      if (!v.is_object() || !v.contains("code") || !v["code"].is_number_unsigned() || v["code"].get<uint64_t>() < 1 ||
          v["code"].get<uint64_t>() > 28) {
        return "cimError is {\"code\": 1..28, \"description\": \"...\"} (DSP0200's CIM_ERR_* codes)";
      }
      for (auto f = v.begin(); f != v.end(); ++f) {
        if (f.key() != "code" && f.key() != "description") return "cimError: unknown field '" + f.key() + "'";
      }
      if (v.contains("description") && !v["description"].is_string()) return "cimError.description must be a string";
      rule.cimStatus = static_cast<uint16_t>(v["code"].get<uint64_t>());
      rule.cimDescription = v.value("description", std::string());
    } else if (key == "drop" || key == "loseAnswer") {
      ++effects;
      if (!v.is_boolean() || !v.get<bool>()) return key + " must be true";
      rule.effect = key == "drop" ? InjectedEffect::DropConnection : InjectedEffect::LoseAnswer;
    } else {
      return "unknown field '" + key + "'";
    }
  }
  if (effects != 1) return "a rule has exactly one effect: delayMillis, status, fault, cimError, drop or loseAnswer";
  if (rule.effect == InjectedEffect::CimError && !isCimXmlAction(rule.action)) {
    return "cimError is CIM-XML's: the rule's action is cimxml:<method> (cimxml:GetInstance, cimxml:CreateGroupReplica, ...)";
  }
  if (rule.effect == InjectedEffect::Fault && isCimXmlAction(rule.action)) {
    return "a CIM-XML request answers errors, not WS-Management faults: use cimError";
  }
  if (!rule.action.empty()) {
    if (std::string problem = checkActionName(rule.action, false); !problem.empty()) return problem;
  }
  if (!rule.className.empty()) {
    if (std::string problem = checkClassName(repository, rule.className); !problem.empty()) return problem;
  }
  if (!rule.method.empty()) {
    if (std::string problem = checkMethodName(repository, rule.className, rule.method); !problem.empty()) return problem;
  }
  return {};
}

}  // namespace

ControlReply ControlPlane::faults(const Call& call) {
  const std::string& method = call.method;
  const std::string& route = call.route;
  const std::string& body = call.body;
  FaultInjector& injector = targets_.faults;
  if (route == "faults" && method == "GET") {
    json list = json::array();
    for (const FaultRule& r : injector.list()) list.push_back(ruleJson(r));
    return reply(200, json{{"rules", list}});
  }
  if (route == "faults" && method == "POST") {
    json request = json::parse(body, nullptr, false);
    if (request.is_discarded()) return error(400, "the body must be JSON");
    FaultRule rule;
    const std::string problem = parseRule(request, targets_.store.repository(), rule);
    if (!problem.empty()) return error(400, problem);
    const uint64_t id = injector.add(std::move(rule));
    if (id == 0) {
      return error(409, "at most " + std::to_string(kMaxFaultRules) + " fault rules; remove some (POST faults/remove, faults/clear)");
    }
    return reply(200, json{{"id", id}});
  }
  if (route == "faults/remove" && method == "POST") {
    json request = json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.contains("id") || !request["id"].is_number_unsigned()) {
      return error(400, "faults/remove takes {\"id\": N}");
    }
    if (!injector.remove(request["id"].get<uint64_t>())) return error(404, "no fault rule " + request["id"].dump());
    return reply(200, json{{"removed", request["id"]}});
  }
  if (route == "faults/clear" && method == "POST") {
    injector.clear();
    return reply(200, json{{"cleared", true}});
  }
  return notFound(call);
}

}  // namespace cimdouble::control
