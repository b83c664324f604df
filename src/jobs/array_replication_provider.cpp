// TPD_ReplicationService, an SMI-S array's Replication Services (SMI-S 1.4) as HP 3PAR's CIM
// API reference documents them: CreateElementReplica and CreateGroupReplica make virtual copies
// (SyncType 7, at once: 0) and physical copies (SyncType 8, a TPD_ConcreteJob: 4096), with a
// TPD_StorageSynchronized per pair whose CopyState, ProgressStatus, SyncState and PercentSynced
// follow the job; ModifyReplicaSynchronization acts on those pairs with the operations the
// reference lists per replication type; TPD_ReplicationServiceCapabilities.GetSupportedOperations
// tells them. Every method answers 0, 1, 4, 5 or 4096, as 3PAR's do.
//
// WaitForCopyState takes the one value 3PAR accepts per kind of copy: 4 (Synchronized) for
// virtual copies and synchronous physical copies, 8 (Inactive) for asynchronous ones. A
// synchronous physical copy asked to wait is made within the call (no job, 0): the clock the
// tests drive does not move while a method runs. An asynchronous one returns at once: its pair
// is established before the copy starts. A synchronous physical copy (CopyType UnSyncUnAssoc)
// keeps its association only while it runs; an asynchronous one keeps it until detached.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "cimom/case_insensitive.h"
#include "cimom/datetime.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
#include "jobs/storage_array.h"

namespace cimdouble::jobs {
namespace {

using array::StorageArrays;
using array::VolumeKind;
using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;
using Answer = cimom::Result<MethodResult>;

// CIM_Synchronized.SyncType and Mode.
constexpr uint64_t kSnapshot = 7, kClone = 8, kMirror = 6;
constexpr uint64_t kSynchronous = 2, kAsynchronous = 3;
// CopyState values used here.
constexpr uint64_t kSynchronized = 4, kInactive = 8;
// CIM_ReplicationServiceCapabilities.SupportedReplicationTypes: 3PAR's local ones.
constexpr uint16_t kSyncSnapshotLocal = 6, kSyncCloneLocal = 10, kAsyncCloneLocal = 11;
// ModifyReplicaSynchronization.Operation values 3PAR serves.
constexpr uint64_t kAbort = 2, kDetach = 8, kDissolve = 9, kResync = 14, kRestore = 15, kReturnToPool = 19;

// What a pair shows: CopyState, ProgressStatus, SyncState (HP's table of the three).
struct PairLook {
  uint16_t copyState, progressStatus, syncState;
};
constexpr PairLook kCopying{3, 6, 5};        // Unsynchronized / Synchronizing / ResyncInProgress
constexpr PairLook kResyncing{3, 7, 15};     // Unsynchronized / Resyncing / Copy In Progress
constexpr PairLook kRestoring{4, 8, 10};     // Synchronized / Restoring / Restore In Progress
constexpr PairLook kCopied{4, 2, 14};        // Synchronized / Completed / Frozen: a physical copy's rest
constexpr PairLook kSnapshotIdle{4, 2, 11};  // Synchronized / Completed / Idle: a virtual copy's rest
constexpr PairLook kBroken{5, 15, 12};       // Broken / Not Applicable / Broken
constexpr PairLook kAborted{12, 15, 12};     // Aborted / Not Applicable / Broken

// The jobs that copy into a pair: their catalogue row, how the pair looks while one runs, and
// once it has completed.
struct CopyJob {
  const char* kind;
  PairLook running;
  PairLook done;
};
constexpr CopyJob kPhysicalCopy{"physical-copy", kCopying, kCopied};
constexpr CopyJob kResyncCopy{"physical-copy-resync", kResyncing, kCopied};
constexpr CopyJob kPromoteCopy{"virtual-copy-promote", kRestoring, kSnapshotIdle};

Value uint16(uint64_t v) { return Value::unsignedInt(CimType::UInt16, v); }

Answer answer(ReplicationReturn code, std::vector<cimom::PropertyValue> out = {}) { return methodResult(code, std::move(out)); }

std::optional<uint64_t> unsignedArgument(const MethodCall& call, const char* name) {
  const Value* v = call.argument(name);
  if (!v || v->isNull() || v->isArray()) return std::nullopt;
  return v->asUnsigned();
}

bool given(const MethodCall& call, const char* name) {
  const Value* v = call.argument(name);
  return v && !v->isNull();
}

std::optional<cimom::ObjectPath> referenceArgument(const MethodCall& call, const char* name) {
  const Value* v = call.argument(name);
  if (!v || v->isNull() || v->isArray() || v->type() != CimType::Reference) return std::nullopt;
  return v->asReference();
}

Value references(const std::vector<cimom::ObjectPath>& paths) {
  if (paths.empty()) return Value::null(CimType::Reference, true);
  std::vector<cimom::Scalar> scalars;
  for (const cimom::ObjectPath& path : paths) scalars.emplace_back(std::make_shared<const cimom::ObjectPath>(path));
  return Value::array(CimType::Reference, std::move(scalars));
}

cimom::DateTime now(const JobEngine& engine) { return cimom::DateTime::timestamp(engine.clock().nowMicros()); }

// The replication type of a pair (GetSupportedOperations' argument).
uint16_t replicationTypeOf(const cimom::Instance& pair) {
  if (unsignedOf(pair, "SyncType", 0) == kSnapshot) return kSyncSnapshotLocal;
  return unsignedOf(pair, "Mode", kSynchronous) == kAsynchronous ? kAsyncCloneLocal : kSyncCloneLocal;
}

std::vector<uint16_t> supportedOperations(uint16_t replicationType) {
  switch (replicationType) {
    case kSyncCloneLocal: return {kAbort};
    case kAsyncCloneLocal: return {kAbort, kDetach, kDissolve, kResync};
    case kSyncSnapshotLocal: return {kDetach, kDissolve, kRestore, kReturnToPool};
    default: return {};
  }
}

// One source, one target, and the pair between them: what both Create methods make per element.
class Replicator {
 public:
  Replicator(const MethodCall& call, JobEngine& engine)
      : call_(call), engine_(engine), arrays_(engine.cluster(array::kNamespace)), service_(call.instance) {}

  // Checks the parameters both methods share; nullopt when they are good.
  std::optional<ReplicationReturn> checkCommon() {
    if (!service_) return ReplicationReturn::InvalidParameter;
    auto system = arrays_.systemOf(*service_);
    if (!system) return ReplicationReturn::Failed;
    system_ = *system;
    if (!system_) return ReplicationReturn::Failed;
    const std::optional<uint64_t> syncType = unsignedArgument(call_, "SyncType");
    if (!syncType) return ReplicationReturn::InvalidParameter;
    if (*syncType == kMirror) return ReplicationReturn::NotSupported;  // no remote copy here
    if (*syncType != kSnapshot && *syncType != kClone) return ReplicationReturn::InvalidParameter;
    syncType_ = *syncType;
    mode_ = unsignedArgument(call_, "Mode").value_or(kSynchronous);
    if (mode_ != kSynchronous && (syncType_ == kSnapshot || mode_ != kAsynchronous)) {
      return ReplicationReturn::InvalidParameter;
    }
    // 3PAR takes neither access points nor replication settings.
    for (const char* unsupported : {"SourceAccessPoint", "TargetAccessPoint", "ReplicationSettingData"}) {
      if (given(call_, unsupported)) return ReplicationReturn::InvalidParameter;
    }
    if (const std::optional<uint64_t> wait = unsignedArgument(call_, "WaitForCopyState")) {
      const uint64_t accepted = syncType_ == kClone && mode_ == kAsynchronous ? kInactive : kSynchronized;
      if (*wait != accepted) return ReplicationReturn::InvalidParameter;
      waits_ = syncType_ == kClone && mode_ == kSynchronous;
    }
    if (const std::optional<cimom::ObjectPath> pool = referenceArgument(call_, "TargetPool")) {
      // Virtual copies take their space from the source's snapshot space, which has no pool here.
      if (syncType_ == kSnapshot) return ReplicationReturn::InvalidParameter;
      targetPool_ = arrays_.get(*pool);
      if (!targetPool_ || !cimom::iequals(targetPool_->className(), array::kPoolClass)) {
        return ReplicationReturn::InvalidParameter;
      }
    } else if (given(call_, "TargetPool")) {
      return ReplicationReturn::InvalidParameter;
    }
    if (given(call_, "TargetSettingGoal") && !referenceArgument(call_, "TargetSettingGoal")) {
      return ReplicationReturn::InvalidParameter;
    }
    return std::nullopt;
  }

  // A source volume of this array; nullptr otherwise.
  cimom::InstancePtr volumeOfArray(const cimom::ObjectPath& path) const {
    cimom::InstancePtr volume = arrays_.get(path);
    if (!volume || !cimom::iequals(volume->className(), array::kVolumeClass)) return nullptr;
    if (text(*volume, "SystemName") != text(*system_, "Name")) return nullptr;
    return volume;
  }

  // Whether `target` can receive a physical copy of `source`: another base volume at least as
  // large that is nobody's replica.
  cimom::Result<bool> fitsAsTarget(const cimom::Instance& source, const cimom::Instance& target) const {
    if (arrays_.pathOf(source) == arrays_.pathOf(target)) return false;
    if (StorageArrays::bytesOf(target) < StorageArrays::bytesOf(source)) return false;
    auto pairs = arrays_.synchronizationsOf(arrays_.pathOf(target));
    if (!pairs) return pairs.error();
    return pairs->empty();
  }

  // The pool the target's space comes from: TargetPool, else the source's CPG.
  cimom::Result<cimom::InstancePtr> poolFor(const cimom::Instance& source) const {
    if (targetPool_) return targetPool_;
    return arrays_.poolOf(arrays_.pathOf(source));
  }

  // Whether each pool has room for the new physical copies drawn from it (`pools[i]` for
  // `sources[i]`; a virtual copy, or a copy into an existing volume, takes none).
  bool roomFor(const std::vector<cimom::InstancePtr>& sources, const std::vector<cimom::InstancePtr>& pools,
               bool newTargets) const {
    if (syncType_ != kClone || !newTargets) return true;
    std::map<std::string, uint64_t> needed;  // by pool InstanceID
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const std::string id = text(*pools[i], "InstanceID");
      needed[id] += StorageArrays::bytesOf(*sources[i]);
      if (needed[id] > unsignedOf(*pools[i], "RemainingManagedSpace", 0)) return false;
    }
    return true;
  }

  struct Pair {
    cimom::ObjectPath target;
    std::optional<cimom::ObjectPath> synchronization;  // none once a synchronous copy detached
    std::optional<cimom::ObjectPath> job;
  };

  // Makes the target (unless given) and the pair, and starts the copy.
  cimom::Result<Pair> replicate(const cimom::Instance& source, const cimom::InstancePtr& givenTarget,
                                const std::string& targetName, const cimom::Instance& pool) {
    const cimom::ObjectPath sourcePath = arrays_.pathOf(source);
    cimom::ObjectPath targetPath;
    const std::string sourceName = text(source, "ElementName");
    if (givenTarget) {
      targetPath = arrays_.pathOf(*givenTarget);
      cimom::Instance target = *givenTarget;
      target.set("CopyType", uint16(static_cast<uint16_t>(VolumeKind::PhysicalCopy)));
      target.set("CopyOf", Value::string(sourceName));
      if (cimom::Status s = arrays_.modify(target); !s) return s.error();
    } else {
      const VolumeKind kind = syncType_ == kSnapshot ? VolumeKind::VirtualCopy : VolumeKind::PhysicalCopy;
      auto made = arrays_.addVolume(*system_, pool, targetName, StorageArrays::bytesOf(source), kind, sourceName);
      if (!made) return made.error();
      targetPath = *made;
    }
    cimom::Instance pair(array::kSynchronizedClass, array::kNamespace);
    pair.set("SystemElement", Value::reference(sourcePath));
    pair.set("SyncedElement", Value::reference(targetPath));
    pair.set("SyncType", uint16(syncType_));
    pair.set("Mode", uint16(mode_));
    pair.set("SyncMaintained", Value::boolean(false));
    pair.set("CopyType", uint16(syncType_ == kSnapshot || mode_ == kAsynchronous ? 4 : 5));  // UnSyncAssoc, UnSyncUnAssoc
    pair.set("ReplicaType", uint16(syncType_ == kSnapshot ? 4 : 2));  // After Delta, Full Copy
    pair.set("CopyPriority", uint16(2));                                // Same
    pair.set("RequestedCopyState", uint16(15));
    pair.set("WhenEstablished", Value::datetime(now(engine_)));
    Pair made{targetPath, std::nullopt, std::nullopt};
    if (syncType_ == kSnapshot) {
      show(pair, kSnapshotIdle, 100, true);
      auto stored = arrays_.create(pair);
      if (!stored) return stored.error();
      made.synchronization = *stored;
      return made;
    }
    if (waits_) return made;  // copied within the call, and detached: no pair remains
    show(pair, kCopying, 0, false);
    auto stored = arrays_.create(pair);
    if (!stored) return stored.error();
    made.synchronization = *stored;
    auto job = startCopy(engine_, kPhysicalCopy, source, *stored, targetPath, arrays_.pathOf(*service_),
                         mode_ == kSynchronous, call_.method ? call_.method->name : std::string());
    if (!job) return job.error();
    made.job = *job;
    return made;
  }

  // A pair's look at a moment of its copy.
  static void show(cimom::Instance& pair, const PairLook& look, uint16_t percent, bool synced) {
    pair.set("CopyState", uint16(look.copyState));
    pair.set("ProgressStatus", uint16(look.progressStatus));
    pair.set("SyncState", uint16(look.syncState));
    pair.set("PercentSynced", uint16(percent));
    if (!synced) pair.set("WhenSynced", Value::null(CimType::DateTime));
  }

  // Starts a `copy` job from `source` into `target`, whose pair (`pairPath`) follows the job;
  // `detachesAtEnd`: the pair goes when the job ends (a synchronous physical copy).
  static cimom::Result<cimom::ObjectPath> startCopy(JobEngine& engine, const CopyJob& copy, const cimom::Instance& source,
                                                    const cimom::ObjectPath& pairPath, const cimom::ObjectPath& target,
                                                    const cimom::ObjectPath& servicePath, bool detachesAtEnd,
                                                    const std::string& method) {
    const StorageArrays arrays(engine.cluster(array::kNamespace));
    JobSpec spec;
    spec.nameSpace = array::kNamespace;
    spec.kind = jobKindNamed(copy.kind);
    spec.match.method = method;
    spec.match.volume = text(source, "ElementName");
    spec.affected = {arrays.pathOf(source), target};
    spec.owner = servicePath;
    spec.errorSource = arrays.pathOf(source).toString();
    spec.onProgress = [&engine, pairPath, copy, detachesAtEnd](JobState state, uint16_t percent) {
      StorageArrays live(engine.cluster(array::kNamespace));
      cimom::InstancePtr current = live.get(pairPath);
      if (!current) return cimom::okStatus();  // detached or deleted meanwhile
      if (isFinished(state) && detachesAtEnd) return live.remove(pairPath);
      cimom::Instance updated = *current;
      switch (state) {
        case JobState::Completed:
          show(updated, copy.done, 100, true);
          updated.set("WhenSynced", Value::datetime(now(engine)));
          updated.set("WhenSynchronized", Value::datetime(now(engine)));
          break;
        case JobState::Exception: show(updated, kBroken, percent, false); break;
        case JobState::Terminated:
        case JobState::Killed: show(updated, kAborted, percent, false); break;
        default: show(updated, copy.running, copy.running.copyState == kSynchronized ? 100 : percent, false); break;
      }
      return live.modify(updated);
    };
    return engine.submit(std::move(spec));
  }

  const MethodCall& call_;
  JobEngine& engine_;
  StorageArrays arrays_;
  cimom::InstancePtr service_;
  cimom::InstancePtr system_;
  cimom::InstancePtr targetPool_;
  uint64_t syncType_ = 0;
  uint64_t mode_ = kSynchronous;
  bool waits_ = false;  // a synchronous physical copy made within the call
};

Answer createElementReplica(const MethodCall& call, JobEngine& engine) {
  Replicator r(call, engine);
  if (auto refused = r.checkCommon()) return answer(*refused);
  const std::optional<cimom::ObjectPath> sourcePath = referenceArgument(call, "SourceElement");
  cimom::InstancePtr source = sourcePath ? r.volumeOfArray(*sourcePath) : nullptr;
  if (!source) return answer(ReplicationReturn::InvalidParameter);
  cimom::InstancePtr target;
  if (const std::optional<cimom::ObjectPath> targetPath = referenceArgument(call, "TargetElement")) {
    // A virtual copy is always new; a physical copy may go into an existing volume.
    if (r.syncType_ == kSnapshot || given(call, "ElementName")) return answer(ReplicationReturn::InvalidParameter);
    target = r.volumeOfArray(*targetPath);
    if (!target) return answer(ReplicationReturn::InvalidParameter);
    auto fits = r.fitsAsTarget(*source, *target);
    if (!fits) return fits.error();
    if (!*fits) return answer(ReplicationReturn::InvalidParameter);
  } else if (given(call, "TargetElement")) {
    return answer(ReplicationReturn::InvalidParameter);
  }
  auto pool = r.poolFor(*source);
  if (!pool) return pool.error();
  if (!*pool || !r.roomFor({source}, {*pool}, !target)) return answer(ReplicationReturn::Failed);  // no space in the CPG
  std::string name;
  if (const Value* n = call.argument("ElementName"); n && !n->isNull()) name = n->asString();
  if (name.empty()) name = text(*source, "ElementName") + (r.syncType_ == kSnapshot ? ".snap" : ".copy");
  if (!target) {
    auto clash = r.arrays_.volumeNamed(*r.system_, name);
    if (!clash) return clash.error();
    if (*clash) return answer(ReplicationReturn::InvalidParameter);  // VV names are unique on an array
  }
  auto pair = r.replicate(*source, target, name, **pool);
  if (!pair) return pair.error();
  std::vector<cimom::PropertyValue> out{
      {"TargetElement", Value::reference(pair->target)},
      {"Synchronization", pair->synchronization ? Value::reference(*pair->synchronization)
                                                : Value::null(CimType::Reference)},
  };
  if (pair->job) return jobStartedResult(*pair->job, std::move(out));
  return answer(ReplicationReturn::Completed, std::move(out));
}

Answer createGroupReplica(const MethodCall& call, JobEngine& engine) {
  Replicator r(call, engine);
  if (auto refused = r.checkCommon()) return answer(*refused);
  // 3PAR replicates virtual volume sets only, with sequential consistency.
  if (given(call, "SourceElement")) return answer(ReplicationReturn::InvalidParameter);
  if (const std::optional<uint64_t> consistency = unsignedArgument(call, "Consistency"); consistency && *consistency != 3) {
    return answer(ReplicationReturn::InvalidParameter);
  }
  const std::optional<cimom::ObjectPath> groupPath = referenceArgument(call, "SourceGroup");
  cimom::InstancePtr group = groupPath ? r.arrays_.get(*groupPath) : nullptr;
  if (!group || !cimom::iequals(group->className(), array::kGroupClass)) return answer(ReplicationReturn::InvalidParameter);
  auto sources = r.arrays_.membersOf(r.arrays_.pathOf(*group));
  if (!sources) return sources.error();
  if (sources->empty()) return answer(ReplicationReturn::InvalidParameter);
  std::vector<cimom::InstancePtr> targets;
  std::string relationship;
  if (const Value* n = call.argument("RelationshipName"); n && !n->isNull()) relationship = n->asString();
  if (const std::optional<cimom::ObjectPath> targetGroupPath = referenceArgument(call, "TargetGroup")) {
    if (r.syncType_ == kSnapshot) return answer(ReplicationReturn::InvalidParameter);
    cimom::InstancePtr targetGroup = r.arrays_.get(*targetGroupPath);
    if (!targetGroup || !cimom::iequals(targetGroup->className(), array::kGroupClass)) {
      return answer(ReplicationReturn::InvalidParameter);
    }
    auto members = r.arrays_.membersOf(*targetGroupPath);
    if (!members) return members.error();
    if (members->size() != sources->size()) return answer(ReplicationReturn::InvalidParameter);
    for (std::size_t i = 0; i < members->size(); ++i) {
      auto fits = r.fitsAsTarget(*(*sources)[i], *(*members)[i]);
      if (!fits) return fits.error();
      if (!*fits) return answer(ReplicationReturn::InvalidParameter);
    }
    targets = std::move(*members);
  } else if (given(call, "TargetGroup")) {
    return answer(ReplicationReturn::InvalidParameter);
  } else if (relationship.empty()) {
    return answer(ReplicationReturn::InvalidParameter);  // the targets are named after it
  }
  if (const std::optional<uint64_t> count = unsignedArgument(call, "TargetElementCount"); count && *count != sources->size()) {
    return answer(ReplicationReturn::InvalidParameter);
  }
  // Every target's name free and every pool's space enough before anything is made.
  if (targets.empty()) {
    auto clash = r.arrays_.groupNamed(*r.system_, relationship);
    if (!clash) return clash.error();
    if (*clash) return answer(ReplicationReturn::InvalidParameter);  // the target set's name is taken
  }
  std::vector<cimom::InstancePtr> pools;
  for (std::size_t i = 0; i < sources->size(); ++i) {
    auto pool = r.poolFor(*(*sources)[i]);
    if (!pool) return pool.error();
    if (!*pool) return answer(ReplicationReturn::Failed);
    pools.push_back(*pool);
    if (targets.empty()) {
      auto clash = r.arrays_.volumeNamed(*r.system_, relationship + "_" + std::to_string(i));
      if (!clash) return clash.error();
      if (*clash) return answer(ReplicationReturn::InvalidParameter);
    }
  }
  if (!r.roomFor(*sources, pools, targets.empty())) return answer(ReplicationReturn::Failed);  // no space in a CPG
  std::vector<cimom::ObjectPath> pairs, jobs;
  std::vector<cimom::InstancePtr> madeVolumes;
  for (std::size_t i = 0; i < sources->size(); ++i) {
    auto pair = r.replicate(*(*sources)[i], targets.empty() ? nullptr : targets[i], relationship + "_" + std::to_string(i),
                            *pools[i]);
    if (!pair) return pair.error();
    if (pair->synchronization) pairs.push_back(*pair->synchronization);
    if (pair->job) jobs.push_back(*pair->job);
    if (cimom::InstancePtr volume = r.arrays_.get(pair->target)) madeVolumes.push_back(volume);
  }
  std::vector<cimom::PropertyValue> out;
  if (targets.empty()) {
    auto targetGroup = r.arrays_.addGroup(*r.system_, relationship, madeVolumes);
    if (!targetGroup) return targetGroup.error();
    out.push_back({"TargetGroup", Value::reference(*targetGroup)});
  } else {
    out.push_back({"TargetGroup", Value::reference(*referenceArgument(call, "TargetGroup"))});
  }
  // 3PAR's own OUT parameters carry every pair; the singular ones the first.
  out.push_back({"Jobs", references(jobs)});
  out.push_back({"Synchronization", pairs.empty() ? Value::null(CimType::Reference) : Value::reference(pairs.front())});
  out.push_back({"Synchronizations", references(pairs)});
  if (!jobs.empty()) return jobStartedResult(jobs.front(), std::move(out));
  return answer(ReplicationReturn::Completed, std::move(out));
}

// The unfinished job working on the pair's target, if any.
cimom::Result<std::optional<cimom::ObjectPath>> runningJobOf(const StorageArrays& arrays,
                                                             const cimom::ObjectPath& target) {
  auto jobs = arrays.associatedJobs(target);
  if (!jobs) return jobs.error();
  for (const cimom::InstancePtr& job : *jobs) {
    if (!isFinished(static_cast<JobState>(unsignedOf(*job, "JobState", 7)))) return std::optional(arrays.pathOf(*job));
  }
  return std::optional<cimom::ObjectPath>();
}

Answer modifyReplicaSynchronization(const MethodCall& call, JobEngine& engine) {
  StorageArrays arrays(engine.cluster(array::kNamespace));
  const std::optional<uint64_t> operation = unsignedArgument(call, "Operation");
  const std::optional<cimom::ObjectPath> pairPath = referenceArgument(call, "Synchronization");
  cimom::InstancePtr pair = pairPath ? arrays.get(*pairPath) : nullptr;
  if (!operation || *operation < 2 || (*operation > 23 && *operation < 0x8000) || !pair ||
      !cimom::iequals(pair->className(), array::kSynchronizedClass)) {
    return answer(ReplicationReturn::InvalidParameter);
  }
  for (const char* unsupported : {"ReplicationSettingData", "SyncPair", "Force"}) {
    if (given(call, unsupported)) return answer(ReplicationReturn::InvalidParameter);
  }
  const uint16_t type = replicationTypeOf(*pair);
  const std::vector<uint16_t> supported = supportedOperations(type);
  if (std::find(supported.begin(), supported.end(), *operation) == supported.end()) {
    return answer(ReplicationReturn::NotSupported);
  }
  const std::optional<uint64_t> wait = unsignedArgument(call, "WaitForCopyState");
  if (wait && *wait != (type == kAsyncCloneLocal ? kInactive : kSynchronized)) return answer(ReplicationReturn::InvalidParameter);
  const cimom::ObjectPath stored = arrays.pathOf(*pair);
  const cimom::ObjectPath source = pair->get("SystemElement")->asReference();
  const cimom::ObjectPath target = pair->get("SyncedElement")->asReference();
  auto running = runningJobOf(arrays, target);
  if (!running) return running.error();

  if (*operation == kAbort) {
    if (!*running) return answer(ReplicationReturn::Failed);  // no copy to halt
    const JobReturn stopped = engine.requestStateChange(**running, Value::unsignedInt(CimType::UInt16, 4),
                                                        Value::null(CimType::DateTime));
    return answer(stopped == JobReturn::Completed ? ReplicationReturn::Completed : ReplicationReturn::Failed);
  }
  if (*running) return answer(ReplicationReturn::Failed);  // the copy is still under way
  cimom::InstancePtr sourceVolume = arrays.get(source);
  switch (*operation) {
    case kDetach:
    case kDissolve: {
      // The replica goes its own way: a base volume of its own, and no pair.
      if (cimom::InstancePtr volume = arrays.get(target)) {
        cimom::Instance independent = *volume;
        independent.set("CopyType", uint16(static_cast<uint16_t>(VolumeKind::Base)));
        independent.set("CopyOf", Value::null(CimType::String));
        if (cimom::Status s = arrays.modify(independent); !s) return s.error();
      }
      if (cimom::Status s = arrays.remove(stored); !s) return s.error();
      return answer(ReplicationReturn::Completed);
    }
    case kReturnToPool: {
      if (cimom::Status s = arrays.remove(stored); !s) return s.error();
      if (cimom::Status s = arrays.removeVolume(target); !s) return s.error();
      return answer(ReplicationReturn::Completed);
    }
    case kResync:
    case kRestore: {
      if (!sourceVolume) return answer(ReplicationReturn::Failed);
      cimom::Instance updated = *pair;
      const bool resync = *operation == kResync;
      if (wait && !resync) {  // a synchronous promotion, made within the call
        Replicator::show(updated, kSnapshotIdle, 100, true);
        updated.set("WhenSynced", Value::datetime(now(engine)));
        if (cimom::Status s = arrays.modify(updated); !s) return s.error();
        return answer(ReplicationReturn::Completed);
      }
      const CopyJob& copy = resync ? kResyncCopy : kPromoteCopy;
      Replicator::show(updated, copy.running, resync ? 0 : 100, false);
      if (cimom::Status s = arrays.modify(updated); !s) return s.error();
      auto job = Replicator::startCopy(engine, copy, *sourceVolume, stored, target,
                                       call.instance ? arrays.pathOf(*call.instance) : call.target, false,
                                       "ModifyReplicaSynchronization");
      return jobStartedResult(job);
    }
    default: return answer(ReplicationReturn::NotSupported);
  }
}

Answer getSupportedOperations(const MethodCall& call) {
  const std::optional<uint64_t> type = unsignedArgument(call, "ReplicationType");
  if (!type) return answer(ReplicationReturn::InvalidParameter);
  const std::vector<uint16_t> operations = supportedOperations(static_cast<uint16_t>(*type));
  if (operations.empty()) return answer(ReplicationReturn::Unknown);  // 3PAR's answer for a type it lacks
  std::vector<cimom::Scalar> values;
  for (uint16_t operation : operations) values.emplace_back(uint64_t{operation});
  return answer(ReplicationReturn::Completed, {{"SupportedOperations", Value::array(CimType::UInt16, std::move(values))}});
}

}  // namespace

void registerArrayReplicationMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  methods.registerHandler(array::kServiceClass, "CreateElementReplica",
                          [&engine](const MethodCall& call) { return createElementReplica(call, engine); });
  methods.registerHandler(array::kServiceClass, "CreateGroupReplica",
                          [&engine](const MethodCall& call) { return createGroupReplica(call, engine); });
  methods.registerHandler(array::kServiceClass, "ModifyReplicaSynchronization",
                          [&engine](const MethodCall& call) { return modifyReplicaSynchronization(call, engine); });
  methods.registerHandler("TPD_ReplicationServiceCapabilities", "GetSupportedOperations",
                          [](const MethodCall& call) { return getSupportedOperations(call); });
}

}  // namespace cimdouble::jobs
