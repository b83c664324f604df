// The request journal: every WS-Man request received, with what it asked and how it ended,
// so a test can check what the tool under test sent (WireMock's request journal, for WS-Man).
// Queryable by field, clearable, and able to say, when nothing matches, which requests came
// nearest and what differed. Can be turned off for load runs. Thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "wsman/exchange.h"

namespace cimdouble::control {

// An exchange as the WS-Man service described it, numbered in the order received.
struct JournalEntry : wsman::Exchange {
  uint64_t sequence = 0;
};

// A query: every non-empty field must equal the entry's (case-insensitive); selectors and
// parameters must be present with those values.
struct JournalQuery {
  std::map<std::string, std::string> fields;  // user, action, resourceUri, namespace, class, method, filter, fault
  std::map<std::string, std::string> selectors;
  std::map<std::string, std::string> parameters;
};

struct NearMiss {
  JournalEntry entry;
  std::vector<std::string> differences;  // "class: wanted X, was Y"
};

// What one entry keeps at most: longer texts (a 480 KB WQL filter, a huge parameter) are cut
// to their first kMaxEntryText bytes and say how long they were, and only the first
// kMaxEntryPairs selectors and parameters are kept. A request refused before authentication
// is kept as a summary only (action, fault, status): nobody can clear the shared sandbox's
// journal under --isolate-by-user, so anonymous callers must not fill it.
inline constexpr std::size_t kMaxEntryText = 4096;
inline constexpr std::size_t kMaxEntryPairs = 64;

class Journal : public wsman::ExchangeObserver {
 public:
  // Keeps the latest `capacity` entries, and at most `maxBytes` of them (the oldest tenth
  // goes when either is full), so a server that runs for days holds a bounded journal.
  explicit Journal(std::size_t capacity = 10000, std::size_t maxBytes = 64 * 1024 * 1024)
      : capacity_(std::max<std::size_t>(capacity, 10)), maxBytes_(maxBytes) {}

  void record(JournalEntry entry);
  // Every exchange but the bodyless authentication probes.
  void observe(const wsman::Exchange& exchange, const wsman::HttpReply& reply, double seconds) override;
  std::vector<JournalEntry> find(const JournalQuery& query) const;
  // The entries that differ from the query in the fewest fields (at most `limit`, the
  // earliest among equals); only those are copied.
  std::vector<NearMiss> nearMisses(const JournalQuery& query, std::size_t limit = 3) const;
  void clear();
  void setEnabled(bool enabled);
  bool enabled() const;
  std::size_t size() const;

 private:
  static std::vector<std::string> differences(const JournalQuery& query, const JournalEntry& entry);

  mutable std::mutex mutex_;
  std::vector<JournalEntry> entries_;
  std::size_t capacity_;
  std::size_t maxBytes_;
  std::size_t bytes_ = 0;  // what entries_ keeps, roughly (bytesOf)
  uint64_t next_ = 1;
  bool enabled_ = true;
};

}  // namespace cimdouble::control
