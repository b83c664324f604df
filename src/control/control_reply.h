// What every control-plane resource answers with: JSON bodies and error objects.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

#include "control/control_plane.h"

namespace cimdouble::control {

using nlohmann::json;

inline ControlReply reply(int status, const json& body) { return ControlReply{status, body.dump(2) + "\n", "application/json"}; }
inline ControlReply error(int status, const std::string& message) { return reply(status, json{{"error", message}}); }

// Real time, deliberately not the job clock: uptime, and how long a reset or a load took.
inline int64_t steadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace cimdouble::control
