// The job engine: the state machine and the clock of the CIM_ConcreteJob instances Hyper-V's
// long operations hand back, and nothing else. What a job looks like is job_writer.h's; what
// a kind is, job_kind.h's; what starts one, the providers'.
//
// A job advances on the Clock: Running, its PercentComplete rising with the time it has run,
// until it completes, fails or stalls as its JobBehavior says; it can be suspended, resumed,
// terminated and killed. A job that reaches 100 % runs its completion effect (a migration
// moves its VM); an effect that fails puts the job in Exception with the effect's error.
// Finished jobs are removed after TimeBeforeRemoval, or at once with DeleteOnCompletion.
//
// Time moves only when someone looks: refresh() brings every job to the clock's now, and the
// WS-Man service calls it before each request; a job is written to the store only when what
// it shows changed. All state changes happen under one lock, so simultaneous requests on a
// job leave it in one consistent state and each caller gets a truthful return code.
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
#include "cimom/query_engine.h"
#include "jobs/cluster_lookup.h"
#include "jobs/job_behavior.h"
#include "jobs/job_kind.h"
#include "jobs/job_staging.h"
#include "jobs/job_state.h"
#include "jobs/job_writer.h"
#include "jobs/return_codes.h"
#include "time/clock.h"
#include "time/id_source.h"

namespace cimdouble::jobs {

struct JobSpec {
  std::string nameSpace;
  const JobKind* kind = nullptr;
  BehaviorMatch match;                           // what rules match on (the kind is set from `kind`)
  std::vector<cimom::PropertyValue> properties;  // the class's own values
  std::vector<cimom::ObjectPath> affected;       // linked by Msvm_AffectedJobElement
  std::optional<cimom::ObjectPath> owner;        // linked by Msvm_OwningJobElement
  std::string errorSource;                       // ErrorSource of its errors
  // Runs once when the job reaches 100 %, under the engine's lock: changes to the cluster,
  // and final values of the job itself (e.g. the exported file paths). An error fails the
  // job (Exception, the error's message as its ErrorDescription) instead of completing it.
  std::function<cimom::Status(cimom::Instance& job)> onComplete;
  // Runs once when the job ends any other way (failed, terminated, killed, or its completion
  // effect failed), under the engine's lock: undoes what starting it did (a VM's transitional
  // state). Its error is reported, not shown in the job.
  std::function<cimom::Status()> onEnd;
  // Runs whenever what the job shows changes (its state or percent), under the engine's lock,
  // after onComplete/onEnd and before the job is written: the objects that follow its progress
  // (a replica's CopyState and PercentSynced). An error is reported as the store's refusal.
  std::function<cimom::Status(JobState state, uint16_t percent)> onProgress;
};

struct HistoryEntry {
  int64_t micros;
  JobState state;
  uint16_t percent;
  std::string message;
};

// Entries a job's history keeps, bounded like the journal: a client toggling Suspend and
// Start forever must not grow the server without end (the first entry and the latest stay).
inline constexpr std::size_t kMaxJobHistory = 256;

class JobEngine {
 public:
  JobEngine(const cimom::ClassRepository& repository, cimom::InstanceStore& store, const cimom::QueryEngine& query,
            const time::Clock& clock, time::IdSource& ids, BehaviorTable behaviors, StatusTable statuses = {});

  // Creates the job instance and its associations; returns its path.
  cimom::Result<cimom::ObjectPath> submit(JobSpec spec);
  // Brings every job to the clock's now (writing those whose look changed) and reaps the
  // finished ones whose time is up. An error means the store refused a write.
  cimom::Status refresh();

  // RequestStateChange: 2 Start, 3 Suspend, 4 Terminate, 5 Kill, 6 Service.
  JobReturn requestStateChange(const cimom::ObjectPath& job, const cimom::Value& requestedState,
                               const cimom::Value& timeoutPeriod);
  // Whose job it is (Hyper-V's for a path that names none): its return codes and classes.
  const JobVendor& vendorOf(const cimom::ObjectPath& job);
  // KillJob (deprecated CIM_Job method).
  KillJobReturn killJob(const cimom::ObjectPath& job, bool deleteOnKill);
  std::vector<cimom::InstancePtr> errors(const cimom::ObjectPath& job);
  std::vector<HistoryEntry> history(const cimom::ObjectPath& job);
  // Whether an unfinished job affects the element (a VM being migrated is "in use"); jobs
  // staged by a fixture count too.
  cimom::Result<bool> hasActiveJob(const cimom::ObjectPath& element);

  // Forgets every job (after the store was reset to its staged state); staged jobs that run
  // start running again from their staged state.
  void reset();
  // The fixture's word on the jobs it stages (replaces any earlier word); call with the
  // fixture's instances in the store. Every staged job is adopted at once (listed from the start); those that do not run keep their state.
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

  // The cluster as the providers see it in `nameSpace`.
  ClusterLookup cluster(const std::string& nameSpace) const { return {repository_, store_, query_, nameSpace}; }
  time::IdSource& ids() { return ids_; }
  const time::Clock& clock() const { return clock_; }
  const BehaviorTable& behaviors() const { return behaviors_; }

 private:
  struct Job {
    JobSpec spec;
    cimom::ObjectPath path;
    JobBehavior behavior;
    JobState state = JobState::Running;
    uint16_t percent = 0;
    int64_t progressBaseMicros = 0;   // running time credited to progress before runStartMicros
    int64_t runStartMicros = 0;       // when it last started running
    int64_t elapsedBeforeMicros = 0;  // running time before the last start
    int64_t changedMicros = 0;        // TimeOfLastStateChange
    int64_t finishedMicros = -1;
    bool staged = false;            // came from a fixture and keeps its state: never reaped
    bool failedByBehavior = false;  // failed as its behaviour says (not stopped by a client)
    std::vector<cimom::InstancePtr> errors;
    std::vector<HistoryEntry> history;
    std::optional<JobProgress> written;  // what the store shows of it, when the engine wrote it
  };

  // mutex_ held for all of these.
  Job* known(const cimom::ObjectPath& path);    // a job the engine runs or has adopted
  Job* adopted(const cimom::ObjectPath& path);  // a staged job, taken over on first use
  Job* knownOrAdopted(const cimom::ObjectPath& path);
  const StagedJob* stagedDetails(const cimom::Instance& instance) const;
  const StagedJob* stagedById(const std::string& instanceId) const;
  void indexStagedJob(std::size_t index);
  const std::string& statusText(const Job& job, JobState state) const;
  // The state machine: where the job is at `now` (no store access).
  void advance(Job& job, int64_t now);
  void transition(Job& job, JobState state, int64_t at, const std::string& message);
  void stop(Job& job, JobState state, int64_t at);  // terminated or killed by a client
  JobProgress progressOf(const Job& job) const;
  // Runs a pending completion effect and writes the job if what it shows changed.
  cimom::Status publish(Job& job);
  cimom::Status removeJob(const std::string& key);
  int64_t elapsed(const Job& job, int64_t now) const;

  const cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  const cimom::QueryEngine& query_;
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
