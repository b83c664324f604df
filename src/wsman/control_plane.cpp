#include "wsman/control_plane.h"

#include <nlohmann/json.hpp>

#include <chrono>

#include "cimom/datetime.h"

namespace cimdouble::wsman {
namespace {

using nlohmann::json;

int64_t steadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

ControlReply reply(int status, const json& body) { return ControlReply{status, body.dump(2) + "\n", "application/json"}; }
ControlReply error(int status, const std::string& message) { return reply(status, json{{"error", message}}); }

std::string percentDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

json entryJson(const JournalEntry& e) {
  return json{{"sequence", e.sequence},
              {"time", cimom::DateTime::timestamp(e.micros).toXs()},
              {"user", e.user},
              {"action", e.action},
              {"resourceUri", e.resourceUri},
              {"namespace", e.nameSpace},
              {"class", e.className},
              {"method", e.method},
              {"selectors", e.selectors},
              {"parameters", e.parameters},
              {"filterDialect", e.filterDialect},
              {"filter", e.filter},
              {"status", e.httpStatus},
              {"fault", e.fault}};
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      out.emplace_back(percentDecode(pair.substr(0, eq)),
                       eq == std::string::npos ? std::string() : percentDecode(pair.substr(eq + 1)));
    }
    start = end + 1;
  }
  return out;
}

ControlPlane::ControlPlane(WsmanService& service, cimom::InstanceStore& store, jobs::JobEngine& engine,
                           jobs::RealClock& clock)
    : service_(service), store_(store), engine_(engine), clock_(clock), startedMicros_(steadyMicros()) {}

ControlReply ControlPlane::handle(const std::string& method, const std::string& path, const std::string& body) {
  const std::size_t q = path.find('?');
  const std::string route = path.substr(0, q);
  const std::string query = q == std::string::npos ? std::string() : path.substr(q + 1);
  if (route == "health" && method == "GET") return health();
  if (route == "metrics" && method == "GET") {
    std::string text = service_.metrics().render();
    text += "# HELP cimdouble_live_jobs Jobs the engine knows that have not finished.\n# TYPE cimdouble_live_jobs gauge\n";
    std::size_t live = 0;
    for (const auto& job : engine_.summaries()) live += !jobs::isFinished(job.state);
    text += "cimdouble_live_jobs " + std::to_string(live) + "\n";
    text += "# HELP cimdouble_enumeration_contexts Open WS-Enumeration contexts.\n# TYPE cimdouble_enumeration_contexts gauge\n";
    text += "cimdouble_enumeration_contexts " + std::to_string(service_.enumerations().size()) + "\n";
    return ControlReply{200, text, "text/plain; version=0.0.4"};
  }
  if (route == "clock") return clock(method, body);
  if (route == "jobs" && method == "GET") return jobs();
  if (route == "reset" && method == "POST") return reset();
  if (route == "fixture" && fixtureHandler_) return fixtureHandler_(method, query, body);
  if (route == "journal" || route.rfind("journal/", 0) == 0) return journal(method, route, query, body);
  if (route == "faults" || route.rfind("faults/", 0) == 0) return faults(method, route, body);
  return error(404, "no control-plane resource " + method + " /cimdouble/v1/" + route);
}

ControlReply ControlPlane::health() {
  std::size_t live = 0;
  for (const auto& job : engine_.summaries()) live += !jobs::isFinished(job.state);
  return reply(200, json{{"ready", true},
                         {"uptimeSeconds", static_cast<double>(steadyMicros() - startedMicros_) / 1e6},
                         {"instances", store_.size()},
                         {"liveJobs", live},
                         {"enumerationContexts", service_.enumerations().size()},
                         {"journalEntries", service_.journal().size()}});
}

ControlReply ControlPlane::clock(const std::string& method, const std::string& body) {
  if (method == "POST") {
    json request = json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.is_object()) return error(400, "the body must be a JSON object");
    for (auto it = request.begin(); it != request.end(); ++it) {
      const std::string& key = it.key();
      const json& v = it.value();
      if (key == "advance") {
        int64_t micros = 0;
        if (v.is_number()) {
          micros = static_cast<int64_t>(v.get<double>() * 1e6);
        } else if (v.is_string()) {
          auto d = cimom::DateTime::parseAny(v.get<std::string>());
          if (!d || !d->isInterval()) return error(400, "advance: an xs:duration, a DMTF interval or seconds");
          micros = d->micros();
        } else {
          return error(400, "advance: an xs:duration, a DMTF interval or seconds");
        }
        if (micros < 0) return error(400, "advance: time does not run backwards");
        clock_.advance(micros);
      } else if (key == "set") {
        if (!v.is_string()) return error(400, "set: an xs:dateTime or DMTF timestamp");
        auto t = cimom::DateTime::parseAny(v.get<std::string>());
        if (!t || !t->isTimestamp() || t->hasWildcards()) return error(400, "set: an xs:dateTime or DMTF timestamp");
        clock_.set(t->micros());
      } else if (key == "pause" && v.is_boolean()) {
        v.get<bool>() ? clock_.pause() : clock_.resume();
      } else if (key == "resume" && v.is_boolean()) {
        v.get<bool>() ? clock_.resume() : clock_.pause();
      } else if (key == "scale" && v.is_number() && v.get<double>() > 0) {
        clock_.setScale(v.get<double>());
      } else {
        return error(400, "unknown or malformed clock field '" + key + "'");
      }
    }
    engine_.refresh();  // jobs catch up with the new time at once
  } else if (method != "GET") {
    return error(405, "clock takes GET or POST");
  }
  const int64_t now = clock_.nowMicros();
  return reply(200, json{{"now", cimom::DateTime::timestamp(now).toXs()},
                         {"nowDmtf", cimom::DateTime::timestamp(now).toDmtf()},
                         {"paused", clock_.paused()},
                         {"scale", clock_.scale()}});
}

ControlReply ControlPlane::jobs() {
  engine_.refresh();
  json list = json::array();
  for (const auto& job : engine_.summaries()) {
    json history = json::array();
    for (const auto& h : job.history) {
      history.push_back({{"time", cimom::DateTime::timestamp(h.micros).toXs()},
                         {"state", jobs::jobStateName(h.state)},
                         {"percent", h.percent},
                         {"message", h.message}});
    }
    const cimom::Value* id = job.path.key("InstanceID");
    list.push_back({{"class", job.path.className()},
                    {"namespace", job.path.nameSpace()},
                    {"instanceId", id && !id->isNull() ? id->asString() : ""},
                    {"state", jobs::jobStateName(job.state)},
                    {"jobState", static_cast<int>(job.state)},
                    {"percent", job.percent},
                    {"staged", job.staged},
                    {"history", history}});
  }
  return reply(200, json{{"jobs", list}});
}

ControlReply ControlPlane::reset() {
  const int64_t started = steadyMicros();
  if (baseline_) store_.restore(*baseline_);
  engine_.reset();
  service_.enumerations().clear();
  service_.journal().clear();
  service_.faults().clear();
  return reply(200, json{{"reset", true}, {"milliseconds", static_cast<double>(steadyMicros() - started) / 1000.0}});
}

namespace {

json ruleJson(const FaultRule& r) {
  json j{{"id", r.id}, {"oneShot", r.oneShot}, {"matched", r.matched}, {"fired", r.fired}};
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
  }
  return j;
}

// A rule from its JSON form; an error message when it is not one.
std::string parseRule(const json& j, FaultRule& rule) {
  if (!j.is_object()) return "a rule is a JSON object";
  int effects = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "action" || key == "class" || key == "method") {
      if (!v.is_string()) return key + " must be a string";
      (key == "action" ? rule.action : key == "class" ? rule.className : rule.method) = v.get<std::string>();
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
    } else if (key == "drop" || key == "loseAnswer") {
      ++effects;
      if (!v.is_boolean() || !v.get<bool>()) return key + " must be true";
      rule.effect = key == "drop" ? InjectedEffect::DropConnection : InjectedEffect::LoseAnswer;
    } else {
      return "unknown field '" + key + "'";
    }
  }
  if (effects != 1) return "a rule has exactly one effect: delayMillis, status, fault, drop or loseAnswer";
  return {};
}

}  // namespace

ControlReply ControlPlane::faults(const std::string& method, const std::string& route, const std::string& body) {
  FaultInjector& injector = service_.faults();
  if (route == "faults" && method == "GET") {
    json list = json::array();
    for (const FaultRule& r : injector.list()) list.push_back(ruleJson(r));
    return reply(200, json{{"rules", list}});
  }
  if (route == "faults" && method == "POST") {
    json request = json::parse(body, nullptr, false);
    if (request.is_discarded()) return error(400, "the body must be JSON");
    FaultRule rule;
    const std::string problem = parseRule(request, rule);
    if (!problem.empty()) return error(400, problem);
    return reply(200, json{{"id", injector.add(std::move(rule))}});
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
  return error(404, "no control-plane resource " + method + " /cimdouble/v1/" + route);
}

ControlReply ControlPlane::journal(const std::string& method, const std::string& route, const std::string& query,
                                   const std::string& body) {
  Journal& journal = service_.journal();
  if (route == "journal/clear" && method == "POST") {
    journal.clear();
    return reply(200, json{{"cleared", true}});
  }
  if (route == "journal" && method == "POST") {
    json request = json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.contains("enabled") || !request["enabled"].is_boolean()) {
      return error(400, "POST journal takes {\"enabled\": true|false}");
    }
    journal.setEnabled(request["enabled"].get<bool>());
    return reply(200, json{{"enabled", journal.enabled()}});
  }
  JournalQuery q;
  static const char* kFields[] = {"user", "action", "resourceUri", "namespace", "class", "method", "filter", "fault"};
  if (route == "journal" && method == "GET") {
    for (const auto& [key, value] : parseQuery(query)) {
      bool known = false;
      for (const char* f : kFields) known = known || key == f;
      if (!known) return error(400, "unknown journal field '" + key + "'");
      q.fields[key] = value;
    }
    json list = json::array();
    for (const JournalEntry& e : journal.find(q)) list.push_back(entryJson(e));
    return reply(200, json{{"entries", list}});
  }
  if (route == "journal/verify" && method == "POST") {
    json request = json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.is_object()) return error(400, "the body must be a JSON object");
    for (auto it = request.begin(); it != request.end(); ++it) {
      if (it.key() == "selectors" || it.key() == "parameters") {
        if (!it.value().is_object()) return error(400, it.key() + " must be an object of strings");
        for (auto kv = it.value().begin(); kv != it.value().end(); ++kv) {
          if (!kv.value().is_string()) return error(400, it.key() + "." + kv.key() + " must be a string");
          (it.key() == "selectors" ? q.selectors : q.parameters)[kv.key()] = kv.value().get<std::string>();
        }
        continue;
      }
      bool known = false;
      for (const char* f : kFields) known = known || it.key() == f;
      if (!known || !it.value().is_string()) return error(400, "unknown or non-string journal field '" + it.key() + "'");
      q.fields[it.key()] = it.value().get<std::string>();
    }
    const auto matches = journal.find(q);
    json result{{"count", matches.size()}};
    if (matches.empty()) {
      json misses = json::array();
      for (const NearMiss& miss : journal.nearMisses(q)) {
        misses.push_back({{"request", entryJson(miss.entry)}, {"differences", miss.differences}});
      }
      result["nearMisses"] = misses;
    }
    return reply(200, result);
  }
  return error(404, "no control-plane resource " + method + " /cimdouble/v1/" + route);
}

}  // namespace cimdouble::wsman
