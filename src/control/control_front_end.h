// The control plane on the listener: GET and POST under /cimdouble/v1/, with the same
// credentials as WS-Man, to the control plane of the user who sent it (their own sandbox
// under --isolate-by-user). One call needs no credentials: GET /cimdouble/v1/ready, the
// readiness probe (an orchestrator's or a harness's), which says only that it serves.
#pragma once

#include <functional>
#include <string>

#include "control/control_plane.h"
#include "http/front_end.h"

namespace cimdouble::control {

inline constexpr const char* kControlPrefix = "/cimdouble/v1/";

// Which control plane answers an authenticated user.
using ControlRouter = std::function<ControlPlane&(const std::string& user)>;

class ControlFrontEnd : public http::FrontEnd {
 public:
  explicit ControlFrontEnd(ControlRouter router) : router_(std::move(router)) {}

  bool takes(std::string_view method) const override { return method == "GET" || method == "POST"; }
  bool admitsAnonymous(const http::Request& request) const override;
  http::Reply handle(const http::Request& request) override;

 private:
  ControlRouter router_;
};

}  // namespace cimdouble::control
