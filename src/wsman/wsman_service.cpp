#include "wsman/wsman_service.h"

#include "cimom/case_insensitive.h"
#include "wsman/operations.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

// "application/soap+xml;charset=UTF-16" -> media type and charset, lower-cased.
void splitContentType(const std::string& contentType, std::string& media, std::string& charset) {
  const std::string lower = cimom::toLowerAscii(contentType);
  media = lower.substr(0, lower.find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  const std::size_t at = lower.find("charset=");
  if (at == std::string::npos) return;
  charset = lower.substr(at + 8);
  charset = charset.substr(0, charset.find(';'));
  if (!charset.empty() && charset.front() == '"') charset = charset.substr(1, charset.find('"', 1) - 1);
}

bool hasBom16(std::string_view body) {
  return body.size() >= 2 && ((body[0] == '\xFF' && body[1] == '\xFE') || (body[0] == '\xFE' && body[1] == '\xFF'));
}

using Operation = std::string (*)(OperationContext&, const Request&);

struct ActionEntry {
  const char* action;
  Operation operation;
};

const ActionEntry kActions[] = {
    {ns::kTransferGet, transferGet}, {ns::kTransferPut, transferPut},   {ns::kTransferDelete, transferDelete},
    {ns::kTransferCreate, transferCreate}, {ns::kEnumerate, enumerate}, {ns::kPull, pull},
    {ns::kRelease, release},
};

}  // namespace

WsmanService::WsmanService(cimom::ClassRepository& repository, cimom::InstanceStore& store,
                           const cimom::QueryEngine& engine, const cimom::MethodDispatcher& methods,
                           const jobs::Clock& clock, ServiceOptions options)
    : repository_(repository),
      store_(store),
      engine_(engine),
      methods_(methods),
      clock_(clock),
      options_(std::move(options)),
      enumerations_(clock, options_.enumerationExpiryMicros, options_.maxEnumerationsPerUser) {}

HttpReply WsmanService::handle(const HttpExchange& exchange) {
  std::string media;
  std::string charset;
  splitContentType(exchange.contentType, media, charset);
  if (exchange.body.empty()) {
    // An authenticated empty POST is how clients prime authentication: 200, no body.
    return HttpReply{exchange.authenticated ? 200 : 401, {}, false};
  }
  if (media != "application/soap+xml" && media != "text/xml") {
    return HttpReply{415, {}, false};
  }
  std::string relatesTo;
  try {
    const char* encoding = nullptr;
    if (charset == "utf-16" || charset == "utf-16le" || charset == "utf-16be") {
      encoding = hasBom16(exchange.body) ? nullptr : (charset == "utf-16be" ? "UTF-16BE" : "UTF-16LE");
    } else if (!charset.empty() && charset != "utf-8") {
      throw WsmanFault(Fault::EncodingLimit,
                       "The WS-Management service only accepts UTF-8 or UTF-16 requests, not " + charset + ".", "CharacterSet");
    }
    if (exchange.body.size() > options_.limits.maxEnvelopeSize) {
      throw WsmanFault(Fault::EncodingLimit,
                       "The request of " + std::to_string(exchange.body.size()) + " octets exceeds the service's maximum envelope size of " +
                           std::to_string(options_.limits.maxEnvelopeSize) + " octets.",
                       "ServiceEnvelopeLimit");
    }
    Request request = parseRequest(exchange.body, options_.limits, encoding);
    relatesTo = request.messageId;
    if (!request.action) {
      if (isElement(request.bodyElement(), ns::kIdentity, "Identify")) {
        return HttpReply{200, identify(options_, relatesTo, exchange.authenticated), false};
      }
      throw WsmanFault(Fault::MessageInformationHeaderRequired, "The request has no wsa:Action header.");
    }
    if (!exchange.authenticated) return HttpReply{401, {}, false};  // only Identify goes without credentials
    if (beforeEachRequest_) beforeEachRequest_();
    OperationContext ctx{repository_, store_, engine_, methods_, enumerations_, clock_, options_, exchange.user};
    for (const ActionEntry& entry : kActions) {
      if (*request.action == entry.action) return HttpReply{200, entry.operation(ctx, request), false};
    }
    return HttpReply{200, invoke(ctx, request), false};
  } catch (const WsmanFault& fault) {
    return HttpReply{500, faultEnvelope(fault, relatesTo, options_.machine), false};
  } catch (const std::exception& e) {
    WsmanFault internal(Fault::InternalError, std::string("Internal error: ") + e.what());
    return HttpReply{500, faultEnvelope(internal, relatesTo, options_.machine), false};
  }
}

}  // namespace cimdouble::wsman
