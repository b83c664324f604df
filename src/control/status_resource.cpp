// GET health and GET metrics: is the double up, and what it has served.
#include "control/control_plane.h"
#include "control/control_reply.h"

namespace cimdouble::control {

namespace {

std::size_t liveJobs(jobs::JobEngine& engine) {
  std::size_t live = 0;
  for (const auto& job : engine.summaries()) live += !jobs::isFinished(job.state);
  return live;
}

}  // namespace

ControlReply ControlPlane::health(const Call& call) {
  if (call.method != "GET" || call.route != "health") return notFound(call);
  return reply(200, json{{"ready", true},
                         {"uptimeSeconds", static_cast<double>(steadyMicros() - startedMicros_) / 1e6},
                         {"instances", targets_.store.size()},
                         {"liveJobs", liveJobs(targets_.engine)},
                         {"enumerationContexts", targets_.enumerations.size()},
                         {"journalEntries", targets_.journal.size()}});
}

ControlReply ControlPlane::metrics(const Call& call) {
  if (call.method != "GET" || call.route != "metrics") return notFound(call);
  std::string text = targets_.metrics.render();
  text += "# HELP cimdouble_live_jobs Jobs the engine knows that have not finished.\n# TYPE cimdouble_live_jobs gauge\n";
  text += "cimdouble_live_jobs " + std::to_string(liveJobs(targets_.engine)) + "\n";
  text += "# HELP cimdouble_enumeration_contexts Open WS-Enumeration contexts.\n# TYPE cimdouble_enumeration_contexts gauge\n";
  text += "cimdouble_enumeration_contexts " + std::to_string(targets_.enumerations.size()) + "\n";
  return ControlReply{200, text, "text/plain; version=0.0.4"};
}

}  // namespace cimdouble::control
