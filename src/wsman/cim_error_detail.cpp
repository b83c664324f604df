#include "wsman/cim_error_detail.h"

#include <cstdio>
#include <utility>

#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

// MI_ErrorCategory values (they are PowerShell's ErrorCategory).
enum Category : uint32_t {
  NotSpecified = 0,
  InvalidArgument = 5,
  InvalidType = 9,
  MetadataError = 10,
  NotImplemented = 11,
  ObjectNotFound = 13,
  OperationTimeout = 15,
  PermissionDenied = 18,
  ResourceExists = 20,
  ResourceUnavailable = 21,
  ProtocolError = 26,
  LimitsExceeded = 29,
  QuotaExceeded = 30,
};

// A CIMOM error, as WMI reports it: the DSP0200 status, WMI's HRESULT for it (WBEM_E_*) and
// the category the MI client files it under.
CimErrorFields fromCimStatus(uint32_t status) {
  struct Row {
    uint32_t status;
    uint32_t hresult;
    uint32_t category;
  };
  static constexpr Row kRows[] = {
      {1, 0x80041001u, NotSpecified},      // WBEM_E_FAILED
      {2, 0x80041003u, PermissionDenied},  // WBEM_E_ACCESS_DENIED
      {3, 0x8004100Eu, MetadataError},     // WBEM_E_INVALID_NAMESPACE
      {4, 0x80041008u, InvalidArgument},   // WBEM_E_INVALID_PARAMETER
      {5, 0x80041010u, MetadataError},     // WBEM_E_INVALID_CLASS
      {6, 0x80041002u, ObjectNotFound},    // WBEM_E_NOT_FOUND
      {7, 0x8004100Cu, NotImplemented},    // WBEM_E_NOT_SUPPORTED
      {11, 0x80041019u, ResourceExists},   // WBEM_E_ALREADY_EXISTS
      {12, 0x80041029u, MetadataError},    // WBEM_E_INVALID_PROPERTY
      {13, 0x80041005u, InvalidType},      // WBEM_E_TYPE_MISMATCH
      {14, 0x80041018u, InvalidArgument},  // WBEM_E_INVALID_QUERY_TYPE
      {15, 0x80041017u, InvalidArgument},  // WBEM_E_INVALID_QUERY
      {16, 0x80041091u, NotImplemented},   // WBEM_E_METHOD_DISABLED
      {17, 0x8004102Eu, MetadataError},    // WBEM_E_INVALID_METHOD
  };
  for (const Row& row : kRows) {
    if (row.status == status) return {row.status, row.hresult, row.category};
  }
  return {1, 0x80041001u, NotSpecified};
}

// A fault WinRM raises itself: the status and category that say the same, with WinRM's code.
std::pair<uint32_t, uint32_t> statusAndCategoryOf(Fault fault) {
  switch (fault) {
    case Fault::ActionNotSupported:
    case Fault::ActionMismatch:
    case Fault::UnsupportedFeature:
    case Fault::FilterDialectRequestedUnavailable:
    case Fault::PolymorphismModeNotSupported: return {7, NotImplemented};
    case Fault::DestinationUnreachable:
    case Fault::ResourceNotFound: return {6, ObjectNotFound};
    case Fault::AccessDenied: return {2, PermissionDenied};
    case Fault::AlreadyExists: return {11, ResourceExists};
    case Fault::InvalidOptions:
    case Fault::InvalidParameter:
    case Fault::InvalidSelectors:
    case Fault::InvalidExpirationTime:
    case Fault::InvalidRepresentation: return {4, InvalidArgument};
    case Fault::CannotProcessFilter: return {15, InvalidArgument};
    case Fault::InvalidEnumerationContext: return {21, InvalidArgument};  // CIM_ERR_INVALID_ENUMERATION_CONTEXT
    case Fault::QuotaLimit: return {27, QuotaExceeded};                    // CIM_ERR_SERVER_LIMITS_EXCEEDED
    case Fault::EncodingLimit: return {27, LimitsExceeded};
    case Fault::TimedOut:
    case Fault::EnumerationTimedOut: return {1, OperationTimeout};
    case Fault::EndpointUnavailable: return {1, ResourceUnavailable};
    case Fault::InvalidMessageInformationHeader:
    case Fault::MessageInformationHeaderRequired:
    case Fault::MustUnderstand:
    case Fault::SchemaValidationError:
    case Fault::InvalidXml: return {1, ProtocolError};
    case Fault::InternalError: return {1, NotSpecified};
  }
  return {1, NotSpecified};
}

void addProperty(xmlNode* instance, xmlNs* p, xmlNs* xsi, const char* name, const char* type, const std::string* value) {
  xmlNode* node = value ? addText(instance, p, name, *value) : addElement(instance, p, name);
  setAttribute(node, "type", type, xsi);
  if (!value) setAttribute(node, "nil", "true", xsi);
}

}  // namespace

CimErrorFields cimErrorFields(const WsmanFault& fault) {
  if (fault.cimStatus() != 0) return fromCimStatus(fault.cimStatus());
  const auto [status, category] = statusAndCategoryOf(fault.fault());
  return {status, fault.winrmCode(), category};
}

void appendCimErrorDetail(xmlNode* detail, const WsmanFault& fault, const std::string& message) {
  static const std::string kClass = "MSFT_WmiError";
  const CimErrorFields fields = cimErrorFields(fault);
  xmlNode* instance = addElement(detail, nullptr, kClass.c_str());
  auto declare = [&](const std::string& uri, const char* prefix) {
    return xmlNewNs(instance, reinterpret_cast<const xmlChar*>(uri.c_str()), reinterpret_cast<const xmlChar*>(prefix));
  };
  xmlNs* b = declare(ns::kCimBinding, "b");
  xmlNs* p = declare(std::string(ns::kDmtfClassPrefix) + kClass, "p");
  declare(ns::kCimCommon, "cim");
  xmlNs* xsi = declare(ns::kXsi, "xsi");
  xmlSetNs(instance, p);
  setAttribute(instance, "IsCIM_Error", "true", b);
  setAttribute(instance, "type", "p:" + kClass + "_Type", xsi);

  char messageId[32];
  std::snprintf(messageId, sizeof messageId, "HRESULT 0x%08x", fields.errorCode);
  const std::string status = std::to_string(fields.cimStatus);
  const std::string zero = "0";
  const std::string code = std::to_string(fields.errorCode);
  const std::string category = std::to_string(fields.category);
  const std::string id = messageId;
  const std::string type = "HRESULT";
  // WinRM writes a WMI instance's properties ASCII-sorted (§5.1), each typed inside a fault
  // (§5.2); the NULL arrays MessageArguments and RecommendedActions are left out.
  addProperty(instance, p, xsi, "CIMStatusCode", "cim:cimUnsignedInt", &status);
  addProperty(instance, p, xsi, "CIMStatusCodeDescription", "cim:cimString", nullptr);
  addProperty(instance, p, xsi, "ErrorSource", "cim:cimString", nullptr);
  addProperty(instance, p, xsi, "ErrorSourceFormat", "cim:cimUnsignedShort", &zero);
  addProperty(instance, p, xsi, "ErrorType", "cim:cimUnsignedShort", &zero);
  addProperty(instance, p, xsi, "Message", "cim:cimString", &message);
  addProperty(instance, p, xsi, "MessageID", "cim:cimString", &id);
  addProperty(instance, p, xsi, "OtherErrorSourceFormat", "cim:cimString", nullptr);
  addProperty(instance, p, xsi, "OtherErrorType", "cim:cimString", nullptr);
  addProperty(instance, p, xsi, "OwningEntity", "cim:cimString", nullptr);
  addProperty(instance, p, xsi, "PerceivedSeverity", "cim:cimUnsignedShort", &zero);
  addProperty(instance, p, xsi, "ProbableCause", "cim:cimUnsignedShort", &zero);
  addProperty(instance, p, xsi, "ProbableCauseDescription", "cim:cimString", nullptr);
  addProperty(instance, p, xsi, "error_Category", "cim:cimUnsignedInt", &category);
  addProperty(instance, p, xsi, "error_Code", "cim:cimUnsignedInt", &code);
  addProperty(instance, p, xsi, "error_Type", "cim:cimString", &type);
  addProperty(instance, p, xsi, "error_WindowsErrorMessage", "cim:cimString", &message);
}

}  // namespace cimdouble::wsman
