#include "jobs/job_engine.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <type_traits>

#include "cimom/case_insensitive.h"
#include "jobs/error_objects.h"

namespace cimdouble::jobs {
namespace {

// The first entry (how the job began) stays; the oldest after it go first.
void appendHistory(std::vector<HistoryEntry>& history, HistoryEntry entry) {
  if (history.size() >= kMaxJobHistory) history.erase(history.begin() + 1);
  history.push_back(std::move(entry));
}

using cimom::CimType;
using cimom::Value;

std::size_t foldedHash(const std::string& id) { return std::hash<std::string>{}(cimom::toLowerAscii(id)); }

// Errors of a job stopped by a client (GetErrorEx reports them, as the seed describes).
ErrorTemplate stoppedError(JobState state) {
  ErrorTemplate e;
  e.message = state == JobState::Killed ? "The job was killed." : "The job was cancelled by the user.";
  e.messageId = "32768";
  e.errorType = 4;
  e.perceivedSeverity = 2;  // Information
  e.cimStatusCode = 1;
  return e;
}

// The kind of a job instance no fixture described (a MOF fixture's, or one staged under
// `instances`), so that behaviour rules for that kind apply: by class and MigrationType; a
// migration job of a MigrationType no kind has (Staged, or NULL) as a live migration, any
// other job class as a reference point's creation.
const JobKind& kindOfInstance(const cimom::Instance& instance) {
  const Value* type = instance.get("MigrationType");
  std::optional<uint16_t> migrationType;
  if (type && !type->isNull()) migrationType = static_cast<uint16_t>(type->asUnsigned());
  std::optional<uint16_t> jobType;
  if (const Value* t = instance.get("JobType"); t && !t->isNull()) jobType = static_cast<uint16_t>(t->asUnsigned());
  if (const JobKind* kind = jobKindOf(instance.className(), migrationType, jobType)) return *kind;
  return *jobKindNamed(cimom::iequals(instance.className(), "Msvm_MigrationJob") ? "migration" : "create-reference-point");
}

// A scalar property read with `read` (&Value::asBool, ...); nullopt when absent or NULL.
template <typename Read>
auto valueOf(const cimom::Instance& instance, const char* name, Read read)
    -> std::optional<std::decay_t<std::invoke_result_t<Read, const Value&>>> {
  const Value* v = instance.get(name);
  if (!v || v->isNull() || v->isArray()) return std::nullopt;
  return std::invoke(read, *v);
}

}  // namespace

JobEngine::JobEngine(const cimom::ClassRepository& repository, cimom::InstanceStore& store,
                     const cimom::QueryEngine& query, const time::Clock& clock, time::IdSource& ids,
                     BehaviorTable behaviors, StatusTable statuses)
    : repository_(repository),
      store_(store),
      query_(query),
      clock_(clock),
      ids_(ids),
      behaviors_(std::move(behaviors)),
      statuses_(std::move(statuses)) {}

int64_t JobEngine::elapsed(const Job& job, int64_t now) const {
  return job.elapsedBeforeMicros + (job.state == JobState::Running ? std::max<int64_t>(0, now - job.runStartMicros) : 0);
}

cimom::Result<cimom::ObjectPath> JobEngine::submit(JobSpec spec) {
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.nowMicros();
  Job job;
  spec.match.kind = spec.kind->name;
  job.behavior = behaviors_.select(spec.match);
  job.runStartMicros = job.changedMicros = now;
  appendHistory(job.history, {now, JobState::Running, 0, statusText(job, JobState::Running)});

  JobIdentity identity;
  identity.instanceId = spec.kind->vendor->instanceIdPrefix + ids_.newGuid();
  identity.submittedMicros = identity.startedMicros = now;
  identity.cancellable = job.behavior.cancellable;
  cimom::Instance instance = newJobInstance(*spec.kind, spec.nameSpace, identity);
  for (const cimom::PropertyValue& p : spec.properties) instance.set(p.name, p.value);
  const JobProgress progress = progressOf(job);
  writeProgress(instance, progress, statuses_, *spec.kind->vendor);
  auto path = store_.create(spec.nameSpace, instance);
  if (!path) return path.error();
  job.path = std::move(path).value();
  job.written = progress;

  const JobVendor& vendor = *spec.kind->vendor;
  for (const cimom::ObjectPath& element : spec.affected) {
    if (auto linked = store_.create(spec.nameSpace, affectedJobElement(vendor, element, job.path, spec.nameSpace));
        !linked) {
      return linked.error();
    }
  }
  if (spec.owner) {
    if (auto linked = store_.create(spec.nameSpace, owningJobElement(vendor, *spec.owner, job.path, spec.nameSpace));
        !linked) {
      return linked.error();
    }
  }
  job.spec = std::move(spec);
  Job& stored = jobs_.emplace(job.path.canonical(), std::move(job)).first->second;
  advance(stored, now);  // a job of zero duration is done at once
  if (cimom::Status shown = publish(stored); !shown) return shown.error();
  return stored.path;
}

void JobEngine::transition(Job& job, JobState state, int64_t at, const std::string& message) {
  if (job.state == JobState::Running) {
    job.elapsedBeforeMicros += std::max<int64_t>(0, at - job.runStartMicros);
    job.progressBaseMicros += std::max<int64_t>(0, at - job.runStartMicros);
  }
  if (state == JobState::Running) job.runStartMicros = at;
  job.state = state;
  job.changedMicros = at;
  if (isFinished(state)) job.finishedMicros = at;
  appendHistory(job.history, {at, state, job.percent, message.empty() ? statusText(job, state) : message});
}

void JobEngine::stop(Job& job, JobState state, int64_t at) {
  const ErrorTemplate error = stoppedError(state);
  job.errors = {makeJobError(*job.spec.kind->vendor, error, job.spec.errorSource)};
  transition(job, state, at, error.message);
}

const std::string& JobEngine::statusText(const Job& job, JobState state) const {
  auto it = job.behavior.statusText.find(state);
  return it != job.behavior.statusText.end() ? it->second : statuses_.look(state).jobStatus;
}

void JobEngine::advance(Job& job, int64_t now) {
  if (job.state != JobState::Running || job.staged) return;
  const JobBehavior& b = job.behavior;
  const double progress = b.percentAt(job.progressBaseMicros + std::max<int64_t>(0, now - job.runStartMicros));
  // When the progress reached `target`: the moment state changes are dated with.
  auto reachedAt = [&](double target) {
    return job.runStartMicros + std::max<int64_t>(0, b.runMicrosAt(target) - job.progressBaseMicros);
  };
  const bool failsFirst = b.failAtPercent && (!b.stallAtPercent || *b.failAtPercent <= *b.stallAtPercent);
  if (failsFirst && progress >= *b.failAtPercent) {
    job.percent = *b.failAtPercent;
    job.errors = {makeJobError(*job.spec.kind->vendor, b.error, job.spec.errorSource)};
    job.failedByBehavior = true;
    transition(job, b.failState, reachedAt(*b.failAtPercent), b.error.message);
  } else if (b.stallAtPercent && progress >= *b.stallAtPercent) {
    job.percent = *b.stallAtPercent;
  } else if (progress >= 100) {
    job.percent = 100;
    transition(job, JobState::Completed, reachedAt(100), {});
  } else {
    job.percent = static_cast<uint16_t>(std::floor(progress));
  }
}

JobProgress JobEngine::progressOf(const Job& job) const {
  JobProgress p;
  p.state = job.state;
  p.percent = job.percent;
  p.changedMicros = job.changedMicros;
  const int64_t now = std::max(clock_.nowMicros(), job.changedMicros);
  p.elapsedMicros = elapsed(job, isFinished(job.state) ? job.finishedMicros : now);
  p.status = statusText(job, job.state);
  if (endedInFailure(job.state)) {
    p.errorCode = job.failedByBehavior ? job.behavior.errorCode : static_cast<uint16_t>(JobReturn::Failed);
    p.errorDescription = job.failedByBehavior && !job.behavior.errorDescription.empty() ? job.behavior.errorDescription
                                                                                        : job.history.back().message;
    p.errorSummary = job.history.back().message;
  }
  return p;
}

cimom::Status JobEngine::publish(Job& job) {
  const bool completing = job.state == JobState::Completed && job.spec.onComplete;
  if (!completing && job.written && *job.written == progressOf(job)) return cimom::okStatus();
  auto current = store_.get(job.path);
  if (!current) return cimom::okStatus();  // removed under us (e.g. a fixture reset): nothing to show
  cimom::Instance instance = **current;
  if (completing) {
    auto effect = std::move(job.spec.onComplete);
    job.spec.onComplete = nullptr;  // exactly once
    if (cimom::Status done = effect(instance); !done) {
      // It never completed: the effect's failure is how it ended.
      job.history.pop_back();
      ErrorTemplate error = job.behavior.error;
      error.message = done.error().message;
      job.errors = {makeJobError(*job.spec.kind->vendor, error, job.spec.errorSource)};
      job.state = JobState::Exception;
      appendHistory(job.history, {job.changedMicros, job.state, job.percent, error.message});
    }
  }
  if (isFinished(job.state) && job.state != JobState::Completed && job.spec.onEnd) {
    auto undo = std::move(job.spec.onEnd);
    job.spec.onEnd = nullptr;  // exactly once
    job.spec.onComplete = nullptr;
    if (cimom::Status undone = undo(); !undone) return undone;
  }
  const JobProgress progress = progressOf(job);
  if (job.spec.onProgress) {
    if (cimom::Status followed = job.spec.onProgress(progress.state, progress.percent); !followed) return followed;
  }
  writeProgress(instance, progress, statuses_, *job.spec.kind->vendor);
  auto written = store_.modify(job.spec.nameSpace.empty() ? instance.nameSpace() : job.spec.nameSpace, instance);
  if (!written) return written.error();
  job.written = progress;
  return cimom::okStatus();
}

JobEngine::Job* JobEngine::known(const cimom::ObjectPath& path) {
  auto it = jobs_.find(path.canonical());
  return it == jobs_.end() ? nullptr : &it->second;
}

JobEngine::Job* JobEngine::knownOrAdopted(const cimom::ObjectPath& path) {
  if (Job* job = known(path)) return job;
  return adopted(path);
}

JobEngine::Job* JobEngine::adopted(const cimom::ObjectPath& path) {
  auto found = store_.get(path);
  if (!found) return nullptr;
  const cimom::Instance& instance = **found;
  cimom::ClassPtr cls = repository_.findClass(path.nameSpace(), instance.className());
  if (!cls || !repository_.isA(path.nameSpace(), cls->name, "CIM_ConcreteJob")) return nullptr;
  // The path as the store names it (a client may have named the job through a superclass).
  cimom::ObjectPath actual = instance.path(*cls);
  actual.setNameSpace(path.nameSpace());
  if (Job* job = known(actual)) return job;

  // A job staged by a fixture, adopted as it is: it keeps its state until asked to change,
  // unless the fixture says it runs on.
  const StagedJob* details = stagedDetails(instance);
  Job job;
  job.staged = !(details && details->runs);
  job.path = actual;
  job.spec.nameSpace = path.nameSpace();
  job.spec.kind = details && details->kind ? details->kind : &kindOfInstance(instance);
  job.behavior = details && details->behavior ? *details->behavior
                                              : behaviors_.select({job.spec.kind->name, {}, {}, {}, {}, {}});
  job.behavior.cancellable = valueOf(instance, "Cancellable", &Value::asBool).value_or(false);
  job.state = static_cast<JobState>(valueOf(instance, "JobState", &Value::asUnsigned).value_or(uint64_t{4}));
  job.percent = static_cast<uint16_t>(valueOf(instance, "PercentComplete", &Value::asUnsigned).value_or(0));
  job.progressBaseMicros = job.behavior.runMicrosAt(job.percent);
  job.runStartMicros = job.changedMicros = clock_.nowMicros();
  if (auto ran = valueOf(instance, "ElapsedTime", &Value::asDateTime); ran && ran->isInterval()) {
    job.elapsedBeforeMicros = ran->micros();
  }
  if (auto changed = valueOf(instance, "TimeOfLastStateChange", &Value::asDateTime); changed && changed->isTimestamp()) {
    job.changedMicros = changed->micros();
  }
  if (job.state == JobState::Running && !job.staged) job.runStartMicros = job.changedMicros = clock_.nowMicros();
  if (isFinished(job.state)) job.finishedMicros = job.changedMicros;
  if (details && details->errorSource) job.spec.errorSource = *details->errorSource;
  if (job.state == JobState::Exception) {
    job.failedByBehavior = true;
    ErrorTemplate e = details && details->error ? *details->error : job.behavior.error;
    if (auto description = valueOf(instance, "ErrorDescription", &Value::asString); description && !(details && details->error)) {
      e.message = *description;
    }
    job.errors = {makeJobError(*job.spec.kind->vendor, e, job.spec.errorSource)};
  }
  appendHistory(job.history, {job.changedMicros, job.state, job.percent, "staged"});
  const std::string key = actual.canonical();
  return &jobs_.emplace(key, std::move(job)).first->second;
}

cimom::Status JobEngine::removeJob(const std::string& key) {
  auto it = jobs_.find(key);
  if (it == jobs_.end()) return cimom::okStatus();
  const Job& job = it->second;
  if (store_.get(job.path)) {  // else a reset or a new fixture took it, links and all
    const ClusterLookup lookup = cluster(job.spec.nameSpace);
    const JobVendor& vendor = *job.spec.kind->vendor;
    if (cimom::Status s = lookup.removeLinksTo(job.path, vendor.owningJobElement, "OwnedElement"); !s) return s;
    if (cimom::Status s = lookup.removeWithLinks(job.path, vendor.affectedJobElement, "AffectingElement"); !s) return s;
  }
  jobs_.erase(it);
  return cimom::okStatus();
}

cimom::Status JobEngine::refresh() {
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.nowMicros();
  std::vector<std::string> finished;
  for (auto& [key, job] : jobs_) {
    if (job.staged) continue;  // keeps its state until a client acts on it
    advance(job, now);
    if (cimom::Status shown = publish(job); !shown) return shown;
    if (!isFinished(job.state)) continue;
    auto instance = store_.get(job.path);
    if (!instance) {
      finished.push_back(key);  // removed by someone else
      continue;
    }
    const bool deleteNow = valueOf(**instance, "DeleteOnCompletion", &Value::asBool).value_or(false);
    const auto keepFor = valueOf(**instance, "TimeBeforeRemoval", &Value::asDateTime);
    const int64_t keep = keepFor && keepFor->isInterval() ? keepFor->micros() : 300'000'000;
    if (deleteNow || now - job.finishedMicros >= keep) finished.push_back(key);
  }
  for (const std::string& key : finished) {
    if (cimom::Status removed = removeJob(key); !removed) return removed;
  }
  return cimom::okStatus();
}

JobReturn JobEngine::requestStateChange(const cimom::ObjectPath& path, const Value& requestedState,
                                        const Value& timeoutPeriod) {
  std::lock_guard lock(mutex_);
  Job* job = knownOrAdopted(path);
  if (!job) return JobReturn::InvalidParameter;
  const int64_t now = clock_.nowMicros();
  advance(*job, now);
  // TimeoutPeriod must be an interval ("The interval format must be used"); Hyper-V does not
  // honour it, and its job classes' ValueMap has no 4098, so any interval is accepted and the
  // transition made as without one.
  if (!timeoutPeriod.isNull() &&
      (timeoutPeriod.isArray() || timeoutPeriod.type() != CimType::DateTime || !timeoutPeriod.asDateTime().isInterval())) {
    return JobReturn::InvalidParameter;
  }
  if (requestedState.isNull() || requestedState.isArray()) return JobReturn::InvalidParameter;
  if (const uint16_t only = job->spec.kind->vendor->onlyRequestedState; only && requestedState.asUnsigned() != only) {
    return JobReturn::NotSupported;
  }
  switch (requestedState.asUnsigned()) {
    case 2:  // Start: resume a suspended job
      if (job->state != JobState::Suspended) return JobReturn::InvalidState;
      transition(*job, JobState::Running, now, {});
      break;
    case 3:  // Suspend
      if (job->state != JobState::Running) return JobReturn::InvalidState;
      transition(*job, JobState::Suspended, now, {});
      break;
    case 4:  // Terminate: a clean stop, only for jobs that can be cancelled
      if (isFinished(job->state) || !job->behavior.cancellable) return JobReturn::InvalidState;
      stop(*job, JobState::Terminated, now);
      break;
    case 5:  // Kill
      if (isFinished(job->state)) return JobReturn::InvalidState;
      stop(*job, JobState::Killed, now);
      break;
    case 6:  // Service: Hyper-V jobs have no service state
      return JobReturn::NotSupported;
    default:
      return JobReturn::InvalidParameter;
  }
  return publish(*job) ? JobReturn::Completed : JobReturn::Failed;
}

const JobVendor& JobEngine::vendorOf(const cimom::ObjectPath& path) {
  std::lock_guard lock(mutex_);
  Job* job = knownOrAdopted(path);
  return job ? *job->spec.kind->vendor : kHyperVJobs;
}

KillJobReturn JobEngine::killJob(const cimom::ObjectPath& path, bool deleteOnKill) {
  std::lock_guard lock(mutex_);
  Job* job = knownOrAdopted(path);
  if (!job) return KillJobReturn::Failed;
  const int64_t now = clock_.nowMicros();
  advance(*job, now);
  if (isFinished(job->state)) return KillJobReturn::Failed;
  stop(*job, JobState::Killed, now);
  if (!publish(*job)) return KillJobReturn::Failed;
  if (deleteOnKill && !removeJob(job->path.canonical())) return KillJobReturn::Failed;
  return KillJobReturn::Success;
}

std::vector<cimom::InstancePtr> JobEngine::errors(const cimom::ObjectPath& path) {
  std::lock_guard lock(mutex_);
  Job* job = knownOrAdopted(path);
  if (!job) return {};
  advance(*job, clock_.nowMicros());
  return job->errors;
}

void JobEngine::reset() {
  std::lock_guard lock(mutex_);
  jobs_.clear();
  // Every staged job is the engine's from the start, so /jobs and health list it before any
  // client touches it; those that do not run keep their state until asked to change.
  for (const auto& staged : stagedJobs_) adopted(staged->path);
}

void JobEngine::setStagedJobs(StagedJobs staged) {
  {
    std::lock_guard lock(mutex_);
    stagedJobs_ = std::move(staged);
    stagedByInstanceId_.clear();
    for (std::size_t i = 0; i < stagedJobs_.size(); ++i) indexStagedJob(i);
  }
  reset();
}

void JobEngine::indexStagedJob(std::size_t index) {
  const cimom::Value* key = stagedJobs_[index]->path.key("InstanceID");
  if (!key || key->isNull()) return;
  // The same job staged in two namespaces has one InstanceID: the first entry describes it.
  if (stagedById(key->asString())) return;
  stagedByInstanceId_.emplace(foldedHash(key->asString()), index);
}

const StagedJob* JobEngine::stagedById(const std::string& id) const {
  auto [first, last] = stagedByInstanceId_.equal_range(foldedHash(id));
  for (auto it = first; it != last; ++it) {
    const StagedJob* staged = stagedJobs_[it->second].get();
    if (cimom::iequals(staged->path.key("InstanceID")->asString(), id)) return staged;
  }
  return nullptr;
}

void JobEngine::addStagedJobs(StagedJobs staged) {
  std::lock_guard lock(mutex_);
  for (auto& job : staged) {
    stagedJobs_.push_back(std::move(job));
    indexStagedJob(stagedJobs_.size() - 1);
    adopted(stagedJobs_.back()->path);
  }
}

void JobEngine::setBehaviors(BehaviorTable behaviors) {
  std::lock_guard lock(mutex_);
  behaviors_ = std::move(behaviors);
}

const StagedJob* JobEngine::stagedDetails(const cimom::Instance& instance) const {
  const Value* id = instance.get("InstanceID");
  if (!id || id->isNull()) return nullptr;
  return stagedById(id->asString());
}

std::vector<JobEngine::JobSummary> JobEngine::summaries() {
  std::lock_guard lock(mutex_);
  std::vector<JobSummary> out;
  for (const auto& [key, job] : jobs_) out.push_back({job.path, job.state, job.percent, job.staged, job.history});
  return out;
}

std::vector<HistoryEntry> JobEngine::history(const cimom::ObjectPath& path) {
  std::lock_guard lock(mutex_);
  Job* job = knownOrAdopted(path);
  return job ? job->history : std::vector<HistoryEntry>{};
}

cimom::Result<bool> JobEngine::hasActiveJob(const cimom::ObjectPath& element) {
  std::lock_guard lock(mutex_);
  return cluster(element.nameSpace()).hasActiveJob(element);
}

}  // namespace cimdouble::jobs
