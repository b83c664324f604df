#include "jobs/job_staging.h"

#include "jobs/cluster_lookup.h"
#include "jobs/job_writer.h"

namespace cimdouble::jobs {
namespace {

// Hyper-V's statuses, not a fixture's overrides: a staged job looks as Hyper-V left it.
const StatusTable& hyperVStatuses() {
  static const StatusTable kStatuses;
  return kStatuses;
}

JobProgress stagedProgress(const StagedJobDescription& job) {
  JobProgress progress;
  progress.state = job.state;
  progress.percent = job.percent;
  progress.changedMicros = job.startedMicros + job.elapsedMicros;
  progress.elapsedMicros = job.elapsedMicros;
  progress.status = hyperVStatuses().look(job.state).jobStatus;
  if (endedInFailure(job.state)) {
    const std::string message = job.error ? job.error->message : progress.status;
    progress.errorCode = job.errorCode;
    progress.errorDescription = job.errorDescription.value_or(message);
    progress.errorSummary = job.errorSummary.value_or(message);
  }
  return progress;
}

}  // namespace

std::vector<StagingProblem> checkStagedJob(const StagedJobDescription& job) {
  std::vector<StagingProblem> problems;
  job.kind->stager->check(job, problems);
  if (job.runs && job.state != JobState::Running) problems.push_back({"runs", "only a Running job can run on"});
  return problems;
}

std::optional<StagedJobPlan> planStagedJob(const StagedJobDescription& job, const ClusterLookup& cluster,
                                           StagingProblem& problem) {
  JobIdentity identity;
  identity.instanceId = "Microsoft:" + job.id;
  identity.submittedMicros = job.submittedMicros;
  identity.startedMicros = job.startedMicros;
  identity.cancellable = job.cancellable;
  identity.owner = job.owner;
  StagedJobPlan plan{newJobInstance(*job.kind, {}, identity), {}, std::nullopt, {}};
  writeProgress(plan.job, stagedProgress(job), hyperVStatuses());
  if (!job.kind->stager->stage(job, cluster, plan, problem)) return std::nullopt;
  // A job lives on the node where its method was invoked: its owning service's.
  if (plan.owner) {
    if (cimom::InstancePtr owner = cluster.get(*plan.owner)) plan.job.setServer(owner->server());
  }
  return plan;
}

std::vector<cimom::Instance> stagedJobLinks(const StagedJobPlan& plan, const cimom::ObjectPath& jobPath) {
  // Fixtures stage Hyper-V's kinds only (JobKind::stager).
  std::vector<cimom::Instance> links{affectedJobElement(kHyperVJobs, plan.affected, jobPath, {})};
  if (plan.owner) links.push_back(owningJobElement(kHyperVJobs, *plan.owner, jobPath, {}));
  return links;
}

std::shared_ptr<const StagedJob> stagedJobRecord(const StagedJobDescription& job, const cimom::ObjectPath& path,
                                                 const BehaviorTable& behaviors,
                                                 std::shared_ptr<const std::string> errorSource) {
  auto staged = std::make_shared<StagedJob>();
  staged->path = path;
  staged->kind = job.kind;
  if (endedInFailure(job.state)) {
    ErrorTemplate error = job.error.value_or(behaviors.select({job.kind->name, {}, {}, {}, {}, {}}).error);
    if (!job.error && job.errorDescription) error.message = *job.errorDescription;
    staged->error = std::make_shared<const ErrorTemplate>(std::move(error));
  }
  staged->errorSource = std::move(errorSource);
  staged->runs = job.runs;
  if (job.behavior) staged->behavior = std::make_shared<const JobBehavior>(*job.behavior);
  return staged;
}

}  // namespace cimdouble::jobs
