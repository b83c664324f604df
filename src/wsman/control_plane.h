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
#pragma once

#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cimom/instance_store.h"
#include "jobs/clock.h"
#include "jobs/job_engine.h"
#include "wsman/wsman_service.h"

namespace cimdouble::wsman {

struct ControlReply {
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
};

// "a=1&b=x%20y" -> {{"a", "1"}, {"b", "x y"}}, in order.
std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query);

class ControlPlane {
 public:
  // Answers GET/POST fixture; fixtures are the app layer's business (YAML, files).
  using FixtureHandler =
      std::function<ControlReply(const std::string& method, const std::string& query, const std::string& body)>;

  ControlPlane(WsmanService& service, cimom::InstanceStore& store, jobs::JobEngine& engine, jobs::RealClock& clock);

  // The state `reset` returns to: the loaded fixture's instances.
  void setBaseline(std::shared_ptr<const cimom::InstanceStore::Snapshot> baseline) { baseline_ = std::move(baseline); }
  void setFixtureHandler(FixtureHandler handler) { fixtureHandler_ = std::move(handler); }
  // `path` is what follows /cimdouble/v1/, with its query string.
  ControlReply handle(const std::string& method, const std::string& path, const std::string& body);

 private:
  ControlReply health();
  ControlReply clock(const std::string& method, const std::string& body);
  ControlReply jobs();
  ControlReply reset();
  ControlReply faults(const std::string& method, const std::string& route, const std::string& body);
  ControlReply journal(const std::string& method, const std::string& route, const std::string& query,
                       const std::string& body);

  WsmanService& service_;
  cimom::InstanceStore& store_;
  jobs::JobEngine& engine_;
  jobs::RealClock& clock_;
  std::shared_ptr<const cimom::InstanceStore::Snapshot> baseline_;
  FixtureHandler fixtureHandler_;
  int64_t startedMicros_;  // wall-clock start, for uptime (not the job clock)
};

}  // namespace cimdouble::wsman
