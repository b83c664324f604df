// GET enumerations and POST enumerations/expire: the open WS-Enumeration contexts. Their
// lifetime is a network timeout in real time (wsman/enumeration_contexts.h), not the job
// clock, so a test that needs one to expire says so here instead of waiting it out.
#include "control/control_plane.h"
#include "control/control_reply.h"

namespace cimdouble::control {

ControlReply ControlPlane::enumerations(const Call& call) {
  if (call.method == "GET" && call.route == "enumerations") {
    return reply(200, json{{"open", targets_.enumerations.size()}});
  }
  if (call.method == "POST" && call.route == "enumerations/expire") {
    // The next Pull on any of them gets what an expired context gets: wsen:InvalidEnumerationContext.
    const std::size_t open = targets_.enumerations.size();
    targets_.enumerations.clear();
    return reply(200, json{{"expired", open}});
  }
  return notFound(call);
}

}  // namespace cimdouble::control
