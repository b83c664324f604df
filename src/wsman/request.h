// A WS-Management request as the operations see it: the parsed envelope and its headers,
// checked the way WinRM checks them (§2 of the wire reference). parseRequest throws
// WsmanFault for anything WinRM would refuse before dispatch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/xml.h"

namespace cimdouble::wsman {

// WS-Man reads and writes its documents with src/xml.
using namespace cimdouble::xml;


struct Selector {
  std::string name;
  std::string value;         // text, for ordinary selectors
  xmlNode* endpoint = nullptr;  // a nested wsa:EndpointReference, for REF-typed keys
};

struct Option {
  std::string name;
  std::string type;
  std::string value;
  bool mustComply = false;
};

struct RequestLimits {
  uint64_t maxEnvelopeSize = 512000;       // WinRM MaxEnvelopeSizekb = 500
  int64_t maxOperationTimeoutMicros = 60'000'000;  // WinRM MaxTimeoutms = 60000
};

struct Request {
  XmlDoc doc;
  xmlNode* header = nullptr;
  xmlNode* body = nullptr;
  std::optional<std::string> action;  // absent: Identify
  std::string messageId;
  std::string resourceUri;
  std::vector<Selector> selectors;
  std::vector<Option> options;
  uint64_t maxEnvelopeSize = 0;           // what the response may take, after clamping
  int64_t operationTimeoutMicros = 0;     // after clamping
  bool requestTotalItemsCountEstimate = false;
  bool miClient = false;                  // PowerShell's MI client (OperationID header or msftwinrm options)
  bool usePreciseArrays = false;          // msftwinrm:UsePreciseArrays: NULL arrays said, not left out (§5.2)

  xmlNode* bodyElement() const;  // first element child of the Body, or nullptr
  const Selector* selector(std::string_view name) const;  // case-insensitive
};

Request parseRequest(std::string_view bytes, const RequestLimits& limits, const char* encoding = nullptr);

}  // namespace cimdouble::wsman
