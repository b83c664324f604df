#include "jobs/job_behavior.h"

#include <nlohmann/json.hpp>

#include "cimom/case_insensitive.h"

namespace cimdouble::jobs {
namespace {

JobBehavior defaultFor(const std::string& kind) {
  JobBehavior b;
  if (kind == kLiveMigration) {
    b.durationMicros = 30'000'000;
    b.error = {"Virtual machine migration operation failed at migration source.", "21502", {}, 4, 6, 0, {}, {}, 1};
  } else if (kind == kStorageMigration) {
    b.durationMicros = 60'000'000;
    b.error = {"Virtual machine storage migration operation failed.", "21026", {}, 4, 6, 0, {}, {}, 1};
  } else if (kind == kFullMigration) {
    b.durationMicros = 90'000'000;
    b.error = {"Virtual machine migration operation failed at migration source.", "21502", {}, 4, 6, 0, {}, {}, 1};
  } else if (kind == kExport) {
    b.durationMicros = 45'000'000;
    b.error = {"The export of the collection reference point failed.", "32768", {}, 4, 6, 0, {}, {}, 1};
  } else if (kind == kCreateReferencePoint) {
    b.durationMicros = 5'000'000;
    b.cancellable = false;
    b.error = {"The reference point could not be created.", "32768", {}, 4, 6, 0, {}, {}, 1};
  } else {
    b.durationMicros = 3'000'000;
    b.cancellable = false;
    b.error = {"The reference point could not be destroyed.", "32768", {}, 4, 6, 0, {}, {}, 1};
  }
  return b;
}

bool fieldMatches(const std::string& wanted, const std::string& actual) {
  return wanted.empty() || cimom::iequals(wanted, actual);
}

}  // namespace

BehaviorTable::BehaviorTable() {
  for (const char* kind : {kLiveMigration, kStorageMigration, kFullMigration, kExport, kCreateReferencePoint,
                           kDestroyReferencePoint}) {
    defaults_.emplace_back(kind, defaultFor(kind));
  }
}

void BehaviorTable::setDefault(const std::string& kind, JobBehavior behavior) {
  for (auto& [k, b] : defaults_) {
    if (k == kind) {
      b = std::move(behavior);
      return;
    }
  }
  defaults_.emplace_back(kind, std::move(behavior));
}

void BehaviorTable::addRule(BehaviorRule rule) { rules_.push_back(std::move(rule)); }

JobBehavior BehaviorTable::select(const BehaviorMatch& job) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    const BehaviorMatch& m = it->match;
    // A rule's VM may name the VM by ElementName or GUID; the job carries "name|guid".
    const bool vmMatches = m.vm.empty() || [&] {
      const std::size_t bar = job.vm.find('|');
      return cimom::iequals(m.vm, job.vm.substr(0, bar)) ||
             (bar != std::string::npos && cimom::iequals(m.vm, job.vm.substr(bar + 1)));
    }();
    if (fieldMatches(m.kind, job.kind) && vmMatches && fieldMatches(m.host, job.host) &&
        fieldMatches(m.collection, job.collection) && fieldMatches(m.method, job.method)) {
      return it->behavior;
    }
  }
  for (const auto& [kind, behavior] : defaults_) {
    if (kind == job.kind) return behavior;
  }
  return defaultFor(job.kind);
}

namespace {

using nlohmann::json;

cimom::Status readBehavior(const json& j, JobBehavior& b, const std::string& where) {
  auto fail = [&](const std::string& why) { return cimom::makeError(cimom::CimStatus::InvalidParameter, where + ": " + why); };
  if (!j.is_object()) return fail("a behaviour is a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "kind" || key == "vm" || key == "host" || key == "collection" || key == "method") continue;
    if (key == "durationSeconds") {
      if (!v.is_number() || v.get<double>() < 0) return fail("durationSeconds must be a number >= 0");
      b.durationMicros = static_cast<int64_t>(v.get<double>() * 1e6);
    } else if (key == "failAtPercent" || key == "stallAtPercent") {
      if (!v.is_number_integer() || v.get<int>() < 0 || v.get<int>() > 100) return fail(key + " must be 0..100");
      (key == "failAtPercent" ? b.failAtPercent : b.stallAtPercent) = static_cast<uint16_t>(v.get<int>());
    } else if (key == "failState") {
      const std::string s = v.is_string() ? v.get<std::string>() : "";
      if (s == "Exception") b.failState = JobState::Exception;
      else if (s == "Killed") b.failState = JobState::Killed;
      else if (s == "Terminated") b.failState = JobState::Terminated;
      else return fail("failState must be Exception, Killed or Terminated");
    } else if (key == "errorCode") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 65535) return fail("errorCode must be a uint16");
      b.errorCode = static_cast<uint16_t>(v.get<int>());
    } else if (key == "errorDescription") {
      if (!v.is_string()) return fail("errorDescription must be a string");
      b.errorDescription = v.get<std::string>();
    } else if (key == "cancellable") {
      if (!v.is_boolean()) return fail("cancellable must be true or false");
      b.cancellable = v.get<bool>();
    } else if (key == "error") {
      if (!v.is_object()) return fail("error must be an object");
      ErrorTemplate& e = b.error;
      try {
        if (v.contains("message")) e.message = v.at("message").get<std::string>();
        if (v.contains("messageId")) e.messageId = v.at("messageId").get<std::string>();
        if (v.contains("messageArguments")) e.messageArguments = v.at("messageArguments").get<std::vector<std::string>>();
        if (v.contains("errorType")) e.errorType = v.at("errorType").get<uint16_t>();
        if (v.contains("perceivedSeverity")) e.perceivedSeverity = v.at("perceivedSeverity").get<uint16_t>();
        if (v.contains("probableCause")) e.probableCause = v.at("probableCause").get<uint16_t>();
        if (v.contains("probableCauseDescription")) e.probableCauseDescription = v.at("probableCauseDescription").get<std::string>();
        if (v.contains("recommendedActions")) e.recommendedActions = v.at("recommendedActions").get<std::vector<std::string>>();
        if (v.contains("cimStatusCode")) e.cimStatusCode = v.at("cimStatusCode").get<uint32_t>();
      } catch (const json::exception& ex) {
        return fail(std::string("error: ") + ex.what());
      }
    } else {
      return fail("unknown field '" + key + "'");
    }
  }
  return cimom::okStatus();
}

}  // namespace

cimom::Result<BehaviorTable> BehaviorTable::fromJson(const std::string& text) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return cimom::makeError(cimom::CimStatus::InvalidParameter, "not a JSON object");
  }
  BehaviorTable table;
  if (root.contains("defaults")) {
    for (auto it = root["defaults"].begin(); it != root["defaults"].end(); ++it) {
      JobBehavior b = table.select({it.key(), {}, {}, {}, {}});
      auto ok = readBehavior(it.value(), b, "defaults." + it.key());
      if (!ok) return ok.error();
      table.setDefault(it.key(), b);
    }
  }
  if (root.contains("rules")) {
    if (!root["rules"].is_array()) return cimom::makeError(cimom::CimStatus::InvalidParameter, "rules must be an array");
    std::size_t index = 0;
    for (const json& r : root["rules"]) {
      const std::string where = "rules[" + std::to_string(index++) + "]";
      if (!r.is_object() || !r.contains("kind") || !r["kind"].is_string()) {
        return cimom::makeError(cimom::CimStatus::InvalidParameter, where + ": a rule needs a \"kind\"");
      }
      BehaviorRule rule;
      rule.match.kind = r["kind"].get<std::string>();
      for (const char* field : {"vm", "host", "collection", "method"}) {
        if (r.contains(field)) {
          if (!r[field].is_string()) return cimom::makeError(cimom::CimStatus::InvalidParameter, where + ": " + field + " must be a string");
          (field == std::string("vm") ? rule.match.vm : field == std::string("host") ? rule.match.host
                                                      : field == std::string("collection") ? rule.match.collection
                                                                                           : rule.match.method) = r[field].get<std::string>();
        }
      }
      rule.behavior = table.select({rule.match.kind, {}, {}, {}, {}});
      auto ok = readBehavior(r, rule.behavior, where);
      if (!ok) return ok.error();
      table.addRule(std::move(rule));
    }
  }
  return table;
}

}  // namespace cimdouble::jobs
