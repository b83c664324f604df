// Open WS-Enumeration contexts: the items an Enumerate found, waiting to be pulled.
// Contexts belong to the user who opened them, expire after a period without use (measured
// on the Clock they are given: real time in the service), and are capped per user (beyond
// the cap: w:QuotaLimit, never a silent 500).
// Safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cimom/instance.h"
#include "time/clock.h"
#include "wsman/resource_uri.h"

namespace cimdouble::wsman {

enum class EnumerationMode { Objects, EndpointReferences, ObjectsAndEndpointReferences };

struct EnumerationState {
  std::string user;
  std::string nameSpace;
  UriStyle style = UriStyle::Dmtf;
  EnumerationMode mode = EnumerationMode::Objects;
  bool preciseArrays = false;  // as the Enumerate asked: every Pull writes the items alike
  std::vector<cimom::InstancePtr> items;
  std::size_t next = 0;  // index of the next item to deliver
  int64_t lastUsedMicros = 0;
};

class EnumerationContexts {
 public:
  EnumerationContexts(const time::Clock& clock, int64_t expiryMicros, std::size_t maxPerUser)
      : clock_(clock), expiryMicros_(expiryMicros), maxPerUser_(maxPerUser) {}

  // Stores the state and returns its context id ("uuid:..."); nullopt when the user is at quota.
  std::optional<std::string> open(EnumerationState state);
  // Takes the state out for a Pull (so two Pulls on one context never interleave); nullopt
  // when unknown, expired or not this user's.
  std::optional<EnumerationState> take(const std::string& id, const std::string& user);
  // Puts a state back after a Pull that did not finish it.
  void putBack(const std::string& id, EnumerationState state);
  bool release(const std::string& id, const std::string& user);
  std::size_t size();
  std::size_t openBy(const std::string& user);  // the user's live contexts
  void clear();

 private:
  void expire();  // callers hold mutex_

  const time::Clock& clock_;
  int64_t expiryMicros_;
  std::size_t maxPerUser_;
  std::mutex mutex_;
  std::map<std::string, EnumerationState> states_;
};

}  // namespace cimdouble::wsman
