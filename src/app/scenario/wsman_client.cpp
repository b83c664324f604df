#include "app/scenario/wsman_client.h"

#include <atomic>

#include "time/id_source.h"
#include "wsman/wsman_names.h"
#include "xml/xml.h"

namespace cimdouble::app {
namespace {

namespace ns = wsman::ns;
using xml::addElement;
using xml::addText;
using xml::setAttribute;

constexpr const char* kContentType = "application/soap+xml;charset=UTF-8";
constexpr const char* kTransfer = "http://schemas.xmlsoap.org/ws/2004/09/transfer/";
constexpr const char* kEnumerationAction = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/";

// A request envelope with pywinrm's headers; the caller fills the body.
struct Request {
  xml::XmlDoc doc{xmlNewDoc(BAD_CAST "1.0")};
  xmlNode* envelope = nullptr;
  xmlNode* header = nullptr;
  xmlNode* body = nullptr;
  xmlNs* s = nullptr;
  xmlNs* a = nullptr;
  xmlNs* w = nullptr;
  xmlNs* n = nullptr;

  Request(const std::string& action, const std::string& resourceUri,
          const std::vector<std::pair<std::string, std::string>>& selectors = {}) {
    envelope = xmlNewNode(nullptr, BAD_CAST "Envelope");
    xmlDocSetRootElement(doc.get(), envelope);
    s = xmlNewNs(envelope, BAD_CAST ns::kSoap, BAD_CAST "s");
    a = xmlNewNs(envelope, BAD_CAST ns::kAddressing, BAD_CAST "a");
    w = xmlNewNs(envelope, BAD_CAST ns::kWsman, BAD_CAST "w");
    n = xmlNewNs(envelope, BAD_CAST ns::kEnumeration, BAD_CAST "n");
    xmlSetNs(envelope, s);
    header = addElement(envelope, s, "Header");
    addText(header, a, "To", "http://localhost/wsman");
    if (!resourceUri.empty()) setAttribute(addText(header, w, "ResourceURI", resourceUri), "mustUnderstand", "true", s);
    xmlNode* replyTo = addElement(header, a, "ReplyTo");
    setAttribute(addText(replyTo, a, "Address", ns::kAnonymous), "mustUnderstand", "true", s);
    if (!action.empty()) setAttribute(addText(header, a, "Action", action), "mustUnderstand", "true", s);
    setAttribute(addText(header, w, "MaxEnvelopeSize", "153600"), "mustUnderstand", "true", s);
    static std::atomic<uint64_t> counter{1};
    addText(header, a, "MessageID", "uuid:" + time::formatGuid(0x5CE7A510ULL << 32, counter++));
    addText(header, w, "OperationTimeout", "PT60S");
    if (!selectors.empty()) {
      xmlNode* set = addElement(header, w, "SelectorSet");
      for (const auto& [name, value] : selectors) setAttribute(addText(set, w, "Selector", value), "Name", name);
    }
    body = addElement(envelope, s, "Body");
  }
  std::string text() { return xml::serialize(doc.get()); }
};

// Canonical prefixes for fault subcodes, whatever prefixes the answer used.
std::string faultName(const xmlNode* value) {
  const std::string qname = xml::trimWhitespace(xml::textOf(value));
  const std::size_t colon = qname.find(':');
  const std::string prefix = colon == std::string::npos ? "" : qname.substr(0, colon);
  const std::string local = colon == std::string::npos ? qname : qname.substr(colon + 1);
  xmlNs* nsDecl = xmlSearchNs(value->doc, const_cast<xmlNode*>(value), prefix.empty() ? nullptr : BAD_CAST prefix.c_str());
  const std::string uri = nsDecl && nsDecl->href ? reinterpret_cast<const char*>(nsDecl->href) : "";
  if (uri == ns::kWsman) return "w:" + local;
  if (uri == ns::kEnumeration) return "wsen:" + local;
  if (uri == ns::kAddressing) return "wsa:" + local;
  if (uri == ns::kTransfer) return "wxf:" + local;
  if (uri == ns::kSoap) return "s:" + local;
  return qname;
}

std::optional<Epr> eprIn(const xmlNode* element) {
  const xmlNode* parameters = xml::childElement(element, ns::kAddressing, "ReferenceParameters");
  if (!parameters) return std::nullopt;
  Epr epr;
  epr.resourceUri = xml::trimWhitespace(xml::textOf(xml::childElement(parameters, ns::kWsman, "ResourceURI")));
  if (const xmlNode* set = xml::childElement(parameters, ns::kWsman, "SelectorSet")) {
    for (const xmlNode* s : xml::childElements(set, ns::kWsman, "Selector")) {
      epr.selectors.emplace_back(xml::attribute(s, "Name"), xml::textOf(s));
    }
  }
  return epr;
}

// A datetime travels as <p:X><cim:Datetime>...</cim:Datetime></p:X> (or cim:Interval, cim:Date).
const xmlNode* datetimeIn(const xmlNode* element) {
  for (const char* kind : {"Datetime", "Interval", "Date", "Time"}) {
    if (const xmlNode* typed = xml::childElement(element, ns::kCimCommon, kind)) return typed;
  }
  return nullptr;
}

WsmanItem itemFrom(const xmlNode* element) {
  WsmanItem item;
  item.element = xml::localName(element);
  for (const xmlNode* child : xml::childElements(element)) {
    const std::string name = xml::localName(child);
    if (xml::attribute(child, "nil", ns::kXsi) == "true") {
      item.nulls.push_back(name);
    } else if (auto epr = eprIn(child)) {
      item.references[name] = *epr;
    } else if (const xmlNode* typed = datetimeIn(child)) {
      item.values[name].push_back(xml::trimWhitespace(xml::textOf(typed)));
    } else {
      item.values[name].push_back(xml::textOf(child));
    }
  }
  return item;
}

}  // namespace

std::string WsmanOutcome::describe() const {
  if (!error.empty()) return error;
  std::string text = "HTTP " + std::to_string(httpStatus);
  if (!fault.empty()) text += " " + fault;
  if (!faultReason.empty()) text += ": " + faultReason;
  return text;
}

void WsmanClient::writeEpr(xmlNode* parent, const Epr& epr) {
  xmlNs* a = xmlSearchNsByHref(parent->doc, parent, BAD_CAST ns::kAddressing);
  if (!a) a = xmlNewNs(parent, BAD_CAST ns::kAddressing, BAD_CAST "a");
  xmlNs* w = xmlSearchNsByHref(parent->doc, parent, BAD_CAST ns::kWsman);
  if (!w) w = xmlNewNs(parent, BAD_CAST ns::kWsman, BAD_CAST "w");
  addText(parent, a, "Address", ns::kAnonymous);
  xmlNode* parameters = addElement(parent, a, "ReferenceParameters");
  addText(parameters, w, "ResourceURI", epr.resourceUri);
  xmlNode* set = addElement(parameters, w, "SelectorSet");
  for (const auto& [name, value] : epr.selectors) setAttribute(addText(set, w, "Selector", value), "Name", name);
}

WsmanOutcome WsmanClient::send(const std::string& envelope, bool keepItems) {
  WsmanOutcome outcome;
  http::HttpResult http = http_.post("/wsman", kContentType, envelope);
  outcome.httpStatus = http.status;
  if (http.status == 0) {
    outcome.error = http.error;
    return outcome;
  }
  if (http.body.empty()) return outcome;
  std::string parseError;
  xml::XmlDoc doc = xml::parseUntrusted(http.body, parseError);
  if (!doc) {
    outcome.error = "HTTP " + std::to_string(http.status) + " with a body that is no XML: " + parseError;
    return outcome;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const xmlNode* body = xml::childElement(root, ns::kSoap, "Body");
  if (!body) {
    outcome.error = "an answer without a SOAP Body";
    return outcome;
  }
  if (const xmlNode* fault = xml::childElement(body, ns::kSoap, "Fault")) {
    const xmlNode* code = xml::childElement(fault, ns::kSoap, "Code");
    const xmlNode* subcode = code ? xml::childElement(code, ns::kSoap, "Subcode") : nullptr;
    const xmlNode* value = subcode ? xml::childElement(subcode, ns::kSoap, "Value")
                                   : code ? xml::childElement(code, ns::kSoap, "Value") : nullptr;
    outcome.fault = value ? faultName(value) : "s:Fault";
    const xmlNode* reason = xml::childElement(fault, ns::kSoap, "Reason");
    outcome.faultReason = reason ? xml::trimWhitespace(xml::textOf(xml::childElement(reason, ns::kSoap, "Text"))) : "";
    return outcome;
  }
  if (!keepItems) return outcome;
  // Enumerate/Pull answers carry their items and context; everything else one element.
  const xmlNode* first = xml::firstChildElement(body);
  if (!first) return outcome;
  const bool enumeration = xml::isElement(first, ns::kEnumeration, "EnumerateResponse") || xml::isElement(first, ns::kEnumeration, "PullResponse");
  if (!enumeration) {
    outcome.items.push_back(itemFrom(first));
    return outcome;
  }
  WsmanItem marker;  // the context and end flag travel as a pseudo item, taken off by enumerate()
  marker.element = "#enumeration";
  if (const xmlNode* context = xml::childElement(first, ns::kEnumeration, "EnumerationContext")) {
    marker.values["context"].push_back(xml::textOf(context));
  }
  const xmlNode* items = xml::childElement(first, ns::kWsman, "Items");
  if (!items) items = xml::childElement(first, ns::kEnumeration, "Items");
  const bool ended = xml::childElement(first, ns::kWsman, "EndOfSequence") || xml::childElement(first, ns::kEnumeration, "EndOfSequence");
  marker.values["end"].push_back(ended ? "true" : "false");
  if (items) {
    for (const xmlNode* i : xml::childElements(items)) outcome.items.push_back(itemFrom(i));
  }
  outcome.items.push_back(std::move(marker));
  return outcome;
}

WsmanOutcome WsmanClient::identify() {
  Request r("", "");
  // Identify has neither Action nor ResourceURI: just the Identify body element.
  xmlNode* identify = addElement(r.body, nullptr, "Identify");
  xmlSetNs(identify, xmlNewNs(identify, BAD_CAST ns::kIdentity, BAD_CAST "wsmid"));
  return send(r.text(), true);
}

WsmanOutcome WsmanClient::get(const Epr& target) {
  Request r(std::string(kTransfer) + "Get", target.resourceUri, target.selectors);
  return send(r.text(), true);
}

WsmanOutcome WsmanClient::invoke(const Epr& target, const std::string& method,
                                 const std::function<void(xmlNode*, xmlNs*)>& addParameters) {
  Request r(target.resourceUri + "/" + method, target.resourceUri, target.selectors);
  xmlNode* input = addElement(r.body, nullptr, (method + "_INPUT").c_str());
  xmlNs* p = xmlNewNs(input, BAD_CAST target.resourceUri.c_str(), BAD_CAST "p");
  xmlSetNs(input, p);
  addParameters(input, p);
  return send(r.text(), true);
}

WsmanOutcome WsmanClient::enumerate(const std::string& resourceUri, const std::string& wql, int maxElements,
                                    int maxRetries) {
  Request r(std::string(kEnumerationAction) + "Enumerate", resourceUri);
  xmlNode* enumerate = addElement(r.body, r.n, "Enumerate");
  addElement(enumerate, r.w, "OptimizeEnumeration");
  addText(enumerate, r.w, "MaxElements", std::to_string(maxElements));
  if (!wql.empty()) setAttribute(addText(enumerate, r.w, "Filter", wql), "Dialect", ns::kWqlDialect);
  WsmanOutcome total = send(r.text(), true);
  std::vector<WsmanItem> collected;
  for (int guard = 0; guard < 100000; ++guard) {
    if (!total.ok() || total.items.empty() || total.items.back().element != "#enumeration") return total;
    WsmanItem marker = std::move(total.items.back());
    total.items.pop_back();
    for (WsmanItem& i : total.items) collected.push_back(std::move(i));
    total.items.clear();
    if (marker.values["end"].front() == "true" || marker.values["context"].empty()) break;
    const std::string context = marker.values["context"].front();
    WsmanOutcome pulled;
    for (int attempt = 0;; ++attempt) {
      Request pull(std::string(kEnumerationAction) + "Pull", resourceUri);
      xmlNode* body = addElement(pull.body, pull.n, "Pull");
      addText(body, pull.n, "EnumerationContext", context);
      addText(body, pull.n, "MaxElements", std::to_string(maxElements));
      pulled = send(pull.text(), true);
      ++total.pulls;
      if (pulled.fault != "w:TimedOut" || attempt >= maxRetries) break;
      ++total.retries;
    }
    const int pulls = total.pulls;
    const int retries = total.retries;
    total = std::move(pulled);
    total.pulls = pulls;
    total.retries = retries;
  }
  total.items = std::move(collected);
  return total;
}

}  // namespace cimdouble::app
