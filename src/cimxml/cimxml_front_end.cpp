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
  out.drop = reply.drop;
  if (request.extensionNamespace.empty()) {
    out.headers = std::move(reply.headers);
  } else {
    // DSP0200 §4.3, RFC 2774 §4: the answer to an M-POST says Ext and carries its headers in
    // the request's namespace ("73-CIMOperation: MethodResponse").
    out.headers.emplace_back("Ext", "");
    for (auto& [name, value] : reply.headers) out.headers.emplace_back(request.extensionNamespace + "-" + name, value);
  }
  return out;
}

}  // namespace cimdouble::cimxml
