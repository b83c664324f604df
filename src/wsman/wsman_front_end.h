// WS-Man on the listener: POST /wsman to the WsmanService of the user who sent it.
#pragma once

#include <functional>
#include <string>

#include "http/front_end.h"
#include "wsman/wsman_service.h"

namespace cimdouble::wsman {

// Which service answers an authenticated user ("" for an unauthenticated Identify): one for
// everyone, or one per user (serve --isolate-by-user).
using ServiceRouter = std::function<WsmanService&(const std::string& user)>;

class WsmanFrontEnd : public http::FrontEnd {
 public:
  explicit WsmanFrontEnd(ServiceRouter router) : router_(std::move(router)) {}

  bool takes(std::string_view method) const override { return method == "POST"; }
  // Identify without credentials, when the client says so (MS-WSMV 3.1.4.1.2.1) and the
  // service allows it.
  bool admitsAnonymous(const http::Request& request) const override;
  std::vector<std::string> headers() const override { return {"WSMANIDENTIFY", "Host", "User-Agent"}; }
  http::Reply handle(const http::Request& request) override;

 private:
  ServiceRouter router_;
};

}  // namespace cimdouble::wsman
