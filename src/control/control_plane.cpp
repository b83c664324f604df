#include "control/control_plane.h"

#include <cctype>

#include "control/control_reply.h"
#include "http/percent_encoding.h"

namespace cimdouble::control {

std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      out.emplace_back(http::percentDecode(pair.substr(0, eq), true),
                       eq == std::string::npos ? std::string() : http::percentDecode(pair.substr(eq + 1), true));
    }
    start = end + 1;
  }
  return out;
}

ControlPlane::ControlPlane(ControlTargets targets, ResetHandler reset, FixtureHandler fixture)
    : targets_(targets), resetHandler_(std::move(reset)), fixtureHandler_(std::move(fixture)), startedMicros_(steadyMicros()) {}

ControlReply ControlPlane::handle(const std::string& method, const std::string& path, const std::string& body) {
  const std::size_t q = path.find('?');
  const std::string route = path.substr(0, q);
  const std::string query = q == std::string::npos ? std::string() : path.substr(q + 1);
  const Call call{method, route, query, body};
  // Every resource, by the first segment of its route; each answers its own methods.
  using Resource = ControlReply (ControlPlane::*)(const Call&);
  static const std::pair<const char*, Resource> kResources[] = {
      {"health", &ControlPlane::health}, {"metrics", &ControlPlane::metrics}, {"clock", &ControlPlane::clock},
      {"jobs", &ControlPlane::jobs},     {"reset", &ControlPlane::reset},     {"fixture", &ControlPlane::fixture},
      {"journal", &ControlPlane::journal}, {"faults", &ControlPlane::faults},
      {"enumerations", &ControlPlane::enumerations},
  };
  const std::string first = route.substr(0, route.find('/'));
  for (const auto& [name, resource] : kResources) {
    if (first == name) return (this->*resource)(call);
  }
  return notFound(call);
}

ControlReply ControlPlane::notFound(const Call& call) {
  return error(404, "no control-plane resource " + call.method + " /cimdouble/v1/" + call.route);
}

ControlReply ControlPlane::reset(const Call& call) {
  if (call.method != "POST" || call.route != "reset") return notFound(call);
  const int64_t started = steadyMicros();
  resetHandler_();
  return reply(200, json{{"reset", true}, {"milliseconds", static_cast<double>(steadyMicros() - started) / 1000.0}});
}

ControlReply ControlPlane::fixture(const Call& call) {
  if (call.route != "fixture" || !fixtureHandler_) return notFound(call);
  return fixtureHandler_(call.method, call.query, call.body);
}

}  // namespace cimdouble::control
