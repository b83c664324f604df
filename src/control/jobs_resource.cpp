// GET jobs: every job the engine knows, with its state history.
#include "control/control_plane.h"
#include "control/control_reply.h"
#include "cimom/datetime.h"

namespace cimdouble::control {

ControlReply ControlPlane::jobs(const Call& call) {
  if (call.method != "GET" || call.route != "jobs") return notFound(call);
  if (cimom::Status refreshed = targets_.engine.refresh(); !refreshed) {
    return error(500, "the jobs could not be brought up to date: " + refreshed.error().message);
  }
  json list = json::array();
  for (const auto& job : targets_.engine.summaries()) {
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

}  // namespace cimdouble::control
