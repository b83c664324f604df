#include "control/metrics.h"

#include <cstdio>

namespace cimdouble::control {

void Metrics::record(const std::string& action, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{action, status}];
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  ++histogram_[bucket];
  sum_ += seconds;
  ++count_;
}

void Metrics::recordScheme(const std::string& scheme, bool sealed) {
  std::lock_guard lock(mutex_);
  ++schemes_[{scheme.empty() ? "anonymous" : scheme, sealed}];
}

void RefusalCounter::add(const std::string& scheme, const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++counts_[{scheme, reason}];
}

std::string RefusalCounter::render() const {
  std::lock_guard lock(mutex_);
  std::string out = "# HELP cimdouble_authentication_failures_total Requests refused for their credentials, by scheme and "
                    "reason (the whole server's).\n# TYPE cimdouble_authentication_failures_total counter\n";
  for (const auto& [key, n] : counts_) {
    out += "cimdouble_authentication_failures_total{scheme=\"" + key.first + "\",reason=\"" + key.second + "\"} " +
           std::to_string(n) + "\n";
  }
  return out;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out = "# HELP cimdouble_requests_total WS-Management requests by action and HTTP status.\n"
                    "# TYPE cimdouble_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += "cimdouble_requests_total{action=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " +
           std::to_string(n) + "\n";
  }
  out += "# HELP cimdouble_requests_by_scheme_total WS-Management requests by authentication scheme and message "
         "encryption.\n# TYPE cimdouble_requests_by_scheme_total counter\n";
  for (const auto& [key, n] : schemes_) {
    out += "cimdouble_requests_by_scheme_total{scheme=\"" + key.first + "\",encrypted=\"" +
           (key.second ? "true" : "false") + "\"} " + std::to_string(n) + "\n";
  }
  if (refusals_) out += refusals_->render();
  out += "# HELP cimdouble_request_duration_seconds Time to answer a WS-Management request.\n"
         "# TYPE cimdouble_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  char le[32];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += histogram_[i];
    std::snprintf(le, sizeof le, "%g", kBuckets[i]);
    out += "cimdouble_request_duration_seconds_bucket{le=\"" + std::string(le) + "\"} " + std::to_string(cumulative) + "\n";
  }
  cumulative += histogram_.back();
  out += "cimdouble_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  char sum[64];
  std::snprintf(sum, sizeof sum, "%.6f", sum_);
  out += "cimdouble_request_duration_seconds_sum " + std::string(sum) + "\n";
  out += "cimdouble_request_duration_seconds_count " + std::to_string(count_) + "\n";
  return out;
}

}  // namespace cimdouble::control
