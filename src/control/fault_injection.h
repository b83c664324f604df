// Fault injection: rules that make the double misbehave on cue, matched by action, class,
// method, selectors, the Nth matching call or a probability, with effects a real WinRM
// deployment produces: a delay, an HTTP status, a WS-Man fault (w:TimedOut, w:EncodingLimit,
// w:QuotaLimit, n:InvalidEnumerationContext, w:AccessDenied, ...), the connection dropped
// before the answer, or the answer lost after the operation took effect (the lost Pull).
// CIM-XML requests match as action "cimxml:<method>" and take a CIM error (DSP0200's ERROR
// element) where WS-Man's take a fault.
// Rules are one-shot or standing. Thread-safe; probabilities use a seeded generator.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cimom/result.h"
#include "wsman/fault.h"
#include "control/journal.h"
#include "wsman/exchange.h"

namespace cimdouble::control {

enum class InjectedEffect { Delay, HttpStatus, Fault, DropConnection, LoseAnswer, CimError };

struct FaultRule {
  uint64_t id = 0;
  // Match (empty fields match anything; compared case-insensitively).
  std::string node;    // the cluster node answering (HV-NODE2)
  std::string action;  // Get, Put, Enumerate, Pull, Release, Invoke, Identify, ...
  std::string className;
  std::string method;
  std::map<std::string, std::string> selectors;
  uint64_t nth = 0;          // only the Nth matching request (1-based); 0: every one
  double probability = 1.0;  // of the matching requests, this share
  bool oneShot = false;      // removed once it has fired
  // Effect.
  InjectedEffect effect = InjectedEffect::Fault;
  int64_t delayMinMillis = 0;
  int64_t delayMaxMillis = 0;
  int httpStatus = 503;
  wsman::Fault fault = wsman::Fault::TimedOut;
  std::string faultName;  // as given, for listing
  uint16_t cimStatus = 1;        // CimError: a DSP0200 status code (1 CIM_ERR_FAILED ... 28)
  std::string cimDescription;
  // Counters.
  uint64_t matched = 0;
  uint64_t fired = 0;
};

// The fault named "w:TimedOut", "wsman:TimedOut", "n:InvalidEnumerationContext",
// "wsen:InvalidEnumerationContext", "AccessDenied", ... (nullopt: no such fault).
std::optional<wsman::Fault> faultByName(const std::string& name);

// Rules a sandbox holds at most: a test needs a handful, and a request is matched against the
// rules of its action (and those of any action) in turn.
inline constexpr std::size_t kMaxFaultRules = 1000;

class FaultInjector : public wsman::ExchangeObserver {
 public:
  explicit FaultInjector(uint64_t seed = 0x5eed) : random_(seed) {}

  // The new rule's id; 0 when kMaxFaultRules rules are already there (the rule is not added).
  uint64_t add(FaultRule rule);
  bool remove(uint64_t id);
  void clear();
  std::vector<FaultRule> list() const;
  // The rule that fires for this request, if any (the first added that matches).
  std::optional<FaultRule> decide(const wsman::Exchange& request);
  // What the rule that fires makes the service do (a delay picked within its range).
  std::optional<wsman::Intervention> intervene(const wsman::Exchange& request) override;
  // A delay within the rule's range.
  int64_t delayOf(const FaultRule& rule);

 private:
  // Whether `rule` matches the request, its `nth` and `probability` aside. mutex_ held.
  bool matches(const FaultRule& rule, const wsman::Exchange& request) const;

  mutable std::mutex mutex_;
  // The rules by action (lower-cased; "" for the rules of any action), each list in the order
  // the rules were added: a request looks at its action's rules and the any-action ones only.
  std::map<std::string, std::vector<FaultRule>> byAction_;
  std::size_t count_ = 0;
  uint64_t next_ = 1;
  std::mt19937_64 random_;
};

}  // namespace cimdouble::control
