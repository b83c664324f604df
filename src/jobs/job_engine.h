// The job engine: the CIM_ConcreteJob instances Hyper-V's long operations hand back, alive.
//
// A job advances on the Clock: Running, its PercentComplete rising with the time it has run,
// until it completes, fails or stalls as its JobBehavior says; it can be suspended, resumed,
// terminated and killed. Every change is written to the instance store (so Get, WQL polls and
// associations see it), with TimeOfLastStateChange, ElapsedTime, statuses and errors kept
// consistent. A completed job runs its completion effect (a migration moves its VM); finished
// jobs are removed after TimeBeforeRemoval, or at once with DeleteOnCompletion.
//
// Time moves only when someone looks: refresh() brings every job to the clock's now, and the
// WS-Man service calls it before each request. All state changes happen under one lock, so
// simultaneous requests on a job leave it in one consistent state and each caller gets a
// truthful return code.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "time/clock.h"
#include "time/id_source.h"
#include "jobs/job_behavior.h"
#include "jobs/job_state.h"

namespace cimdouble::jobs {

// Hyper-V's return codes for the job methods and the methods that start jobs (wire reference §11.3).
enum ReturnCode : uint32_t {
  kCompleted = 0,
  kJobStarted = 4096,
  kTimeoutNotSupported = 4098,  // CIM_ConcreteJob's "Use of Timeout Parameter Not Supported"
  kFailed = 32768,
  kAccessDenied = 32769,
  kNotSupported = 32770,
  kInvalidParameter = 32773,
  kInUse = 32774,
  kInvalidState = 32775,
};

struct JobSpec {
  std::string nameSpace;
  std::string className;  // Msvm_MigrationJob, Msvm_CollectionReferencePointExportJob, Msvm_ConcreteJob
  std::string kind;       // behaviour table key (job_behavior.h)
  BehaviorMatch match;
  std::string caption;    // Caption, ElementName and Name
  std::string description;
  uint16_t jobType = 0;   // Msvm_MigrationJob/Msvm_ConcreteJob JobType; 0: none
  std::vector<cimom::PropertyValue> properties;  // class-specific values
  std::vector<cimom::ObjectPath> affected;       // linked by Msvm_AffectedJobElement
  std::optional<cimom::ObjectPath> owner;        // linked by Msvm_OwningJobElement
  std::string errorSource;                       // ErrorSource of its errors
  // Runs once when the job completes, under the engine's lock: changes to the cluster, and
  // final values of the job itself (e.g. the exported file paths).
  std::function<void(cimom::Instance& job)> onComplete;
};

// What a fixture says about a job it stages, beyond the instance itself.
// Shared, not copied: a fixture of 100,000 jobs is held by the fixture, every sandbox and the
// engine at once. Details most jobs lack are pointers, null when absent.
struct StagedJob {
  cimom::ObjectPath path;                       // the job instance
  std::shared_ptr<const ErrorTemplate> error;   // its Msvm_Error (a failed job)
  std::shared_ptr<const std::string> errorSource;  // ErrorSource of its errors (jobs on one VM share it)
  // Runs on from its PercentComplete as `behavior` says (and is reaped like any job) instead
  // of keeping its state until a client acts on it.
  bool runs = false;
  std::shared_ptr<const JobBehavior> behavior;
};
using StagedJobs = std::vector<std::shared_ptr<const StagedJob>>;

struct HistoryEntry {
  int64_t micros;
  JobState state;
  uint16_t percent;
  std::string message;
};

class JobEngine {
 public:
  JobEngine(cimom::ClassRepository& repository, cimom::InstanceStore& store, const time::Clock& clock, time::IdSource& ids,
            BehaviorTable behaviors, StatusTable statuses = {});

  // Creates the job instance and its associations; returns its path.
  cimom::Result<cimom::ObjectPath> submit(JobSpec spec);
  // Brings every job to the clock's now.
  void refresh();

  // RequestStateChange: 2 Start, 3 Suspend, 4 Terminate, 5 Kill, 6 Service. Returns Hyper-V's code.
  uint32_t requestStateChange(const cimom::ObjectPath& job, const cimom::Value& requestedState,
                              const cimom::Value& timeoutPeriod);
  // KillJob (deprecated CIM_Job method): CIM_Job's codes (0 Success, 4 Failed).
  uint32_t killJob(const cimom::ObjectPath& job, bool deleteOnKill);
  std::vector<cimom::InstancePtr> errors(const cimom::ObjectPath& job);
  std::vector<HistoryEntry> history(const cimom::ObjectPath& job);
  // Whether an unfinished job affects the element (a VM being migrated is "in use").
  bool hasActiveJob(const cimom::ObjectPath& element);

  // Forgets every job (after the store was reset to its staged state); staged jobs that run
  // start running again from their staged state.
  void reset();
  // The fixture's word on the jobs it stages (replaces any earlier word); call with the
  // fixture's instances in the store. Jobs that run are adopted at once.
  void setStagedJobs(StagedJobs staged);
  // More staged jobs (a fixture merged into the running state); jobs under way are kept.
  void addStagedJobs(StagedJobs staged);
  // Replaces the behaviour table (a fixture was loaded).
  void setBehaviors(BehaviorTable behaviors);

  struct JobSummary {
    cimom::ObjectPath path;
    JobState state;
    uint16_t percent;
    bool staged;
    std::vector<HistoryEntry> history;
  };
  // The jobs the engine knows (started, or staged and acted upon), with their histories.
  std::vector<JobSummary> summaries();

  time::IdSource& ids() { return ids_; }
  cimom::ClassRepository& repository() { return repository_; }
  const BehaviorTable& behaviors() const { return behaviors_; }

 private:
  struct Job {
    JobSpec spec;
    cimom::ObjectPath path;
    JobBehavior behavior;
    JobState state = JobState::Running;
    uint16_t percent = 0;
    int64_t progressBaseMicros = 0;  // running time credited to progress before runStartMicros
    int64_t submittedMicros = 0;
    int64_t runStartMicros = 0;     // when it last started running
    int64_t elapsedBeforeMicros = 0;  // running time before the last start
    int64_t changedMicros = 0;        // TimeOfLastStateChange
    int64_t finishedMicros = -1;
    bool staged = false;  // came from a fixture: never reaped
    bool failedByBehavior = false;  // failed as its behaviour says (not stopped by a client)
    std::vector<cimom::InstancePtr> errors;
    std::vector<HistoryEntry> history;
  };

  Job* find(const cimom::ObjectPath& path);  // adopts a staged job on first use; mutex_ held
  const StagedJob* stagedDetails(const cimom::Instance& instance) const;
  const StagedJob* stagedById(const std::string& instanceId) const;
  void indexStagedJob(std::size_t index);  // mutex_ held
  const std::string& statusText(const Job& job, JobState state) const;
  void advance(Job& job, int64_t now);
  void transition(Job& job, JobState state, int64_t at, const std::string& message);
  void write(Job& job);
  void removeJob(const std::string& key);
  int64_t elapsed(const Job& job, int64_t now) const;

  cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  const time::Clock& clock_;
  time::IdSource& ids_;
  BehaviorTable behaviors_;
  StatusTable statuses_;
  StagedJobs stagedJobs_;
  // Hash of the folded InstanceID -> index (100,000 staged jobs need no copy of their ids).
  std::unordered_multimap<std::size_t, std::size_t> stagedByInstanceId_;
  std::mutex mutex_;
  std::map<std::string, Job> jobs_;  // by canonical path
};

}  // namespace cimdouble::jobs
