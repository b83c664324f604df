#include "cimxml/cimxml_front_end.h"

namespace cimdouble::cimxml {

http::Reply CimXmlFrontEnd::handle(const http::Request& request) {
  CimXmlExchange exchange;
  exchange.body = request.body;
  exchange.contentType = request.contentType;
  exchange.headers.operation = std::string(request.header("CIMOperation"));
  exchange.headers.method = std::string(request.header("CIMMethod"));
  exchange.headers.object = std::string(request.header("CIMObject"));
  exchange.headers.protocolVersion = std::string(request.header("CIMProtocolVersion"));
  exchange.user = request.user;
  exchange.authenticated = request.authenticated;
  exchange.scheme = request.scheme;
  exchange.host = std::string(request.header("Host"));
  exchange.stopping = request.stopping;
  CimXmlReply reply = router_(request.user).handle(exchange);
  http::Reply out;
  out.status = reply.status;
  out.body = std::move(reply.body);
  out.contentType = "application/xml; charset=\"utf-8\"";
  out.headers = std::move(reply.headers);
  out.drop = reply.drop;
  return out;
}

}  // namespace cimdouble::cimxml
