// The control plane: JSON over HTTP under /cimdouble/v1/, on the WS-Man listeners, with the
// same credentials. What a test uses to steer the double:
//
//   GET  health            ready, uptime, counts
//   GET  metrics           Prometheus text
//   GET  clock             the job clock; POST clock {"advance": "PT5M"|seconds, "set": "...Z",
//                          "pause": true, "resume": true, "scale": N}
//   GET  jobs              every job the engine knows, with its history
//   POST reset             back to the loaded fixture (store, jobs, enumerations, journal)
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
#include <string>

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

class ControlPlane {
 public:
  ControlPlane(WsmanService& service, cimom::InstanceStore& store, jobs::JobEngine& engine, jobs::RealClock& clock);

  // The state `reset` returns to: call once the fixture is loaded.
  void captureBaseline();
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
  int64_t startedMicros_;  // wall-clock start, for uptime (not the job clock)
};

}  // namespace cimdouble::wsman
