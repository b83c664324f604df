// Prometheus metrics of the WS-Man service: requests by action and HTTP status, by
// authentication scheme (and whether sealed), refused authentications by scheme and reason,
// and a latency histogram. Gauges (live jobs, open enumeration contexts) are added by the control
// plane when it renders. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "wsman/exchange.h"
#include "wsman/wsman_service.h"

namespace cimdouble::control {

// Refused authentications, for the whole server: a refused request belongs to no sandbox, so
// every sandbox's metrics show the same counts.
class RefusalCounter {
 public:
  void add(const std::string& scheme, const std::string& reason);
  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, uint64_t> counts_;
};

class Metrics : public wsman::ExchangeObserver {
 public:
  void observe(const wsman::Exchange& exchange, const wsman::HttpReply& reply, double seconds) override {
    record(exchange.action, reply.status, seconds);
    if (!exchange.bodyless) recordScheme(exchange.scheme, exchange.sealed);
  }
  void record(const std::string& action, int status, double seconds);
  // A request by how it was authenticated ("" for anonymous).
  void recordScheme(const std::string& scheme, bool sealed);
  // Where the server counts refused authentications (none: not shown).
  void showRefusals(std::shared_ptr<const RefusalCounter> refusals) { refusals_ = std::move(refusals); }
  // The counters and histogram in Prometheus text format (version 0.0.4).
  std::string render() const;

 private:
  static constexpr std::array<double, 10> kBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1.0};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, bool>, uint64_t> schemes_;
  std::shared_ptr<const RefusalCounter> refusals_;
  std::array<uint64_t, kBuckets.size() + 1> histogram_{};  // last: +Inf
  double sum_ = 0;
  uint64_t count_ = 0;
};

}  // namespace cimdouble::control
