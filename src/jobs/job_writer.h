// The one writer of job instances: a CIM_ConcreteJob subclass instance of a kind and its
// Msvm_AffectedJobElement / Msvm_OwningJobElement links, from what the job is (its kind and
// identity) and how far it has come (state, percent, times, error). The engine writes the jobs
// it runs with it and fixture staging the jobs it stages, so both look alike to a client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cimom/instance.h"
#include "cimom/object_path.h"
#include "jobs/job_kind.h"
#include "jobs/job_state.h"

namespace cimdouble::jobs {

// What is set once, when the job is made.
struct JobIdentity {
  std::string instanceId;  // "Microsoft:<GUID>"
  int64_t submittedMicros = 0;
  int64_t startedMicros = 0;
  bool cancellable = true;
  std::optional<std::string> owner;  // CIM_Job.Owner, when someone is named
};

// What changes as the job runs.
struct JobProgress {
  JobState state = JobState::Running;
  uint16_t percent = 0;
  int64_t changedMicros = 0;  // TimeOfLastStateChange
  int64_t elapsedMicros = 0;  // ElapsedTime: the time it has run
  std::string status;         // JobStatus and StatusDescriptions[0]
  // A job that ended in failure (endedInFailure) carries these; others keep ErrorCode 0.
  uint16_t errorCode = 0;
  std::string errorDescription;
  std::string errorSummary;

  bool operator==(const JobProgress&) const = default;
};

// A new job of `kind` in `nameSpace` ("" when the store places it): identity and the
// properties that never change; its class's own properties are the caller's.
cimom::Instance newJobInstance(const JobKind& kind, const std::string& nameSpace, const JobIdentity& identity);
// Sets everything `progress` says on `job`, with the state's OperationalStatus, HealthState
// and PrimaryStatus from `statuses`.
void writeProgress(cimom::Instance& job, const JobProgress& progress, const StatusTable& statuses,
                   const JobVendor& vendor = kHyperVJobs);

// The links a job has, of its vendor's classes: to what it works on (ElementEffects Manages),
// and to its owner.
cimom::Instance affectedJobElement(const JobVendor& vendor, const cimom::ObjectPath& element,
                                   const cimom::ObjectPath& job, const std::string& nameSpace);
cimom::Instance owningJobElement(const JobVendor& vendor, const cimom::ObjectPath& owner, const cimom::ObjectPath& job,
                                 const std::string& nameSpace);

}  // namespace cimdouble::jobs
