// What the WS-Man service tells the double's controls about each exchange (src/control keeps
// the journal, the fault rules and the metrics; this layer knows none of them): the request as
// understood, its outcome, and a chance to intervene before the operation runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wsman/fault.h"

namespace cimdouble::wsman {

struct HttpReply;

struct Exchange {
  int64_t micros = 0;  // on the server's clock
  std::string user;
  std::string scheme;   // how the user authenticated: "Basic", "Negotiate", "Kerberos", "Certificate"; empty: anonymous
  bool sealed = false;  // the message came (and its answer went) encrypted
  std::string node;    // the cluster node that answered (its view); empty outside any
  std::string action;  // the short name: Identify, Get, Put, Enumerate, Pull, Release, Invoke, ...
  std::string resourceUri;
  std::string nameSpace;
  std::string className;
  std::string method;  // Invoke only
  std::map<std::string, std::string> selectors;
  std::map<std::string, std::string> parameters;  // Invoke: IN parameters as sent (text)
  std::string filterDialect;
  std::string filter;
  int httpStatus = 0;  // 0: no answer was sent
  std::string fault;   // the fault subcode ("w:InvalidSelectors"), empty on success
  bool bodyless = false;  // an empty POST: a client priming authentication, not a request
};

// Exchange::action of a request that could not be read: an empty POST, a body that is no envelope.
inline constexpr const char* kEmptyAction = "(empty)";
inline constexpr const char* kUnreadableAction = "(unreadable)";
// Exchange::action of a request whose credentials the transport refused (journal only).
inline constexpr const char* kRefusedAction = "(refused)";
// Every short name Exchange::action takes for a request that was read ("Identify", "Get", ...).
const std::vector<std::string>& exchangeActionNames();

// What an observer makes happen to a request before its operation runs.
struct Intervention {
  enum class Kind { Delay, HttpStatus, Fault, DropConnection, LoseAnswer };
  Kind kind = Kind::Fault;
  int64_t delayMillis = 0;  // Delay: real time, whatever the job clock does
  int httpStatus = 503;     // HttpStatus
  Fault fault = Fault::TimedOut;
};

class ExchangeObserver {
 public:
  virtual ~ExchangeObserver() = default;
  // Before the operation, with the request described; the first observer that intervenes wins.
  virtual std::optional<Intervention> intervene(const Exchange&) { return std::nullopt; }
  // After the reply is decided (real elapsed `seconds`, deliberately not the job clock).
  virtual void observe(const Exchange&, const HttpReply&, double /*seconds*/) {}
};

}  // namespace cimdouble::wsman
