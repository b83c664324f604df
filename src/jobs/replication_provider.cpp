// Msvm_CollectionReplicationService (Microsoft's clushyperv page of the class) on a cluster
// without Hyper-V Replica configured, which is what the double models: no collection has a
// replication relationship (ReplicationState 0, ReplicationMode 0 "None"), so every method that
// acts on one answers 32775 "Invalid state for this operation" and starts no job. Enabling
// replication (CreateReplicationRelationship) needs a Replica server the double does not have:
// well-formed settings get 32777 "System is not available". A Collection that names no VM
// collection of the cluster is 32773 "Invalid parameter", as for the other collection services.
#include "cimom/case_insensitive.h"
#include "jobs/cluster_lookup.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"

namespace cimdouble::jobs {
namespace {

constexpr const char* kServiceClass = "Msvm_CollectionReplicationService";

// The methods that act on an existing relationship.
constexpr const char* kRelationshipMethods[] = {
    "CancelInitialReplication", "CancelResynchronize", "CancelUpdateDiskSet", "CommitFailover",
    "GetReplicationStatistics", "InitiateFailover", "InitiatePlannedFailover", "ModifyReplicationSettings",
    "PrepareForReverseReplication", "RemoveReplicationRelationship", "ResetReplicationStatistics",
    "ResumeReplication", "Resynchronize", "ReverseReplicationRelationship", "RevertFailover",
    "RevertPlannedFailover", "RevertTestReplicaCollection", "StartReplication", "SuspendReplication",
    "TestReplicaCollection",
};

bool namesCollection(const cimom::MethodCall& call, const ClusterLookup& cluster) {
  const cimom::Value* ref = call.argument("Collection");
  if (!ref || ref->isNull()) return false;
  const cimom::InstancePtr collection = cluster.get(ref->asReference());
  return collection && cimom::iequals(collection->className(), "Msvm_VirtualSystemCollection");
}

cimom::Result<cimom::MethodResult> withoutRelationship(const cimom::MethodCall& call, JobEngine& engine) {
  if (!namesCollection(call, engine.cluster(call.nameSpace))) return methodResult(ServiceReturn::InvalidParameter);
  return methodResult(ServiceReturn::InvalidState);
}

cimom::Result<cimom::MethodResult> createRelationship(const cimom::MethodCall& call, JobEngine& engine) {
  if (!namesCollection(call, engine.cluster(call.nameSpace))) return methodResult(ServiceReturn::InvalidParameter);
  const cimom::Value* settings = call.argument("CollectionReplicationSettingData");
  if (!settings || settings->isNull() || settings->type() != cimom::CimType::Instance ||
      !cimom::iequals(settings->asInstance()->className(), "Msvm_CollectionReplicationSettingData")) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  return methodResult(ServiceReturn::NotAvailable);
}

}  // namespace

void registerReplicationMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  for (const char* method : kRelationshipMethods) {
    methods.registerHandler(kServiceClass, method,
                            [&engine](const cimom::MethodCall& call) { return withoutRelationship(call, engine); });
  }
  methods.registerHandler(kServiceClass, "CreateReplicationRelationship",
                          [&engine](const cimom::MethodCall& call) { return createRelationship(call, engine); });
}

}  // namespace cimdouble::jobs
