// How a job behaves is data, not code: how long it runs, whether it stalls, whether and where
// it fails (state, error code, Msvm_Error contents), whether it can be cancelled. Each job kind
// has a default; rules matched by VM, host, collection or method override it. Fixture files
// carry them (app/fixture_behaviors.cpp reads them).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobs/job_state.h"

namespace cimdouble::jobs {

// The kinds of job the providers start.
inline constexpr const char* kLiveMigration = "migration";
inline constexpr const char* kStorageMigration = "storage-migration";
inline constexpr const char* kFullMigration = "vm-and-storage-migration";
inline constexpr const char* kExport = "export";
inline constexpr const char* kCreateReferencePoint = "create-reference-point";
inline constexpr const char* kDestroyReferencePoint = "destroy-reference-point";

// How a job of a kind looks when started (by a provider, or staged by a fixture): its class,
// Caption/Name/ElementName, Description ("" for none), MigrationType and JobType (0: none).
struct JobKindLook {
  const char* kind;
  const char* className;
  const char* caption;
  const char* description;
  uint16_t migrationType;
  uint16_t jobType;
};
// The migrations and the export; nullptr for other kinds.
const JobKindLook* jobKindLook(std::string_view kind);
// The same table read the other way, for a job met as an instance (a staged one): its class
// and, for a migration, its MigrationType. nullptr when no kind looks like that.
const JobKindLook* jobKindLookOf(std::string_view className, std::optional<uint16_t> migrationType);

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
  std::string kind;
  std::string vm;          // VM ElementName or GUID
  std::string host;        // destination (migrations) or hosting node
  std::string collection;  // VM collection ElementName or CollectionID
  std::string method;
};

struct BehaviorRule {
  BehaviorMatch match;
  JobBehavior behavior;
};

class BehaviorTable {
 public:
  BehaviorTable();  // a default per kind
  void setDefault(const std::string& kind, JobBehavior behavior);
  void addRule(BehaviorRule rule);
  // The last added rule that matches, else the kind's default.
  JobBehavior select(const BehaviorMatch& job) const;

 private:
  std::vector<std::pair<std::string, JobBehavior>> defaults_;
  std::vector<BehaviorRule> rules_;
};

}  // namespace cimdouble::jobs
