#include "control/control_front_end.h"

#include <cstring>

namespace cimdouble::control {

http::Reply ControlFrontEnd::handle(const http::Request& request) {
  const std::string path(request.path.substr(std::strlen(kControlPrefix)));
  ControlReply reply = router_(request.user).handle(std::string(request.method), path, std::string(request.body));
  http::Reply out;
  out.status = reply.status;
  out.body = std::move(reply.body);
  out.contentType = std::move(reply.contentType);
  return out;
}

}  // namespace cimdouble::control
