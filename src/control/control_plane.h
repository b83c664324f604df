// The control plane: JSON over HTTP under /cimdouble/v1/, on the WS-Man listeners, with the
// same credentials. What a test uses to steer the double:
//
//   GET  health            ready, uptime, counts
//   GET  metrics           Prometheus text
//   GET  clock             the job clock; POST clock {"advance": "PT5M"|seconds, "set": "...Z",
//                          "pause": true, "resume": true, "scale": N}
//   GET  jobs              every job the engine knows, with its history
//   POST reset             back to the loaded fixture (store, jobs, enumerations, journal)
//   GET  fixture           the loaded fixture; POST fixture?mode=replace|merge with a YAML/JSON
//                          body (or ?path=FILE on the server) loads one (app/sandbox.cpp)
//   GET  journal?action=Invoke&class=...&method=...   the requests received
//   POST journal/verify    {"action": ..., "selectors": {...}, "parameters": {...}} -> count,
//                          and the nearest misses with what differed when none matched
//   POST journal/clear     POST journal {"enabled": false}
//   GET  faults            the fault rules; POST faults {"action": "Pull", "nth": 2, "oneShot": true,
//                          "fault": "w:TimedOut"} -> {"id": N}; effects: "delayMillis": n | [min, max],
//                          "status": 503, "fault": name, "drop": true, "loseAnswer": true;
//                          POST faults/remove {"id": N}; POST faults/clear
//   GET  enumerations      open WS-Enumeration contexts; POST enumerations/expire ends them all
#pragma once

#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cimom/instance_store.h"
#include "control/fault_injection.h"
#include "control/journal.h"
#include "control/metrics.h"
#include "jobs/job_engine.h"
#include "time/clock.h"
#include "wsman/enumeration_contexts.h"

namespace cimdouble::control {

struct ControlReply {
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
};

// "a=1&b=x%20y" -> {{"a", "1"}, {"b", "x y"}}, in order.
std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query);

// What the control plane steers: one sandbox's parts, owned by the sandbox.
struct ControlTargets {
  cimom::InstanceStore& store;
  jobs::JobEngine& engine;
  time::RealClock& clock;
  wsman::EnumerationContexts& enumerations;
  Journal& journal;
  FaultInjector& faults;
  const Metrics& metrics;
};

class ControlPlane {
 public:
  // Answers GET/POST fixture; fixtures are the app layer's business (YAML, files).
  using FixtureHandler =
      std::function<ControlReply(const std::string& method, const std::string& query, const std::string& body)>;
  // Returns the sandbox to its loaded fixture (under the lock its fixture loads take).
  using ResetHandler = std::function<void()>;

  ControlPlane(ControlTargets targets, ResetHandler reset, FixtureHandler fixture);

  // `path` is what follows /cimdouble/v1/, with its query string.
  ControlReply handle(const std::string& method, const std::string& path, const std::string& body);

 private:
  struct Call {
    const std::string& method;
    const std::string& route;  // the path without its query: "clock", "journal/verify"
    const std::string& query;
    const std::string& body;
  };
  // One resource each, in a file of its own (control_plane.cpp routes to them).
  ControlReply health(const Call& call);   // status_resource.cpp
  ControlReply metrics(const Call& call);  // status_resource.cpp
  ControlReply clock(const Call& call);    // clock_resource.cpp
  ControlReply jobs(const Call& call);     // jobs_resource.cpp
  ControlReply reset(const Call& call);
  ControlReply fixture(const Call& call);
  ControlReply faults(const Call& call);   // faults_resource.cpp
  ControlReply journal(const Call& call);  // journal_resource.cpp
  ControlReply enumerations(const Call& call);  // enumerations_resource.cpp
  ControlReply notFound(const Call& call);

  ControlTargets targets_;
  ResetHandler resetHandler_;
  FixtureHandler fixtureHandler_;
  int64_t startedMicros_;  // wall-clock start, for uptime (not the job clock)
};

}  // namespace cimdouble::control
