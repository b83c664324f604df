// The WS-Management fault catalogue, in the order of the reference's table
// (../shared/reference/wsman-wire.md §9.2), and the fault envelope WinRM sends.
//
// Error convention of src/wsman: an operation that cannot answer throws WsmanFault; the
// dispatcher catches it and sends the fault envelope with HTTP 500. Nothing else is thrown
// on purpose; anything else reaching the dispatcher is a bug and becomes w:InternalError.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cimdouble::wsman {

enum class Fault {
  ActionNotSupported,                 // wsa:ActionNotSupported, unknown wsa:Action
  ActionMismatch,                     // wsa:ActionNotSupported + ActionMismatch: Invoke action vs ResourceURI
  DestinationUnreachable,             // wsa:DestinationUnreachable, bad resource URI
  ResourceNotFound,                   // wsa:DestinationUnreachable, no such instance or class
  EndpointUnavailable,                // wsa:EndpointUnavailable
  InvalidMessageInformationHeader,    // wsa:InvalidMessageInformationHeader, e.g. bad OperationTimeout
  MessageInformationHeaderRequired,   // wsa:MessageInformationHeaderRequired
  MustUnderstand,                     // s:MustUnderstand, a mustUnderstand header we do not implement
  AccessDenied,                       // w:AccessDenied
  AlreadyExists,                      // w:AlreadyExists
  EncodingLimit,                      // w:EncodingLimit
  InternalError,                      // w:InternalError
  InvalidOptions,                     // w:InvalidOptions
  InvalidParameter,                   // w:InvalidParameter
  InvalidSelectors,                   // w:InvalidSelectors
  QuotaLimit,                         // w:QuotaLimit
  SchemaValidationError,              // w:SchemaValidationError, a body that does not fit the schema
  InvalidXml,                         // w:SchemaValidationError with WinRM's invalid-XML code
  TimedOut,                           // w:TimedOut
  UnsupportedFeature,                 // w:UnsupportedFeature
  CannotProcessFilter,                // n:CannotProcessFilter
  FilterDialectRequestedUnavailable,  // n:FilterDialectRequestedUnavailable
  InvalidEnumerationContext,          // n:InvalidEnumerationContext
  InvalidExpirationTime,              // n:InvalidExpirationTime
  EnumerationTimedOut,                // n:TimedOut
  InvalidRepresentation,              // x:InvalidRepresentation
  PolymorphismModeNotSupported,       // wsmb:PolymorphismModeNotSupported
};

struct FaultSpec {
  const char* code;          // "Sender", "Receiver" or "MustUnderstand"
  const char* subcodeNs;     // namespace URI of the subcode QName (nullptr: no subcode)
  const char* subcodePrefix;
  const char* subcode;
  const char* action;        // the fault's wsa:Action
  uint32_t winrmCode;        // WSManFault/@Code
  const char* defaultMessage;
};

const FaultSpec& faultSpec(Fault fault);

class WsmanFault : public std::runtime_error {
 public:
  // `detail` is the DSP0226 fault-detail name ("InsufficientSelectors"), or empty.
  WsmanFault(Fault fault, std::string message, std::string detail = {})
      : std::runtime_error(message), fault_(fault), detail_(std::move(detail)) {}

  Fault fault() const { return fault_; }
  const std::string& detail() const { return detail_; }
  // WSManFault/@Code: the fault's, or the detail's where WinRM gives it one of its own
  // (w:InvalidSelectors: wire reference §9.2).
  uint32_t winrmCode() const;
  // A code of WinRM's own for this case of the fault (a quota's ERROR_WSMAN_QUOTA_MAX_OPERATIONS).
  WsmanFault& withWinrmCode(uint32_t code) {
    winrmCode_ = code;
    return *this;
  }
  // The DSP0200 status of the CIMOM error behind the fault (0: WinRM raised it itself); MI
  // clients are told it in the CIM-error detail (cim_error_detail.h).
  uint32_t cimStatus() const { return cimStatus_; }
  WsmanFault& withCimStatus(uint32_t status) {
    cimStatus_ = status;
    return *this;
  }
  // The request's MessageID when the fault was raised before the request was read whole.
  std::string relatesTo;
  // A header block name for s:NotUnderstood (MustUnderstand faults only).
  std::string notUnderstoodNs;
  std::string notUnderstoodName;

 private:
  Fault fault_;
  std::string detail_;
  uint32_t cimStatus_ = 0;
  uint32_t winrmCode_ = 0;
};

// w:QuotaLimit for a user with `limit` operations at once already (MaxConcurrentOperationsPerUser),
// with WinRM's code and words.
WsmanFault operationQuotaFault(uint64_t limit);

// What s:Detail holds: WSManFault (WinRM's own form), or the MSFT_WmiError instance MI
// clients get (wire reference §9.1).
enum class FaultForm { WsmanFault, CimError };

// The complete fault envelope. `relatesTo` is the request's MessageID (may be empty when the
// request could not be read); `machine` goes to WSManFault/@Machine.
std::string faultEnvelope(const WsmanFault& fault, const std::string& relatesTo, const std::string& machine,
                          FaultForm form = FaultForm::WsmanFault);

}  // namespace cimdouble::wsman
