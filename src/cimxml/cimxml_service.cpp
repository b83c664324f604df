#include "cimxml/cimxml_service.h"

#include "cimom/case_insensitive.h"
#include "cimxml/operations.h"
#include "cimxml/response.h"

namespace cimdouble::cimxml {
namespace {

// DSP0200 §4.1: CIM-XML travels as application/xml or text/xml, in UTF-8.
bool acceptableType(const std::string& contentType) {
  const std::string media = contentType.substr(0, contentType.find(';'));
  std::string trimmed;
  for (char c : media) {
    if (c != ' ' && c != '\t') trimmed += c;
  }
  return trimmed.empty() || cimom::iequals(trimmed, "application/xml") || cimom::iequals(trimmed, "text/xml");
}

// The host part of a Host header ("hv-node1:5988" -> "hv-node1"), for the HOST of the paths
// answers carry.
std::string hostName(const std::string& host) {
  if (!host.empty() && host.front() == '[') return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.rfind(':') == std::string::npos ? host.size() : host.rfind(':'));
}

}  // namespace

CimXmlReply CimXmlService::handle(const CimXmlExchange& exchange) {
  CimXmlReply reply;
  if (!exchange.authenticated) {
    reply.status = 401;
    return reply;
  }
  if (!acceptableType(exchange.contentType)) {
    reply.status = 400;
    reply.headers = {{"CIMError", "request-not-valid"}};
    return reply;
  }
  try {
    const Request request = readRequest(exchange.body, exchange.headers);
    if (beforeEachRequest_) beforeEachRequest_();
    OperationContext ctx{repository_, store_, query_, methods_, nodeResolver_ ? nodeResolver_(exchange.host) : std::string(),
                         hostName(exchange.host)};
    if (!ctx.server.empty()) ctx.host = ctx.server;
    ResponseWriter response(request);
    try {
      if (request.intrinsic) runIntrinsic(ctx, request, response);
      else runExtrinsic(ctx, request, response);
    } catch (const OperationError& error) {
      response.error(error);
    }
    reply.body = response.text();
    reply.headers = {{"CIMOperation", "MethodResponse"}};
  } catch (const ProtocolError& error) {
    reply.status = error.httpStatus;
    reply.headers = {{"CIMError", error.cimError}};
  }
  return reply;
}

}  // namespace cimdouble::cimxml
