#include "wsman/wsman_service.h"

#include <chrono>

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
                           const time::Clock& clock, ServiceOptions options, const time::Clock* enumerationClock)
    : repository_(repository),
      store_(store),
      engine_(engine),
      methods_(methods),
      clock_(clock),
      options_(std::move(options)),
      enumerations_(enumerationClock ? *enumerationClock : networkClock_,
                    static_cast<int64_t>(options_.winrm.enumerationTimeoutms) * 1000,
                    options_.winrm.maxConcurrentOperationsPerUser) {}

namespace {

// The actions known by their URI; any other is a method's (Invoke), none at all is Identify.
constexpr std::pair<const char*, const char*> kActionNames[] = {
    {ns::kTransferGet, "Get"}, {ns::kTransferPut, "Put"}, {ns::kTransferDelete, "Delete"},
    {ns::kTransferCreate, "Create"}, {ns::kEnumerate, "Enumerate"}, {ns::kPull, "Pull"}, {ns::kRelease, "Release"}};

// The short name of an action, for the journal and the metrics.
std::string actionName(const std::string& action) {
  for (const auto& [uri, name] : kActionNames) {
    if (action == uri) return name;
  }
  return "Invoke";
}

// What observers learn of a request: addressing, and the method's parameters or the filter.
void describe(const Request& request, const ServiceOptions& options, Exchange& entry) {
  entry.action = request.action ? actionName(*request.action) : "Identify";
  entry.resourceUri = request.resourceUri;
  for (const Selector& s : request.selectors) {
    if (!cimom::iequals(s.name, "__cimnamespace")) entry.selectors[s.name] = s.value;
  }
  try {
    if (!request.resourceUri.empty()) {
      ResourceTarget target = resolveResourceUri(request, options.defaultNamespace);
      entry.nameSpace = target.nameSpace;
      entry.className = target.className;
    }
  } catch (const WsmanFault&) {
    // An unusable resource URI: the fault is recorded with the outcome.
  }
  xmlNode* body = request.bodyElement();
  if (entry.action == "Invoke") {
    entry.method = request.action->substr(request.action->rfind('/') + 1);
    for (xmlNode* p : childElements(body)) {
      std::string value = textOf(p);
      // A reference parameter: its selectors, "Name=value;..."
      for (xmlNode* s : childElements(childElement(childElement(p, ns::kAddressing, "ReferenceParameters"), ns::kWsman,
                                                   "SelectorSet"),
                                      ns::kWsman, "Selector")) {
        value += attribute(s, "Name") + "=" + textOf(s) + ";";
      }
      entry.parameters[localName(p)] = value;
    }
  } else if (entry.action == "Enumerate") {
    xmlNode* filter = childElement(body, ns::kWsman, "Filter");
    if (!filter) filter = childElement(body, ns::kEnumeration, "Filter");
    if (filter) {
      entry.filterDialect = attribute(filter, "Dialect");
      entry.filter = textOf(filter);
    }
  }
}

// Every answer, not only an enumeration's batch, fits the MaxEnvelopeSize the client asked
// for (DSP0226 §6.2, MS-WSMV 3.1.4.1.7): a larger one is w:EncodingLimit, as WinRM gives it.
std::string withinEnvelope(std::string answer, const Request& request) {
  if (answer.size() <= request.maxEnvelopeSize) return answer;
  throw WsmanFault(Fault::EncodingLimit,
                   "The response that the WS-Management service computed exceeds the maximum envelope size in the request "
                   "(" + std::to_string(answer.size()) + " octets, MaxEnvelopeSize " + std::to_string(request.maxEnvelopeSize) + ").",
                   "MaxEnvelopeSizeExceeded");
}

}  // namespace

const std::vector<std::string>& exchangeActionNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names{"Identify"};
    for (const auto& entry : kActionNames) names.emplace_back(entry.second);
    names.emplace_back("Invoke");
    return names;
  }();
  return kNames;
}

HttpReply WsmanService::handle(const HttpExchange& exchange) {
  // Real elapsed time, deliberately not the (scalable, pausable) job clock.
  const auto started = std::chrono::steady_clock::now();
  Exchange record;
  record.user = exchange.user;
  record.scheme = exchange.scheme;
  record.sealed = exchange.sealed;
  if (nodeResolver_) record.node = nodeResolver_(exchange.host);
  record.micros = clock_.nowMicros();
  record.bodyless = exchange.body.empty();
  bool loseAnswer = false;
  HttpReply reply = dispatch(exchange, record, loseAnswer);
  if (loseAnswer) {
    reply.drop = true;  // the operation took effect; the client never hears of it
    record.fault = "injected: answer lost";
  }
  record.httpStatus = reply.drop ? 0 : reply.status;
  if (record.action.empty()) record.action = exchange.body.empty() ? kEmptyAction : kUnreadableAction;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (ExchangeObserver* observer : observers_) observer->observe(record, reply, seconds);
  return reply;
}

std::optional<HttpReply> WsmanService::carryOut(const Intervention& intervention, const HttpExchange& exchange,
                                                Exchange& record, bool& loseAnswer) {
  switch (intervention.kind) {
    case Intervention::Kind::Delay: {
      // The client is meant to wait; a stopping server closes the connection at once instead.
      if (http::waitOutDelay(exchange.stopping, std::chrono::milliseconds(intervention.delayMillis))) {
        record.fault = "injected delay cut short: the server is stopping";
        return HttpReply{0, {}, true, true};
      }
      return std::nullopt;
    }
    case Intervention::Kind::HttpStatus:
      record.fault = "injected: HTTP " + std::to_string(intervention.httpStatus);
      return HttpReply{intervention.httpStatus, {}, false, false};
    case Intervention::Kind::Fault:
      throw WsmanFault(intervention.fault, "");
    case Intervention::Kind::DropConnection:
      record.fault = "injected: connection dropped";
      return HttpReply{0, {}, true, true};
    case Intervention::Kind::LoseAnswer:
      loseAnswer = true;
      return std::nullopt;
  }
  return std::nullopt;
}

// WSManFault's Machine is the machine that answered: the simulated node, not the CI box.
const std::string& WsmanService::machineOf(const Exchange& record) const {
  return record.node.empty() ? options_.machine : record.node;
}

FaultForm WsmanService::faultForm(bool miClient) const {
  switch (options_.cimErrorFaults) {
    case CimErrorFaults::Always: return FaultForm::CimError;
    case CimErrorFaults::Never: return FaultForm::WsmanFault;
    case CimErrorFaults::MiClients: break;
  }
  return miClient ? FaultForm::CimError : FaultForm::WsmanFault;
}

HttpReply WsmanService::dispatch(const HttpExchange& exchange, Exchange& record, bool& loseAnswer) {
  std::string media;
  std::string charset;
  splitContentType(exchange.contentType, media, charset);
  if (exchange.body.empty()) {
    // An authenticated empty POST is how clients prime authentication: 200, no body.
    return HttpReply{exchange.authenticated ? 200 : 401, {}, false};
  }
  // No Content-Type at all is read as SOAP (meshcentral's transport sends none); a foreign
  // one is refused.
  if (!media.empty() && media != "application/soap+xml" && media != "text/xml") {
    return HttpReply{415, {}, false};
  }
  std::string relatesTo;
  // Known from the User-Agent before the envelope is read, from the envelope after (§9.1).
  bool miClient = exchange.userAgent == "Microsoft WinRM Client";
  try {
    const char* encoding = nullptr;
    if (charset == "utf-16" || charset == "utf-16le" || charset == "utf-16be") {
      encoding = hasBom16(exchange.body) ? nullptr : (charset == "utf-16be" ? "UTF-16BE" : "UTF-16LE");
    } else if (!charset.empty() && charset != "utf-8") {
      throw WsmanFault(Fault::EncodingLimit,
                       "The WS-Management service only accepts UTF-8 or UTF-16 requests, not " + charset + ".", "CharacterSet");
    }
    const RequestLimits limits = requestLimits(options_.winrm);
    if (exchange.body.size() > limits.maxEnvelopeSize) {
      throw WsmanFault(Fault::EncodingLimit,
                       "The request of " + std::to_string(exchange.body.size()) + " octets exceeds the service's maximum envelope size of " +
                           std::to_string(limits.maxEnvelopeSize) + " octets (MaxEnvelopeSizekb).",
                       "ServiceEnvelopeLimit");
    }
    Request request = parseRequest(exchange.body, limits, encoding);
    relatesTo = request.messageId;
    miClient = miClient || request.miClient;
    describe(request, options_, record);
    // A request in progress is one of its user's operations (WinRM's MaxConcurrentOperationsPerUser),
    // from here, so an injected delay counts as the slow server it stands for. An enumeration
    // is one operation with its Pulls and its Release (WSMAN_AUTHZ_QUOTA), counted by its context.
    std::optional<UserOperations::Slot> slot;
    const bool followsEnumeration = request.action && (*request.action == ns::kPull || *request.action == ns::kRelease);
    if (exchange.authenticated && !followsEnumeration) {
      slot = userOperations_.begin(exchange.user, enumerations_.openBy(exchange.user),
                                   options_.winrm.maxConcurrentOperationsPerUser);
      if (!slot) throw operationQuotaFault(options_.winrm.maxConcurrentOperationsPerUser);
    }
    for (ExchangeObserver* observer : observers_) {
      if (std::optional<Intervention> intervention = observer->intervene(record)) {
        if (std::optional<HttpReply> replaced = carryOut(*intervention, exchange, record, loseAnswer)) return *replaced;
        break;
      }
    }
    if (!request.action) {
      if (isElement(request.bodyElement(), ns::kIdentity, "Identify")) {
        return HttpReply{200, identify(options_, relatesTo, exchange.authenticated), false};
      }
      throw WsmanFault(Fault::MessageInformationHeaderRequired, "The request has no wsa:Action header.");
    }
    if (!exchange.authenticated) return HttpReply{401, {}, false};  // only Identify goes without credentials
    if (beforeEachRequest_) beforeEachRequest_();
    OperationContext ctx{repository_, store_, engine_, methods_, enumerations_, clock_, options_, exchange.user, record.node,
                         request.usePreciseArrays};
    for (const ActionEntry& known : kActions) {
      if (*request.action == known.action) return HttpReply{200, withinEnvelope(known.operation(ctx, request), request), false};
    }
    return HttpReply{200, withinEnvelope(invoke(ctx, request), request), false};
  } catch (const WsmanFault& fault) {
    const FaultSpec& spec = faultSpec(fault.fault());
    record.fault = spec.subcode ? std::string(spec.subcodePrefix) + ":" + spec.subcode : std::string("s:") + spec.code;
    return HttpReply{500, faultEnvelope(fault, relatesTo.empty() ? fault.relatesTo : relatesTo, machineOf(record),
                                        faultForm(miClient)),
                     false};
  } catch (const std::exception& e) {
    WsmanFault internal(Fault::InternalError, std::string("Internal error: ") + e.what());
    return HttpReply{500, faultEnvelope(internal, relatesTo, machineOf(record), faultForm(miClient)), false};
  }
}

}  // namespace cimdouble::wsman
