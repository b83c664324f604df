// GET journal, POST journal, journal/verify, journal/clear: the requests received.
#include "control/control_plane.h"
#include "control/control_reply.h"
#include "control/match_names.h"
#include "cimom/datetime.h"

namespace cimdouble::control {
namespace {

json entryJson(const JournalEntry& e) {
  return json{{"sequence", e.sequence},
              {"time", cimom::DateTime::timestamp(e.micros).toXs()},
              {"user", e.user},
              {"authentication", e.scheme},
              {"encrypted", e.sealed},
              {"node", e.node},  // the cluster node that answered
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

// A query for an action, class or method the server does not have could never match: say so.
std::string checkNames(const JournalQuery& q, const cimom::ClassRepository& repository) {
  const auto field = [&](const char* name) {
    auto it = q.fields.find(name);
    return it == q.fields.end() ? std::string() : it->second;
  };
  if (const std::string action = field("action"); !action.empty()) {
    if (std::string problem = checkActionName(action, true); !problem.empty()) return problem;
  }
  const std::string className = field("class");
  if (!className.empty()) {
    if (std::string problem = checkClassName(repository, className); !problem.empty()) return problem;
  }
  if (const std::string method = field("method"); !method.empty()) {
    return checkMethodName(repository, className, method);
  }
  return {};
}

}  // namespace

ControlReply ControlPlane::journal(const Call& call) {
  const std::string& method = call.method;
  const std::string& route = call.route;
  const std::string& query = call.query;
  const std::string& body = call.body;
  Journal& journal = targets_.journal;
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
  static const char* kFields[] = {"user", "node", "action", "resourceUri", "namespace", "class", "method", "filter", "fault"};
  if (route == "journal" && method == "GET") {
    for (const auto& [key, value] : parseQuery(query)) {
      bool known = false;
      for (const char* f : kFields) known = known || key == f;
      if (!known) return error(400, "unknown journal field '" + key + "'");
      q.fields[key] = value;
    }
    if (std::string problem = checkNames(q, targets_.store.repository()); !problem.empty()) return error(400, problem);
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
    if (std::string problem = checkNames(q, targets_.store.repository()); !problem.empty()) return error(400, problem);
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
  return notFound(call);
}

}  // namespace cimdouble::control
