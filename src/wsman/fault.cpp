#include "wsman/fault.h"

#include "wsman/cim_error_detail.h"
#include "wsman/message_id.h"
#include "wsman/wsman_names.h"
#include "xml/xml.h"

namespace cimdouble::wsman {
namespace {

constexpr const char* kAddressingFault = "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault";
constexpr const char* kWsmanFaultAction = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
constexpr const char* kEnumerationFault = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault";
constexpr const char* kTransferFault = "http://schemas.xmlsoap.org/ws/2004/09/transfer/fault";
constexpr const char* kCimBindingFault = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/fault";

const FaultSpec& specOf(Fault fault) {
  using F = Fault;
  static const FaultSpec kSpecs[] = {
      /* ActionNotSupported */ {"Sender", ns::kAddressing, "a", "ActionNotSupported", kAddressingFault, 2150858771u,
                                "The action is not supported by the service."},
      /* ActionMismatch */ {"Sender", ns::kAddressing, "a", "ActionNotSupported", kAddressingFault, 2150858801u,
                            "The WS-Management service cannot process the request because the action does not match the resource URI."},
      /* DestinationUnreachable */ {"Sender", ns::kAddressing, "a", "DestinationUnreachable", kAddressingFault, 2150858770u,
                                    "The WS-Management service cannot process the request because the resource URI is not valid."},
      /* ResourceNotFound */ {"Sender", ns::kAddressing, "a", "DestinationUnreachable", kAddressingFault, 2150858752u,
                              "The WS-Management service cannot process the request. The service cannot find the resource identified by the resource URI and selectors."},
      /* EndpointUnavailable */ {"Receiver", ns::kAddressing, "a", "EndpointUnavailable", kAddressingFault, 2150858772u,
                                 "The WS-Management service cannot process the request; the endpoint is unavailable."},
      /* InvalidMessageInformationHeader */ {"Sender", ns::kAddressing, "a", "InvalidMessageInformationHeader",
                                             kAddressingFault, 2150858767u,
                                             "The WS-Management service cannot process a SOAP header in the request."},
      /* MessageInformationHeaderRequired */ {"Sender", ns::kAddressing, "a", "MessageInformationHeaderRequired",
                                              kAddressingFault, 2150858769u,
                                              "A required header is missing from the request."},
      /* MustUnderstand */ {"MustUnderstand", nullptr, nullptr, nullptr, kAddressingFault, 2150858768u,
                            "The WS-Management service cannot process a SOAP header in the request that is marked as mustUnderstand."},
      /* AccessDenied */ {"Sender", ns::kWsman, "w", "AccessDenied", kWsmanFaultAction, 5u, "Access is denied."},
      /* AlreadyExists */ {"Sender", ns::kWsman, "w", "AlreadyExists", kWsmanFaultAction, 2150858803u,
                           "The resource already exists."},
      /* EncodingLimit */ {"Sender", ns::kWsman, "w", "EncodingLimit", kWsmanFaultAction, 2150858805u,
                           "The WS-Management service cannot process the request because it exceeds an encoding limit."},
      /* InternalError */ {"Receiver", ns::kWsman, "w", "InternalError", kWsmanFaultAction, 2150858776u,
                           "The WS-Management service cannot process the request because of an internal error."},
      /* InvalidOptions */ {"Sender", ns::kWsman, "w", "InvalidOptions", kWsmanFaultAction, 2150858809u,
                            "One or more options are not valid."},
      /* InvalidParameter */ {"Sender", ns::kWsman, "w", "InvalidParameter", kWsmanFaultAction, 2150858810u,
                              "The parameter is not valid."},
      /* InvalidSelectors */ {"Sender", ns::kWsman, "w", "InvalidSelectors", kWsmanFaultAction, 2150858813u,
                              "The WS-Management service cannot process the request because the request contained invalid selectors for the resource."},
      /* QuotaLimit */ {"Sender", ns::kWsman, "w", "QuotaLimit", kWsmanFaultAction, 2150858815u,
                        "The WS-Management service cannot process the request because a quota was exceeded."},
      /* SchemaValidationError */ {"Sender", ns::kWsman, "w", "SchemaValidationError", kWsmanFaultAction, 2150858817u,
                                   "The SOAP XML in the message does not match the corresponding XML schema definition."},
      /* InvalidXml */ {"Sender", ns::kWsman, "w", "SchemaValidationError", kWsmanFaultAction, 2150858819u,
                        "The WS-Management service cannot process the request because the XML is not valid."},
      /* TimedOut */ {"Receiver", ns::kWsman, "w", "TimedOut", kWsmanFaultAction, 2150858793u,
                      "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  "},
      /* UnsupportedFeature */ {"Sender", ns::kWsman, "w", "UnsupportedFeature", kWsmanFaultAction, 2150858818u,
                                "The WS-Management service does not support the requested feature."},
      /* CannotProcessFilter */ {"Sender", ns::kEnumeration, "n", "CannotProcessFilter", kEnumerationFault, 2150858778u,
                                 "The WS-Management service cannot process the filter."},
      /* FilterDialectRequestedUnavailable */ {"Sender", ns::kEnumeration, "n", "FilterDialectRequestedUnavailable",
                                               kEnumerationFault, 2150858777u,
                                               "The requested filter dialect is not supported."},
      /* InvalidEnumerationContext */ {"Receiver", ns::kEnumeration, "n", "InvalidEnumerationContext", kEnumerationFault,
                                       2150858779u,
                                       "The enumeration context supplied in the message is not valid."},
      /* InvalidExpirationTime */ {"Sender", ns::kEnumeration, "n", "InvalidExpirationTime", kEnumerationFault,
                                   2150858774u, "The expiration time is not valid."},
      /* EnumerationTimedOut */ {"Receiver", ns::kEnumeration, "n", "TimedOut", kEnumerationFault, 2150858780u,
                                 "The enumeration timed out before any item was available."},
      /* InvalidRepresentation */ {"Sender", ns::kTransfer, "x", "InvalidRepresentation", kTransferFault, 2150858773u,
                                   "The XML content is not valid for the resource."},
      /* PolymorphismModeNotSupported */ {"Receiver", ns::kCimBinding, "b", "PolymorphismModeNotSupported",
                                          kCimBindingFault, 2150858818u,
                                          "The requested polymorphism mode is not supported."},
  };
  static_assert(std::size(kSpecs) == static_cast<std::size_t>(F::PolymorphismModeNotSupported) + 1);
  return kSpecs[static_cast<std::size_t>(fault)];
}

}  // namespace

const FaultSpec& faultSpec(Fault fault) { return specOf(fault); }

std::string faultEnvelope(const WsmanFault& fault, const std::string& relatesTo, const std::string& machine,
                          FaultForm form) {
  const FaultSpec& spec = specOf(fault.fault());
  XmlDoc doc = newDocument();
  xmlNode* envelope = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("Envelope"));
  xmlDocSetRootElement(doc.get(), envelope);
  xmlNs* s = xmlNewNs(envelope, reinterpret_cast<const xmlChar*>(ns::kSoap), reinterpret_cast<const xmlChar*>("s"));
  xmlSetNs(envelope, s);
  xmlNs* a = xmlNewNs(envelope, reinterpret_cast<const xmlChar*>(ns::kAddressing), reinterpret_cast<const xmlChar*>("a"));
  xmlNs* w = xmlNewNs(envelope, reinterpret_cast<const xmlChar*>(ns::kWsman), reinterpret_cast<const xmlChar*>("w"));
  // Every prefix a subcode QName may use is declared on the root, so clients can resolve it.
  xmlNewNs(envelope, reinterpret_cast<const xmlChar*>(ns::kEnumeration), reinterpret_cast<const xmlChar*>("n"));
  xmlNewNs(envelope, reinterpret_cast<const xmlChar*>(ns::kTransfer), reinterpret_cast<const xmlChar*>("x"));
  xmlNewNs(envelope, reinterpret_cast<const xmlChar*>(ns::kCimBinding), reinterpret_cast<const xmlChar*>("b"));
  xmlNs* xmlns = xmlSearchNs(doc.get(), envelope, reinterpret_cast<const xmlChar*>("xml"));
  setAttribute(envelope, "lang", "en-US", xmlns);

  xmlNode* header = addElement(envelope, s, "Header");
  addText(header, a, "Action", spec.action);
  addText(header, a, "MessageID", newMessageId());
  addText(header, a, "To", ns::kAnonymous);
  if (!relatesTo.empty()) addText(header, a, "RelatesTo", relatesTo);
  if (fault.fault() == Fault::MustUnderstand && !fault.notUnderstoodName.empty()) {
    xmlNode* nu = addElement(header, s, "NotUnderstood");
    xmlNs* q = xmlNewNs(nu, reinterpret_cast<const xmlChar*>(fault.notUnderstoodNs.c_str()), reinterpret_cast<const xmlChar*>("q"));
    (void)q;
    setAttribute(nu, "qname", "q:" + fault.notUnderstoodName);
  }

  xmlNode* body = addElement(envelope, s, "Body");
  xmlNode* f = addElement(body, s, "Fault");
  xmlNode* code = addElement(f, s, "Code");
  addText(code, s, "Value", std::string("s:") + spec.code);
  if (spec.subcode) {
    xmlNode* sub = addElement(code, s, "Subcode");
    addText(sub, s, "Value", std::string(spec.subcodePrefix) + ":" + spec.subcode);
  }
  const std::string message = fault.what()[0] ? std::string(fault.what()) : std::string(spec.defaultMessage);
  xmlNode* reason = addElement(f, s, "Reason");
  xmlNode* text = addText(reason, s, "Text", message);
  setAttribute(text, "lang", "en-US", xmlns);
  xmlNode* detail = addElement(f, s, "Detail");
  if (!fault.detail().empty()) addText(detail, w, "FaultDetail", std::string(ns::kFaultDetailPrefix) + fault.detail());
  if (form == FaultForm::CimError) {
    appendCimErrorDetail(detail, fault, message);
    return serialize(doc.get());
  }
  xmlNode* wsmanFault = addElement(detail, nullptr, "WSManFault");
  xmlNs* fns = xmlNewNs(wsmanFault, reinterpret_cast<const xmlChar*>(ns::kWsmanFault), reinterpret_cast<const xmlChar*>("f"));
  xmlSetNs(wsmanFault, fns);
  setAttribute(wsmanFault, "Code", std::to_string(fault.winrmCode()));
  setAttribute(wsmanFault, "Machine", machine);
  addText(wsmanFault, fns, "Message", message);
  return serialize(doc.get());
}

uint32_t WsmanFault::winrmCode() const {
  // WinRM's codes per w:InvalidSelectors detail (wire reference §9.2).
  static constexpr std::pair<std::string_view, uint32_t> kSelectorDetails[] = {
      {"InsufficientSelectors", 2150858842u}, {"UnexpectedSelectors", 2150858843u}, {"TypeMismatch", 2150858844u},
      {"InvalidValue", 2150858845u},          {"AmbiguousSelectors", 2150858846u},  {"DuplicateSelectors", 2150858847u},
  };
  if (winrmCode_ != 0) return winrmCode_;
  if (fault_ == Fault::InvalidSelectors) {
    for (const auto& [detail, code] : kSelectorDetails) {
      if (detail_ == detail) return code;
    }
  }
  return faultSpec(fault_).winrmCode;
}

WsmanFault operationQuotaFault(uint64_t limit) {
  // ERROR_WSMAN_QUOTA_MAX_OPERATIONS (0x803381A6), the code of the CIM-error fault captured in
  // the wire reference §9.1 (CIMStatusCode 27, SERVER_LIMITS_EXCEEDED).
  constexpr uint32_t kQuotaMaxOperations = 2150859174u;
  return WsmanFault(Fault::QuotaLimit,
                    "The WS-Management service cannot process the request. This user is allowed a maximum number of " +
                        std::to_string(limit) +
                        " concurrent operations, which has been exceeded. Close existing operations for this user, "
                        "or raise the quota for this user.  ")
      .withWinrmCode(kQuotaMaxOperations);
}

}  // namespace cimdouble::wsman
