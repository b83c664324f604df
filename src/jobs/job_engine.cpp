#include "jobs/job_engine.h"

#include <algorithm>
#include <cmath>

#include "cimom/case_insensitive.h"
#include "jobs/error_objects.h"

namespace cimdouble::jobs {
namespace {

std::size_t foldedHash(const std::string& id) { return std::hash<std::string>{}(cimom::toLowerAscii(id)); }

using cimom::CimType;
using cimom::DateTime;
using cimom::Value;

Value uint16s(const std::vector<uint16_t>& values) {
  std::vector<cimom::Scalar> scalars;
  for (uint16_t v : values) scalars.emplace_back(uint64_t{v});
  return Value::array(CimType::UInt16, std::move(scalars));
}

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

// A staged job's kind, so that the fixture's behaviour rules for that kind apply to it: read
// from its class and MigrationType through the table the providers and the fixture loader use.
// A migration job with a MigrationType no kind has (Staged, or NULL) runs as a live migration;
// any other job class as a reference point's creation.
const char* kindOfStagedJob(const cimom::Instance& instance) {
  const Value* type = instance.get("MigrationType");
  std::optional<uint16_t> migrationType;
  if (type && !type->isNull()) migrationType = static_cast<uint16_t>(type->asUnsigned());
  if (const JobKindLook* look = jobKindLookOf(instance.className(), migrationType)) return look->kind;
  if (cimom::iequals(instance.className(), "Msvm_MigrationJob")) return kLiveMigration;
  return kCreateReferencePoint;
}

}  // namespace

JobEngine::JobEngine(cimom::ClassRepository& repository, cimom::InstanceStore& store, const time::Clock& clock, time::IdSource& ids,
                     BehaviorTable behaviors, StatusTable statuses)
    : repository_(repository),
      store_(store),
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
  spec.match.kind = spec.kind;
  job.behavior = behaviors_.select(spec.match);
  job.submittedMicros = job.runStartMicros = job.changedMicros = now;

  cimom::Instance instance(spec.className, spec.nameSpace);
  instance.set("InstanceID", Value::string("Microsoft:" + ids_.newGuid()));
  instance.set("Name", Value::string(spec.caption));
  instance.set("Caption", Value::string(spec.caption));
  instance.set("ElementName", Value::string(spec.caption));
  if (!spec.description.empty()) instance.set("Description", Value::string(spec.description));
  instance.set("Cancellable", Value::boolean(job.behavior.cancellable));
  instance.set("DeleteOnCompletion", Value::boolean(false));
  instance.set("ErrorCode", Value::unsignedInt(CimType::UInt16, 0));
  instance.set("Priority", Value::unsignedInt(CimType::UInt32, 0));
  instance.set("TimeSubmitted", Value::datetime(DateTime::timestamp(now)));
  instance.set("StartTime", Value::datetime(DateTime::timestamp(now)));
  cimom::ClassPtr cls = repository_.findClass(spec.nameSpace, spec.className);
  if (spec.jobType && cls && cls->property("JobType")) {
    instance.set("JobType", Value::unsignedInt(CimType::UInt16, spec.jobType));
  }
  for (const cimom::PropertyValue& p : spec.properties) instance.set(p.name, p.value);
  auto path = store_.create(spec.nameSpace, instance);
  if (!path) return path.error();
  job.path = std::move(path).value();

  for (const cimom::ObjectPath& element : spec.affected) {
    cimom::Instance link("Msvm_AffectedJobElement", spec.nameSpace);
    link.set("AffectedElement", Value::reference(element));
    link.set("AffectingElement", Value::reference(job.path));
    link.set("ElementEffects", uint16s({5}));  // Manages
    (void)store_.create(spec.nameSpace, link);
  }
  if (spec.owner) {
    cimom::Instance link("Msvm_OwningJobElement", spec.nameSpace);
    link.set("OwningElement", Value::reference(*spec.owner));
    link.set("OwnedElement", Value::reference(job.path));
    (void)store_.create(spec.nameSpace, link);
  }
  job.spec = std::move(spec);
  job.history.push_back({now, JobState::Running, 0, statusText(job, JobState::Running)});
  const std::string key = job.path.canonical();
  auto [it, inserted] = jobs_.emplace(key, std::move(job));
  (void)inserted;
  write(it->second);
  advance(it->second, now);  // a job of zero duration is done at once
  cimom::ObjectPath result = it->second.path;
  return result;
}

void JobEngine::transition(Job& job, JobState state, int64_t at, const std::string& message) {
  if (job.state == JobState::Running) job.elapsedBeforeMicros += std::max<int64_t>(0, at - job.runStartMicros);
  if (job.state == JobState::Running) job.progressBaseMicros += std::max<int64_t>(0, at - job.runStartMicros);
  if (state == JobState::Running) job.runStartMicros = at;
  job.state = state;
  job.changedMicros = at;
  if (isFinished(state)) job.finishedMicros = at;
  job.history.push_back({at, state, job.percent, message.empty() ? statusText(job, state) : message});
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
    job.errors = {makeMsvmError(b.error, job.spec.errorSource)};
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
  write(job);
}

void JobEngine::write(Job& job) {
  auto current = store_.get(job.path);
  if (!current) return;  // removed under us (e.g. a fixture reset): nothing to show
  cimom::Instance instance = **current;
  const StateLook& look = statuses_.look(job.state);
  const std::string& status = statusText(job, job.state);
  const int64_t now = std::max(clock_.nowMicros(), job.changedMicros);
  instance.set("JobState", Value::unsignedInt(CimType::UInt16, static_cast<uint16_t>(job.state)));
  instance.set("PercentComplete", Value::unsignedInt(CimType::UInt16, job.percent));
  instance.set("JobStatus", Value::string(status));
  instance.set("StatusDescriptions", Value::array(CimType::String, {status}));
  instance.set("OperationalStatus", uint16s(look.operationalStatus));
  instance.set("HealthState", Value::unsignedInt(CimType::UInt16, look.healthState));
  instance.set("PrimaryStatus", Value::unsignedInt(CimType::UInt16, look.primaryStatus));
  instance.set("TimeOfLastStateChange", Value::datetime(DateTime::timestamp(job.changedMicros)));
  instance.set("ElapsedTime", Value::datetime(DateTime::interval(elapsed(job, isFinished(job.state) ? job.finishedMicros : now))));
  const bool failed = job.state == JobState::Exception || job.state == JobState::Terminated || job.state == JobState::Killed;
  if (failed) {
    instance.set("ErrorCode", Value::unsignedInt(CimType::UInt16, job.failedByBehavior ? uint64_t{job.behavior.errorCode} : uint64_t{kFailed}));
    const std::string description = job.failedByBehavior && !job.behavior.errorDescription.empty()
                                        ? job.behavior.errorDescription
                                        : job.history.back().message;
    instance.set("ErrorDescription", Value::string(description));
    instance.set("ErrorSummaryDescription", Value::string(job.history.back().message));
  }
  if (job.state == JobState::Completed && job.spec.onComplete) {
    auto effect = std::move(job.spec.onComplete);
    job.spec.onComplete = nullptr;  // exactly once
    effect(instance);
  }
  (void)store_.modify(job.spec.nameSpace.empty() ? instance.nameSpace() : job.spec.nameSpace, instance);
}

JobEngine::Job* JobEngine::find(const cimom::ObjectPath& path) {
  auto instance = store_.get(path);
  if (!instance) return nullptr;
  cimom::ClassPtr cls = repository_.findClass(path.nameSpace(), (*instance)->className());
  if (!cls || !repository_.isA(path.nameSpace(), cls->name, "CIM_ConcreteJob")) return nullptr;
  cimom::ObjectPath actual = (*instance)->path(*cls);
  actual.setNameSpace(path.nameSpace());
  const std::string key = actual.canonical();
  auto it = jobs_.find(key);
  if (it != jobs_.end()) return &it->second;

  // A job staged by a fixture: adopted as it is. It keeps its state until asked to change,
  // unless the fixture says it runs on.
  const StagedJob* details = stagedDetails(**instance);
  Job job;
  job.staged = !(details && details->runs);
  job.path = actual;
  job.spec.nameSpace = path.nameSpace();
  job.spec.className = cls->name;
  job.spec.kind = kindOfStagedJob(**instance);
  job.behavior = details && details->behavior ? *details->behavior : behaviors_.select({job.spec.kind, {}, {}, {}, {}});
  const Value* cancellable = (*instance)->get("Cancellable");
  job.behavior.cancellable = cancellable && !cancellable->isNull() && cancellable->asBool();
  const Value* state = (*instance)->get("JobState");
  job.state = state && !state->isNull() ? static_cast<JobState>(state->asUnsigned()) : JobState::Running;
  const Value* percent = (*instance)->get("PercentComplete");
  job.percent = percent && !percent->isNull() ? static_cast<uint16_t>(percent->asUnsigned()) : 0;
  job.progressBaseMicros = job.behavior.runMicrosAt(job.percent);
  job.runStartMicros = job.changedMicros = clock_.nowMicros();
  const Value* elapsedTime = (*instance)->get("ElapsedTime");
  if (elapsedTime && !elapsedTime->isNull() && elapsedTime->asDateTime().isInterval()) {
    job.elapsedBeforeMicros = elapsedTime->asDateTime().micros();
  }
  const Value* changed = (*instance)->get("TimeOfLastStateChange");
  if (changed && !changed->isNull() && changed->asDateTime().isTimestamp()) job.changedMicros = changed->asDateTime().micros();
  if (job.state == JobState::Running && !job.staged) job.runStartMicros = job.changedMicros = clock_.nowMicros();
  if (isFinished(job.state)) job.finishedMicros = job.changedMicros;
  if (details && details->errorSource) job.spec.errorSource = *details->errorSource;
  if (job.state == JobState::Exception) {
    job.failedByBehavior = true;
    ErrorTemplate e = details && details->error ? *details->error : job.behavior.error;
    const Value* description = (*instance)->get("ErrorDescription");
    if (!(details && details->error) && description && !description->isNull()) e.message = description->asString();
    job.errors = {makeMsvmError(e, job.spec.errorSource)};
  }
  job.history.push_back({job.changedMicros, job.state, job.percent, "staged"});
  return &jobs_.emplace(key, std::move(job)).first->second;
}

void JobEngine::removeJob(const std::string& key) {
  auto it = jobs_.find(key);
  if (it == jobs_.end()) return;
  const Job& job = it->second;
  const std::string jobKeys = job.path.canonicalKeys();
  for (const char* association : {"Msvm_AffectedJobElement", "Msvm_OwningJobElement"}) {
    const char* role = std::string(association) == "Msvm_AffectedJobElement" ? "AffectingElement" : "OwnedElement";
    auto links = store_.enumerate(job.spec.nameSpace, association, true);
    if (!links) continue;
    for (const cimom::InstancePtr& link : *links) {
      const Value* ref = link->get(role);
      if (!ref || ref->isNull() || ref->asReference().canonicalKeys() != jobKeys) continue;
      cimom::ClassPtr cls = repository_.findClass(job.spec.nameSpace, link->className());
      cimom::ObjectPath linkPath = link->path(*cls);
      linkPath.setNameSpace(job.spec.nameSpace);
      (void)store_.remove(linkPath);
    }
  }
  (void)store_.remove(job.path);
  jobs_.erase(it);
}

void JobEngine::refresh() {
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.nowMicros();
  std::vector<std::string> finished;
  for (auto& [key, job] : jobs_) {
    advance(job, now);
    if (!isFinished(job.state) || job.staged) continue;
    auto instance = store_.get(job.path);
    if (!instance) {
      finished.push_back(key);  // removed by someone else
      continue;
    }
    const Value* deleteOnCompletion = (*instance)->get("DeleteOnCompletion");
    const Value* timeBeforeRemoval = (*instance)->get("TimeBeforeRemoval");
    const bool deleteNow = deleteOnCompletion && !deleteOnCompletion->isNull() && deleteOnCompletion->asBool();
    const int64_t keep = timeBeforeRemoval && !timeBeforeRemoval->isNull() && timeBeforeRemoval->asDateTime().isInterval()
                             ? timeBeforeRemoval->asDateTime().micros()
                             : 300'000'000;
    if (deleteNow || now - job.finishedMicros >= keep) finished.push_back(key);
  }
  for (const std::string& key : finished) removeJob(key);
}

uint32_t JobEngine::requestStateChange(const cimom::ObjectPath& path, const Value& requestedState,
                                       const Value& timeoutPeriod) {
  std::lock_guard lock(mutex_);
  Job* job = find(path);
  if (!job) return kInvalidParameter;
  const int64_t now = clock_.nowMicros();
  advance(*job, now);
  if (!timeoutPeriod.isNull() && !timeoutPeriod.isArray() && timeoutPeriod.type() == CimType::DateTime &&
      !(timeoutPeriod.asDateTime().isInterval() && timeoutPeriod.asDateTime().micros() == 0)) {
    return kTimeoutNotSupported;
  }
  if (requestedState.isNull() || requestedState.isArray()) return kInvalidParameter;
  const uint64_t requested = requestedState.asUnsigned();
  switch (requested) {
    case 2:  // Start: resume a suspended job
      if (job->state != JobState::Suspended) return kInvalidState;
      transition(*job, JobState::Running, now, {});
      break;
    case 3:  // Suspend
      if (job->state != JobState::Running) return kInvalidState;
      transition(*job, JobState::Suspended, now, {});
      break;
    case 4:  // Terminate: a clean stop, only for jobs that can be cancelled
      if (isFinished(job->state)) return kInvalidState;
      if (!job->behavior.cancellable) return kInvalidState;
      job->errors = {makeMsvmError(stoppedError(JobState::Terminated), job->spec.errorSource)};
      transition(*job, JobState::Terminated, now, stoppedError(JobState::Terminated).message);
      break;
    case 5:  // Kill
      if (isFinished(job->state)) return kInvalidState;
      job->errors = {makeMsvmError(stoppedError(JobState::Killed), job->spec.errorSource)};
      transition(*job, JobState::Killed, now, stoppedError(JobState::Killed).message);
      break;
    case 6:  // Service: Hyper-V jobs have no service state
      return kNotSupported;
    default:
      return kInvalidParameter;
  }
  write(*job);
  return kCompleted;
}

uint32_t JobEngine::killJob(const cimom::ObjectPath& path, bool deleteOnKill) {
  std::lock_guard lock(mutex_);
  Job* job = find(path);
  if (!job) return 4;
  advance(*job, clock_.nowMicros());
  if (isFinished(job->state)) return 4;  // CIM_Job.KillJob: Failed
  job->errors = {makeMsvmError(stoppedError(JobState::Killed), job->spec.errorSource)};
  transition(*job, JobState::Killed, clock_.nowMicros(), stoppedError(JobState::Killed).message);
  write(*job);
  if (deleteOnKill) removeJob(job->path.canonical());
  return 0;
}

std::vector<cimom::InstancePtr> JobEngine::errors(const cimom::ObjectPath& path) {
  std::lock_guard lock(mutex_);
  Job* job = find(path);
  if (!job) return {};
  advance(*job, clock_.nowMicros());
  return job->errors;
}

void JobEngine::reset() {
  std::lock_guard lock(mutex_);
  jobs_.clear();
  for (const auto& staged : stagedJobs_) {
    if (staged->runs) (void)find(staged->path);
  }
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
    if (stagedJobs_.back()->runs) (void)find(stagedJobs_.back()->path);
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
  Job* job = find(path);
  return job ? job->history : std::vector<HistoryEntry>{};
}

bool JobEngine::hasActiveJob(const cimom::ObjectPath& element) {
  // Through the associations in the store, so that jobs staged by a fixture count too.
  std::lock_guard lock(mutex_);
  const std::string wanted = element.canonicalKeys();
  auto links = store_.enumerate(element.nameSpace(), "CIM_AffectedJobElement", true);
  if (!links) return false;
  for (const cimom::InstancePtr& link : *links) {
    const Value* affected = link->get("AffectedElement");
    const Value* job = link->get("AffectingElement");
    if (!affected || !job || affected->isNull() || job->isNull() || affected->asReference().canonicalKeys() != wanted) continue;
    cimom::ObjectPath jobPath = job->asReference();
    if (jobPath.nameSpace().empty()) jobPath.setNameSpace(element.nameSpace());
    auto instance = store_.get(jobPath);
    if (!instance) continue;
    const Value* state = (*instance)->get("JobState");
    if (state && !state->isNull() && !isFinished(static_cast<JobState>(state->asUnsigned()))) return true;
  }
  return false;
}

}  // namespace cimdouble::jobs
