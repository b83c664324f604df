// What every control-plane resource answers with: JSON bodies and error objects.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

#include "control/control_plane.h"

namespace cimdouble::control {

using nlohmann::json;

// JSON text of a body. Bodies quote what callers sent (names, filters, fixture text), which
// may not be UTF-8: invalid bytes become U+FFFD rather than an exception mid-answer.
inline std::string jsonText(const json& body) { return body.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }
inline ControlReply reply(int status, const json& body) { return ControlReply{status, jsonText(body), "application/json"}; }
inline ControlReply error(int status, const std::string& message) { return reply(status, json{{"error", message}}); }

// Real time, deliberately not the job clock: uptime, and how long a reset or a load took.
inline int64_t steadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace cimdouble::control
