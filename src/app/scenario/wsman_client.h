// WS-Management requests as WinRM clients send them (pywinrm's header shape, optimized
// enumeration, Pull until EndOfSequence, Invoke with <Method>_INPUT), and their answers read
// back into plain values: what a scenario step sends and checks.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libxml/tree.h>

#include "http/http_client.h"
#include "cimom/case_insensitive.h"
#include "cimom/object_path.h"

namespace cimdouble::app {

struct Epr {
  std::string resourceUri;  // CIM-XML references: the class name
  std::vector<std::pair<std::string, std::string>> selectors;
  // A CIM-XML reference: the path as the server named it (typed keys, references among them).
  std::shared_ptr<const cimom::ObjectPath> path;
};

// One instance, or a method's output: values by property name (arrays have several, NULL
// none), references as EPRs.
struct WsmanItem {
  std::string element;  // the element's local name (class, or <Method>_OUTPUT)
  std::map<std::string, std::vector<std::string>, cimom::CaseInsensitiveLess> values;
  std::map<std::string, Epr, cimom::CaseInsensitiveLess> references;
  std::vector<std::string> nulls;
};

struct WsmanOutcome {
  int httpStatus = 0;     // 0: no answer
  std::string error;      // transport trouble, or a body that is no SOAP envelope
  std::string fault;      // the fault subcode as "w:TimedOut", "wsen:InvalidEnumerationContext", ...
  std::string faultReason;
  std::vector<WsmanItem> items;
  int retries = 0;        // Pulls retried after w:TimedOut
  int pulls = 0;
  bool ok() const { return httpStatus == 200 && fault.empty() && error.empty(); }
  std::string describe() const;  // "HTTP 500 w:TimedOut: reason" for messages
};

class WsmanClient {
 public:
  explicit WsmanClient(http::HttpClient& http) : http_(http) {}

  WsmanOutcome identify();
  WsmanOutcome get(const Epr& target);
  // Optimized Enumerate, then Pull until the end. A client retries a Pull that timed out
  // (w:TimedOut) on the same context, as WinRM clients do, up to `maxRetries` times.
  WsmanOutcome enumerate(const std::string& resourceUri, const std::string& wql, int maxElements, int maxRetries);
  // `addParameters` writes the parameters into <p:Method_INPUT>.
  WsmanOutcome invoke(const Epr& target, const std::string& method,
                      const std::function<void(xmlNode* input, xmlNs* p)>& addParameters);

  // Writes an EPR's children (Address, ReferenceParameters) into `parent`.
  static void writeEpr(xmlNode* parent, const Epr& epr);

 private:
  WsmanOutcome send(const std::string& envelope, bool keepItems);

  http::HttpClient& http_;
};

}  // namespace cimdouble::app
