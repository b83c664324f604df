// Jobs that exist before anyone asked for them: what a fixture says about one (read from YAML
// by app/fixture, which knows no CIM property names), the instance and links that makes, and
// what the engine keeps of it. The kinds' provider files say what each kind adds (JobStager).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cimom/instance.h"
#include "cimom/object_path.h"
#include "jobs/job_behavior.h"
#include "jobs/job_kind.h"
#include "jobs/job_state.h"

namespace cimdouble::jobs {

class ClusterLookup;

// One entry of a fixture's `jobs` section (fixtures/README.md).
struct StagedJobDescription {
  const JobKind* kind = nullptr;
  std::string id;  // the GUID; InstanceID is "Microsoft:<id>"
  std::optional<std::string> vm, destination, collection, referencePoint, baseReferencePoint, exportDirectory, owner;
  JobState state = JobState::Running;
  uint16_t percent = 0;
  int64_t submittedMicros = 0, startedMicros = 0, elapsedMicros = 0;
  bool cancellable = true;
  uint16_t errorCode = 32768;  // of a job that ended in failure (Hyper-V's "Failed")
  std::optional<std::string> errorDescription, errorSummary;
  std::optional<ErrorTemplate> error;  // its Msvm_Error
  bool runs = false;                   // runs on from its percent as `behavior` says
  std::optional<JobBehavior> behavior;
};

// Why a staged job cannot be made: the entry's field at fault ("vm", "destination", ...; ""
// for the entry itself) and a message for the fixture's author.
struct StagingProblem {
  std::string field;
  std::string message;
};

// A staged job before it is stored: the instance, and what its links point at.
struct StagedJobPlan {
  cimom::Instance job;
  cimom::ObjectPath affected;              // Msvm_AffectedJobElement.AffectedElement
  std::optional<cimom::ObjectPath> owner;  // Msvm_OwningJobElement.OwningElement
  std::string errorSource;                 // ErrorSource of its errors
};

// What a kind adds to a staged job; defined in the kind's provider file.
struct JobStager {
  // What an entry must name, checked once before any lookup.
  void (*check)(const StagedJobDescription& job, std::vector<StagingProblem>& problems);
  // The kind's own properties, what the job works on and who owns it; false with `problem`
  // set when the entry's names do not resolve in this namespace.
  bool (*stage)(const StagedJobDescription& job, const ClusterLookup& cluster, StagedJobPlan& plan,
                StagingProblem& problem);
};
extern const JobStager kMigrationStager;  // migration_provider.cpp
extern const JobStager kExportStager;     // reference_point_provider.cpp

// The problems of an entry that no lookup can fix (a name its kind needs is missing). Its kind
// must be one fixtures can stage (JobKind::stager).
std::vector<StagingProblem> checkStagedJob(const StagedJobDescription& job);
// The instance and links of an entry in the cluster `cluster` looks at; `problem` set when
// it names what is not there.
std::optional<StagedJobPlan> planStagedJob(const StagedJobDescription& job, const ClusterLookup& cluster,
                                           StagingProblem& problem);
// The links of a planned job once stored at `jobPath` ("" namespace: where the store puts them).
std::vector<cimom::Instance> stagedJobLinks(const StagedJobPlan& plan, const cimom::ObjectPath& jobPath);

// What the engine keeps of a staged job beyond its instance. Shared, not copied: a fixture of
// 100,000 jobs is held by the fixture, every sandbox and the engine at once. Details most jobs
// lack are pointers, null when absent.
struct StagedJob {
  cimom::ObjectPath path;                          // the job instance
  const JobKind* kind = nullptr;                   // null: a job instance a fixture declared itself
  std::shared_ptr<const ErrorTemplate> error;      // its Msvm_Error (a job that ended in failure)
  std::shared_ptr<const std::string> errorSource;  // ErrorSource of its errors (jobs on one VM share it)
  // Runs on from its PercentComplete as `behavior` says (and is reaped like any job) instead
  // of keeping its state until a client acts on it.
  bool runs = false;
  std::shared_ptr<const JobBehavior> behavior;
};
using StagedJobs = std::vector<std::shared_ptr<const StagedJob>>;

// The engine's record of a staged job stored at `path`; its Msvm_Error, when it ended in
// failure, defaults to the kind's behaviour in `behaviors`.
std::shared_ptr<const StagedJob> stagedJobRecord(const StagedJobDescription& job, const cimom::ObjectPath& path,
                                                 const BehaviorTable& behaviors,
                                                 std::shared_ptr<const std::string> errorSource);

}  // namespace cimdouble::jobs
