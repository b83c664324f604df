#include "cimxml/cimxml_service.h"

#include <chrono>

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

// A parameter's text for the record, short: its VALUE, a VALUE.ARRAY's values joined by
// commas, a CLASSNAME's name, or the class of the instance an INSTANCENAME or VALUE.REFERENCE
// names (its first one, for a VALUE.REFARRAY).
std::string parameterText(const xmlNode* parameter) {
  constexpr std::size_t kMaxText = 256;
  std::string text;
  const xmlNode* reference = xml::childElement(parameter, nullptr, "VALUE.REFERENCE");
  if (const xmlNode* refs = xml::childElement(parameter, nullptr, "VALUE.REFARRAY")) {
    reference = xml::childElement(refs, nullptr, "VALUE.REFERENCE");
  }
  if (const xmlNode* cls = xml::childElement(parameter, nullptr, "CLASSNAME")) {
    text = xml::attribute(cls, "NAME");
  } else if (const xmlNode* instanceName = xml::childElement(parameter, nullptr, "INSTANCENAME")) {
    text = xml::attribute(instanceName, "CLASSNAME");
  } else if (const xmlNode* value = xml::childElement(parameter, nullptr, "VALUE")) {
    text = xml::textOf(value);
  } else if (const xmlNode* array = xml::childElement(parameter, nullptr, "VALUE.ARRAY")) {
    for (const xmlNode* v : xml::childElements(array, nullptr, "VALUE")) {
      if (!text.empty()) text += ",";
      text += xml::textOf(v);
      if (text.size() > kMaxText) break;
    }
  } else if (reference) {
    // INSTANCENAME directly, or inside LOCALINSTANCEPATH / INSTANCEPATH.
    const xmlNode* name = xml::childElement(reference, nullptr, "INSTANCENAME");
    for (const char* holder : {"LOCALINSTANCEPATH", "INSTANCEPATH"}) {
      if (const xmlNode* path = xml::childElement(reference, nullptr, holder); path && !name) {
        name = xml::childElement(path, nullptr, "INSTANCENAME");
      }
    }
    if (name) text = xml::attribute(name, "CLASSNAME");
  } else {
    text = xml::textOf(parameter);
  }
  return text.size() > kMaxText ? text.substr(0, kMaxText) + "..." : text;
}

CimXmlReply CimXmlService::handle(const CimXmlExchange& exchange) {
  const auto started = std::chrono::steady_clock::now();
  CimXmlRecord record;
  record.user = exchange.user;
  record.scheme = exchange.scheme;
  CimXmlReply reply = answer(exchange, record);
  record.httpStatus = reply.drop ? 0 : reply.status;  // 0: no answer was sent
  if (observer_) observer_(record, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return reply;
}

CimXmlReply CimXmlService::answer(const CimXmlExchange& exchange, CimXmlRecord& record) {
  CimXmlReply reply;
  if (!exchange.authenticated) {
    reply.status = 401;
    return reply;
  }
  if (!acceptableType(exchange.contentType)) {
    reply.status = 400;
    reply.headers = {{"CIMError", "request-not-valid"}};
    record.error = "request-not-valid: the Content-Type " + exchange.contentType + " is not application/xml or text/xml";
    return reply;
  }
  try {
    const Request request = readRequest(exchange.body, exchange.headers);
    record.method = request.method;
    record.intrinsic = request.intrinsic;
    record.nameSpace = request.nameSpace;
    record.className = request.target.className();
    for (const auto& [name, node] : request.parameters) {
      const std::string text = parameterText(node);
      if (cimom::iequals(name, "ClassName") || (record.className.empty() && cimom::iequals(name, "InstanceName"))) {
        record.className = text;
      }
      record.parameters.emplace_back(name, text);
    }
    // The HOST of answers' paths is the node that answers, else the host the client named; so
    // too in a namespace no node owns (a storage array's root/tpd): the array is that host.
    const std::string node = nodeResolver_ ? nodeResolver_(exchange.host) : std::string();
    const cimom::ClassRepository::InstanceScope scope = repository_.instanceScope(request.nameSpace);
    const bool nodesNamespace = scope.perServer || scope.instancesOf != cimom::canonicalNamespace(request.nameSpace);
    const std::string host = node.empty() || !nodesNamespace ? hostName(exchange.host) : node;
    OperationContext ctx{repository_, store_, query_, methods_, node, host, pulls_};
    record.node = node;
    std::optional<CimXmlIntervention> intervention;
    if (intervention_) intervention = intervention_(record);
    bool loseAnswer = false;
    if (intervention) {
      switch (intervention->kind) {
        case CimXmlIntervention::Kind::Delay:
          if (http::waitOutDelay(exchange.stopping, std::chrono::milliseconds(intervention->delayMillis))) {
            record.error = "injected delay cut short: the server is stopping";
            reply.drop = true;
            return reply;
          }
          break;
        case CimXmlIntervention::Kind::HttpStatus:
          reply.status = intervention->httpStatus;
          record.error = "injected: HTTP " + std::to_string(intervention->httpStatus);
          return reply;
        case CimXmlIntervention::Kind::DropConnection:
          reply.drop = true;
          record.error = "injected: connection dropped";
          return reply;
        case CimXmlIntervention::Kind::LoseAnswer: loseAnswer = true; break;
        case CimXmlIntervention::Kind::CimError: break;
      }
    }
    if (beforeEachRequest_) beforeEachRequest_();
    ResponseWriter response(request);
    try {
      if (intervention && intervention->kind == CimXmlIntervention::Kind::CimError) {
        throw OperationError{intervention->cimStatus, intervention->description};
      }
      if (request.intrinsic) runIntrinsic(ctx, request, response);
      else runExtrinsic(ctx, request, response);
    } catch (const OperationError& error) {
      response.error(error);
      record.error = "CIM_ERR " + std::to_string(static_cast<int>(error.status)) + ": " + error.description;
      if (intervention && intervention->kind == CimXmlIntervention::Kind::CimError) record.error = "injected: " + record.error;
    }
    if (loseAnswer) {  // it took effect; the client never hears
      reply.drop = true;
      record.error = "injected: answer lost";
      return reply;
    }
    reply.body = response.text();
    reply.headers = {{"CIMOperation", "MethodResponse"}};
  } catch (const ProtocolError& error) {
    reply.status = error.httpStatus;
    reply.headers = {{"CIMError", error.cimError}};
    record.error = error.cimError + ": " + error.detail;  // the why, for the journal only
  }
  return reply;
}

}  // namespace cimdouble::cimxml
