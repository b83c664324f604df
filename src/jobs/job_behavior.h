// How a job behaves is data, not code: how long it runs, whether it stalls, whether and where
// it fails (state, error code, Msvm_Error contents), whether it can be cancelled. Each job kind
// has a default (its row of the catalogue, job_kind.h); rules matched by VM, host, collection
// or method override it. Fixture files carry them (app/fixture/fixture_behaviors.cpp reads them).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jobs/job_state.h"

namespace cimdouble::jobs {

// What an Msvm_Error says (CIM_Error 2.22.1 properties).
struct ErrorTemplate {
  std::string message;
  std::string messageId;
  std::vector<std::string> messageArguments;
  uint16_t errorType = 4;          // Software Error
  uint16_t perceivedSeverity = 6;  // Critical
  uint16_t probableCause = 0;
  std::string probableCauseDescription;
  std::vector<std::string> recommendedActions;
  uint32_t cimStatusCode = 1;  // CIM_ERR_FAILED
};

struct JobBehavior {
  int64_t durationMicros = 30'000'000;
  std::optional<uint16_t> failAtPercent;  // fails when progress reaches it
  JobState failState = JobState::Exception;
  uint16_t errorCode = 32768;  // ErrorCode of the failed job (Hyper-V's "Failed")
  std::string errorDescription;
  ErrorTemplate error;
  std::optional<uint16_t> stallAtPercent;  // stays Running at this percent forever
  bool cancellable = true;
  // PercentComplete against running time: (fraction of the duration, percent) points joined by
  // straight lines, both rising; empty: one straight line from (0, 0) to (1, 100).
  std::vector<std::pair<double, double>> progressCurve;
  // JobStatus/StatusDescriptions text per state for jobs of this behaviour (else StatusTable's).
  std::map<JobState, std::string> statusText;

  // The percent reached after `runMicros` of running, and the running time a percent needs.
  double percentAt(int64_t runMicros) const;
  int64_t runMicrosAt(double percent) const;
};

// What a job is about, for rule matching. Empty fields match anything.
struct BehaviorMatch {
  std::string kind;        // a JobKind's name
  std::string vm;          // VM ElementName or GUID
  std::string host;        // destination (migrations) or hosting node
  std::string collection;  // VM collection ElementName or CollectionID
  std::string method;
  std::string volume;      // an array replica's source volume ElementName (storage arrays)
};

struct BehaviorRule {
  BehaviorMatch match;
  JobBehavior behavior;
};

class BehaviorTable {
 public:
  BehaviorTable();  // each kind's default, from the catalogue
  void setDefault(const std::string& kind, JobBehavior behavior);
  void addRule(BehaviorRule rule);
  // The last added rule that matches, else the kind's default.
  JobBehavior select(const BehaviorMatch& job) const;

 private:
  std::vector<std::pair<std::string, JobBehavior>> defaults_;
  std::vector<BehaviorRule> rules_;
};

}  // namespace cimdouble::jobs
