// GET and POST clock: the job clock, paused, moved, set or scaled.
#include "control/control_plane.h"
#include "control/control_reply.h"
#include "cimom/datetime.h"

namespace cimdouble::control {
namespace {

// The clock stays where a CIM datetime can say the time (DSP0004 §5.2.4: years 0000-9999),
// so a move past it is refused instead of wrapping int64 into year -34946.
int64_t lastCimMicros() {
  static const int64_t last = cimom::DateTime::parseXsDateTime("9999-12-31T23:59:59.999999Z")->micros();
  return last;
}
constexpr double kMaxAdvanceSeconds = 1e12;  // beyond any CIM datetime; keeps the double's cast defined
constexpr double kMaxScale = 1e6;

}  // namespace

ControlReply ControlPlane::clock(const Call& call) {
  if (call.route != "clock") return notFound(call);
  time::RealClock& clock = targets_.clock;
  if (call.method == "POST") {
    json request = json::parse(call.body, nullptr, false);
    if (request.is_discarded() || !request.is_object()) return error(400, "the body must be a JSON object");
    for (auto it = request.begin(); it != request.end(); ++it) {
      const std::string& key = it.key();
      const json& v = it.value();
      if (key == "advance") {
        int64_t micros = 0;
        if (v.is_number()) {
          const double seconds = v.get<double>();
          if (!(seconds >= 0)) return error(400, "advance: time does not run backwards");
          if (seconds > kMaxAdvanceSeconds) return error(400, "advance: past 9999-12-31T23:59:59Z, the last time a CIM datetime holds");
          micros = static_cast<int64_t>(seconds * 1e6);
        } else if (v.is_string()) {
          auto d = cimom::DateTime::parseAny(v.get<std::string>());
          if (!d || !d->isInterval()) return error(400, "advance: an xs:duration, a DMTF interval or seconds");
          micros = d->micros();
        } else {
          return error(400, "advance: an xs:duration, a DMTF interval or seconds");
        }
        if (micros < 0) return error(400, "advance: time does not run backwards");
        if (micros > lastCimMicros() - clock.nowMicros()) {
          return error(400, "advance: past 9999-12-31T23:59:59Z, the last time a CIM datetime holds");
        }
        clock.advance(micros);
      } else if (key == "set") {
        if (!v.is_string()) return error(400, "set: an xs:dateTime or DMTF timestamp");
        auto t = cimom::DateTime::parseAny(v.get<std::string>());
        if (!t || !t->isTimestamp() || t->hasWildcards()) return error(400, "set: an xs:dateTime or DMTF timestamp");
        clock.set(t->micros());
      } else if (key == "pause" && v.is_boolean()) {
        v.get<bool>() ? clock.pause() : clock.resume();
      } else if (key == "resume" && v.is_boolean()) {
        v.get<bool>() ? clock.resume() : clock.pause();
      } else if (key == "scale" && v.is_number() && v.get<double>() > 0 && v.get<double>() <= kMaxScale) {
        clock.setScale(v.get<double>());
      } else {
        return error(400, "unknown or malformed clock field '" + key + "'");
      }
    }
    // Jobs catch up with the time at once.
    if (cimom::Status refreshed = targets_.engine.refresh(); !refreshed) {
      return error(500, "the jobs could not be brought up to date: " + refreshed.error().message);
    }
  } else if (call.method != "GET") {
    return error(405, "clock takes GET or POST");
  }
  const int64_t now = clock.nowMicros();
  return reply(200, json{{"now", cimom::DateTime::timestamp(now).toXs()},
                         {"nowDmtf", cimom::DateTime::timestamp(now).toDmtf()},
                         {"paused", clock.paused()},
                         {"scale", clock.scale()}});
}

}  // namespace cimdouble::control
