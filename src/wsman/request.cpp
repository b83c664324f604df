#include "wsman/request.h"

#include <cstring>

#include "cimom/case_insensitive.h"
#include "cimom/datetime.h"
#include "cimom/value.h"
#include "wsman/fault.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

struct KnownHeader {
  const char* ns;
  const char* name;
};

// Headers WinRM understands; a mustUnderstand header outside this list is refused (§2.3).
constexpr KnownHeader kUnderstood[] = {
    {ns::kAddressing, "To"},          {ns::kAddressing, "ReplyTo"},      {ns::kAddressing, "Action"},
    {ns::kAddressing, "MessageID"},   {ns::kAddressing, "FaultTo"},      {ns::kWsman, "ResourceURI"},
    {ns::kWsman, "SelectorSet"},      {ns::kWsman, "OptionSet"},         {ns::kWsman, "MaxEnvelopeSize"},
    {ns::kWsman, "OperationTimeout"}, {ns::kWsman, "Locale"},            {ns::kWsman, "RequestTotalItemsCountEstimate"},
    {ns::kWsman, "RequestEPR"},       {ns::kMsWsman, "DataLocale"},      {ns::kMsWsman, "SessionId"},
    {ns::kMsWsman, "OperationID"},    {ns::kMsWsman, "SequenceId"},      {ns::kMsWsman, "ActivityId"},
};

bool mustUnderstand(const xmlNode* node) {
  const std::string value = attribute(node, "mustUnderstand", ns::kSoap);
  return value == "true" || value == "1";
}

bool understood(const xmlNode* node) {
  for (const KnownHeader& h : kUnderstood) {
    if (isElement(node, h.ns, h.name)) return true;
  }
  return false;
}

std::string single(const xmlNode* header, const char* nsUri, const char* name) {
  auto nodes = childElements(header, nsUri, name);
  if (nodes.size() > 1) {
    throw WsmanFault(Fault::InvalidMessageInformationHeader,
                     std::string("The request contains the header ") + name + " more than once.");
  }
  return nodes.empty() ? std::string() : textOf(nodes.front());
}

// The steps of parseRequest, in the order WinRM checks a request: the first that fails is
// the fault the client gets.

// A SOAP 1.2 envelope with a Body (the Header may be absent).
void readEnvelope(Request& r, std::string_view bytes, const char* encoding) {
  std::string error;
  r.doc = parseUntrusted(bytes, error, encoding);
  if (!r.doc) throw WsmanFault(Fault::InvalidXml, "The WS-Management service cannot process the request because the XML is not valid: " + error + ".");
  xmlNode* envelope = xmlDocGetRootElement(r.doc.get());
  if (!isElement(envelope, ns::kSoap, "Envelope")) {
    throw WsmanFault(Fault::SchemaValidationError,
                     "The request is not a SOAP 1.2 envelope (expected {" + std::string(ns::kSoap) + "}Envelope).");
  }
  r.header = childElement(envelope, ns::kSoap, "Header");
  r.body = childElement(envelope, ns::kSoap, "Body");
  if (!r.body) throw WsmanFault(Fault::SchemaValidationError, "The SOAP envelope has no Body.");
}

// A mustUnderstand header the service does not know is refused, naming it (§2.3).
void refuseNotUnderstood(const xmlNode* header) {
  for (xmlNode* h : childElements(header)) {
    if (mustUnderstand(h) && !understood(h)) {
      WsmanFault fault(Fault::MustUnderstand, "The WS-Management service cannot process a SOAP header in the request that is marked as mustUnderstand: " + localName(h) + ".");
      fault.notUnderstoodNs = namespaceOf(h);
      fault.notUnderstoodName = localName(h);
      throw fault;
    }
  }
}

// Action (absent: Identify), MessageID and ResourceURI, each at most once.
void readAddressing(Request& r) {
  auto actionNodes = childElements(r.header, ns::kAddressing, "Action");
  if (actionNodes.size() > 1) {
    throw WsmanFault(Fault::InvalidMessageInformationHeader, "The request contains the header Action more than once.");
  }
  if (!actionNodes.empty()) r.action = trimWhitespace(textOf(actionNodes.front()));
  r.messageId = single(r.header, ns::kAddressing, "MessageID");  // echoed byte for byte, never validated
  r.resourceUri = trimWhitespace(single(r.header, ns::kWsman, "ResourceURI"));
}

// One SelectorSet at most; every selector named, and each name once.
void readSelectors(Request& r) {
  auto selectorSets = childElements(r.header, ns::kWsman, "SelectorSet");
  if (selectorSets.size() > 1) {
    throw WsmanFault(Fault::InvalidSelectors, "The request contains more than one SelectorSet.", "DuplicateSelectors");
  }
  if (selectorSets.empty()) return;
  for (xmlNode* s : childElements(selectorSets.front(), ns::kWsman, "Selector")) {
    Selector selector;
    selector.name = attribute(s, "Name");
    selector.endpoint = childElement(s, ns::kAddressing, "EndpointReference");
    selector.value = selector.endpoint ? std::string() : textOf(s);
    if (selector.name.empty()) throw WsmanFault(Fault::InvalidSelectors, "A selector has no Name.", "InvalidValue");
    if (r.selector(selector.name)) {
      throw WsmanFault(Fault::InvalidSelectors, "The selector " + selector.name + " is given more than once.",
                       "DuplicateSelectors");
    }
    r.selectors.push_back(std::move(selector));
  }
}

// The OptionSet; PowerShell's MI client shows itself by its options or an OperationID.
void readOptions(Request& r) {
  if (xmlNode* optionSet = childElement(r.header, ns::kWsman, "OptionSet")) {
    for (xmlNode* o : childElements(optionSet, ns::kWsman, "Option")) {
      Option option{attribute(o, "Name"), attribute(o, "Type"), textOf(o), attribute(o, "MustComply") == "true"};
      if (option.name.rfind("msftwinrm:", 0) == 0 || option.name.rfind("wmi:__MI", 0) == 0) r.miClient = true;
      if (option.name == "msftwinrm:UsePreciseArrays") {
        const std::string value = trimWhitespace(option.value);
        r.usePreciseArrays = value == "true" || value == "1";
      }
      // Beyond UsePreciseArrays the double implements no option that changes results; one the
      // client insists on is refused.
      if (option.mustComply && option.name != "msftwinrm:UsePreciseArrays") {
        throw WsmanFault(Fault::InvalidOptions, "The option " + option.name + " is not supported.", "NotSupported");
      }
      r.options.push_back(std::move(option));
    }
  }
  if (childElement(r.header, ns::kMsWsman, "OperationID")) r.miClient = true;
}

// MaxEnvelopeSize: at least 8192 octets, clamped to the service's limit.
void readMaxEnvelopeSize(Request& r, const RequestLimits& limits) {
  r.maxEnvelopeSize = limits.maxEnvelopeSize;
  const std::string maxEnvelope = trimWhitespace(single(r.header, ns::kWsman, "MaxEnvelopeSize"));
  if (maxEnvelope.empty()) return;
  auto value = cimom::parseScalar(cimom::CimType::UInt64, maxEnvelope);
  if (!value) {
    throw WsmanFault(Fault::EncodingLimit, "MaxEnvelopeSize '" + maxEnvelope + "' is not a number.", "MaxEnvelopeSize");
  }
  const uint64_t requested = std::get<uint64_t>(*value);
  if (requested < 8192) {
    throw WsmanFault(Fault::EncodingLimit, "MaxEnvelopeSize must be at least 8192 octets.", "MinimumEnvelopeLimit");
  }
  r.maxEnvelopeSize = std::min(requested, limits.maxEnvelopeSize);
}

// OperationTimeout: an xs:duration, clamped to the service's limit.
void readOperationTimeout(Request& r, const RequestLimits& limits) {
  r.operationTimeoutMicros = limits.maxOperationTimeoutMicros;
  const std::string timeout = trimWhitespace(single(r.header, ns::kWsman, "OperationTimeout"));
  if (timeout.empty()) return;
  auto duration = cimom::DateTime::parseXsDuration(timeout);
  if (!duration) {
    throw WsmanFault(Fault::InvalidMessageInformationHeader,
                     "OperationTimeout '" + timeout + "' is not a valid xs:duration.", "InvalidTimeout");
  }
  r.operationTimeoutMicros = std::min(duration->micros(), limits.maxOperationTimeoutMicros);
}

// Locale and DataLocale are hints: sent with mustUnderstand="true" they are refused.
void refuseMandatoryLocales(const xmlNode* header) {
  for (const char* localeHeader : {"Locale", "DataLocale"}) {
    const char* nsUri = std::strcmp(localeHeader, "Locale") == 0 ? ns::kWsman : ns::kMsWsman;
    if (xmlNode* locale = childElement(header, nsUri, localeHeader); locale && mustUnderstand(locale)) {
      throw WsmanFault(Fault::UnsupportedFeature,
                       std::string("The ") + localeHeader + " header must be sent with mustUnderstand=\"false\".",
                       localeHeader);
    }
  }
}

}  // namespace

xmlNode* Request::bodyElement() const {
  for (xmlNode* n = body ? body->children : nullptr; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) return n;
  }
  return nullptr;
}

const Selector* Request::selector(std::string_view name) const {
  for (const Selector& s : selectors) {
    if (cimom::iequals(s.name, name)) return &s;
  }
  return nullptr;
}

Request parseRequest(std::string_view bytes, const RequestLimits& limits, const char* encoding) {
  Request r;
  readEnvelope(r, bytes, encoding);
  try {
    refuseNotUnderstood(r.header);
  } catch (WsmanFault& fault) {
    // The s:MustUnderstand fault relates to the request like any other (MS-WSMV 3.1.4.1.1).
    try {
      fault.relatesTo = single(r.header, ns::kAddressing, "MessageID");  // echoed byte for byte
    } catch (const WsmanFault&) {
      // Two MessageIDs: the fault relates to none.
    }
    throw;
  }
  readAddressing(r);
  readSelectors(r);
  readOptions(r);
  readMaxEnvelopeSize(r, limits);
  readOperationTimeout(r, limits);
  refuseMandatoryLocales(r.header);
  r.requestTotalItemsCountEstimate = childElement(r.header, ns::kWsman, "RequestTotalItemsCountEstimate") != nullptr;
  return r;
}

}  // namespace cimdouble::wsman
