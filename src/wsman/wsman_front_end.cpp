#include "wsman/wsman_front_end.h"

#include "cimom/case_insensitive.h"

namespace cimdouble::wsman {

bool WsmanFrontEnd::admitsAnonymous(const http::Request& request) const {
  return router_({}).options().unauthenticatedIdentify && cimom::iequals(request.header("WSMANIDENTIFY"), "unauthenticated");
}

http::Reply WsmanFrontEnd::handle(const http::Request& request) {
  HttpExchange exchange;
  exchange.body = request.body;
  exchange.contentType = request.contentType;
  exchange.user = request.user;
  exchange.authenticated = request.authenticated;
  exchange.scheme = request.scheme;
  exchange.sealed = request.sealed;
  exchange.host = std::string(request.header("Host"));
  exchange.userAgent = std::string(request.header("User-Agent"));
  exchange.stopping = request.stopping;
  HttpReply reply = router_(request.user).handle(exchange);
  http::Reply out;
  out.status = reply.status;
  out.body = std::move(reply.body);
  out.closeConnection = reply.closeConnection;
  out.drop = reply.drop;
  return out;
}

}  // namespace cimdouble::wsman
