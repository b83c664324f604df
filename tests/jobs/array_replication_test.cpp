// An SMI-S array's Replication Services (array_replication_provider.cpp) through the method
// dispatcher, on an array staged with jobs/storage_array.h beside the test cluster.
#include <boost/test/unit_test.hpp>

#include "job_world.h"
#include "jobs/cluster_lookup.h"
#include "jobs/storage_array.h"

using namespace cimdouble;
using namespace cimdouble::jobs;
using namespace cimdouble::jobs::testing;
using cimom::CimType;
using cimom::Value;

namespace {

constexpr uint64_t kGiB = uint64_t{1} << 30;

struct ArrayWorld : JobWorld {
  array::StorageArrays arrays{repository, store, query};
  cimom::ObjectPath system, service, pool, small, data, log, set;

  static BehaviorTable failingLog() {
    BehaviorTable table;
    BehaviorRule rule;
    rule.match.kind = "physical-copy";
    rule.match.volume = "log";
    rule.behavior = table.select({"physical-copy", {}, {}, {}, {}, {}});
    rule.behavior.failAtPercent = 40;
    rule.behavior.error.message = "The physical copy failed.";
    table.addRule(rule);
    return table;
  }

  ArrayWorld() : JobWorld(failingLog()) {
    system = must(arrays.addSystem("inserv", "2FF70002AC012345", "1612345"));
    const cimom::InstancePtr sys = get(system);
    pool = must(arrays.addPool(*sys, "FC_r5", 1000 * kGiB));
    const cimom::ObjectPath tight = must(arrays.addPool(*sys, "tight", 150 * kGiB));
    data = must(arrays.addVolume(*sys, *get(pool), "data", 100 * kGiB, array::VolumeKind::Base));
    log = must(arrays.addVolume(*sys, *get(pool), "log", 10 * kGiB, array::VolumeKind::Base));
    small = must(arrays.addVolume(*sys, *get(tight), "small", 100 * kGiB, array::VolumeKind::Base));
    set = must(arrays.addGroup(*sys, "db", {get(data), get(log)}));
    service = cimom::ObjectPath(array::kNamespace, array::kServiceClass,
                                {{"SystemCreationClassName", Value::string("TPD_StorageSystem")},
                                 {"SystemName", Value::string("2FF70002AC012345")},
                                 {"CreationClassName", Value::string(array::kServiceClass)},
                                 {"Name", Value::string("ReplicationService")}});
  }

  static cimom::ObjectPath must(cimom::Result<cimom::ObjectPath> made) {
    if (!made) throw std::runtime_error(made.error().message);
    return *made;
  }

  cimom::InstancePtr get(const cimom::ObjectPath& path) { return arrays.get(path); }

  cimom::MethodResult call(const cimom::ObjectPath& target, const std::string& method, std::vector<cimom::PropertyValue> in) {
    cimom::MethodCall c;
    c.nameSpace = array::kNamespace;
    c.instance = get(target);
    if (!c.instance) throw std::runtime_error("no target " + target.toString());
    c.targetClass = repository.findClass(array::kNamespace, c.instance->className());
    c.method = c.targetClass->method(method);
    c.target = arrays.pathOf(*c.instance);
    c.in = std::move(in);
    auto result = methods.invoke(c);
    if (!result) throw std::runtime_error(result.error().message);
    return *result;
  }

  static uint64_t code(const cimom::MethodResult& r) { return r.returnValue.asUnsigned(); }
  static const Value* out(const cimom::MethodResult& r, const char* name) {
    for (const auto& p : r.out) {
      if (p.name == name) return &p.value;
    }
    return nullptr;
  }
  uint64_t number(const cimom::ObjectPath& path, const char* property) { return get(path)->get(property)->asUnsigned(); }
  std::size_t volumes() { return store.enumerate(array::kNamespace, array::kVolumeClass)->size(); }

  static Value u16(uint64_t v) { return Value::unsignedInt(CimType::UInt16, v); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(array_replication)

BOOST_FIXTURE_TEST_CASE(a_physical_copy_pair_follows_its_job, ArrayWorld) {
  const uint64_t free = number(pool, "RemainingManagedSpace");
  auto started = call(service, "CreateElementReplica",
                      {{"SyncType", u16(8)}, {"Mode", u16(3)}, {"SourceElement", Value::reference(data)}});
  BOOST_REQUIRE(code(started) == 4096u);
  const cimom::ObjectPath job = out(started, "Job")->asReference();
  const cimom::ObjectPath pair = out(started, "Synchronization")->asReference();
  const cimom::ObjectPath target = out(started, "TargetElement")->asReference();
  BOOST_TEST(job.className() == "TPD_ConcreteJob");
  BOOST_TEST(get(job)->get("InstanceID")->asString().rfind("HP_3PAR:", 0) == 0u);
  BOOST_TEST(!get(job)->get("Cancellable"));  // Hyper-V's property, not CIM_ConcreteJob's
  BOOST_TEST(number(pair, "CopyState") == 3u);
  BOOST_TEST(number(pair, "PercentSynced") == 0u);
  BOOST_TEST(number(pool, "RemainingManagedSpace") == free - 100 * kGiB);
  BOOST_TEST(get(target)->get("ElementName")->asString() == "data.copy");
  BOOST_TEST(number(target, "CopyType") == 2u);
  // The job's links are 3PAR's: the source and target it affects, the service that owns it.
  cimom::AssociationFilter affected;
  affected.assocClass = "TPD_AffectedJobElement";
  BOOST_TEST(query.associators(array::kNamespace, job, affected)->instances.size() == 2u);
  cimom::AssociationFilter owner;
  owner.assocClass = "TPD_OwningJobElement";
  BOOST_TEST(query.associators(array::kNamespace, job, owner)->instances.size() == 1u);

  advance(30 * kSecond);  // physical-copy's default is 60 s
  BOOST_TEST(number(pair, "PercentSynced") == 50u);
  BOOST_TEST(number(pair, "ProgressStatus") == 6u);
  advance(30 * kSecond);
  BOOST_TEST(number(job, "JobState") == 7u);
  BOOST_TEST(number(pair, "CopyState") == 4u);
  BOOST_TEST(number(pair, "SyncState") == 14u);
  BOOST_TEST(number(pair, "PercentSynced") == 100u);
  BOOST_TEST(!get(pair)->get("WhenSynced")->isNull());
}

BOOST_FIXTURE_TEST_CASE(a_synchronous_copy_keeps_its_pair_only_while_it_copies, ArrayWorld) {
  auto started = call(service, "CreateElementReplica",
                      {{"SyncType", u16(8)}, {"Mode", u16(2)}, {"SourceElement", Value::reference(data)}});
  BOOST_REQUIRE(code(started) == 4096u);
  const cimom::ObjectPath pair = out(started, "Synchronization")->asReference();
  BOOST_TEST(number(pair, "CopyType") == 5u);  // UnSyncUnAssoc
  advance(60 * kSecond);
  BOOST_TEST(!get(pair));
  // Waiting for Synchronized makes it within the call: no job, no pair.
  auto waited = call(service, "CreateElementReplica",
                     {{"ElementName", Value::string("data.clone")}, {"SyncType", u16(8)}, {"Mode", u16(2)},
                      {"WaitForCopyState", u16(4)}, {"SourceElement", Value::reference(data)}});
  BOOST_TEST(code(waited) == 0u);
  BOOST_TEST(out(waited, "Synchronization")->isNull());
  BOOST_TEST(get(out(waited, "TargetElement")->asReference())->get("ElementName")->asString() == "data.clone");
}

BOOST_FIXTURE_TEST_CASE(an_array_job_takes_terminate_only_with_dmtf_codes, ArrayWorld) {
  auto started = call(service, "CreateElementReplica",
                      {{"SyncType", u16(8)}, {"Mode", u16(3)}, {"SourceElement", Value::reference(data)}});
  const cimom::ObjectPath job = out(started, "Job")->asReference();
  const cimom::ObjectPath pair = out(started, "Synchronization")->asReference();
  BOOST_TEST(code(call(job, "RequestStateChange", {{"RequestedState", u16(3)}})) == 1u);  // Not Supported
  BOOST_TEST(code(call(job, "RequestStateChange", {{"RequestedState", u16(4)}})) == 0u);
  BOOST_TEST(number(job, "JobState") == 8u);
  BOOST_TEST(number(pair, "CopyState") == 12u);  // Aborted
  BOOST_TEST(code(call(job, "RequestStateChange", {{"RequestedState", u16(4)}})) == 4097u);  // Invalid State Transition
  auto error = call(job, "GetError", {});
  const cimom::InstancePtr e = out(error, "Error")->asInstance();
  BOOST_TEST(e->className() == "CIM_Error");
  BOOST_TEST(e->get("OwningEntity")->asString() == "HP 3PAR");
}

BOOST_FIXTURE_TEST_CASE(a_failing_copy_breaks_its_pair, ArrayWorld) {
  auto started = call(service, "CreateElementReplica",
                      {{"SyncType", u16(8)}, {"Mode", u16(3)}, {"SourceElement", Value::reference(log)}});
  const cimom::ObjectPath job = out(started, "Job")->asReference();
  const cimom::ObjectPath pair = out(started, "Synchronization")->asReference();
  advance(30 * kSecond);
  BOOST_TEST(number(job, "JobState") == 10u);
  BOOST_TEST(number(pair, "CopyState") == 5u);  // Broken
  BOOST_TEST(number(pair, "PercentSynced") == 40u);
  BOOST_TEST(get(job)->get("ErrorDescription")->asString() == "The physical copy failed.");
}

BOOST_FIXTURE_TEST_CASE(a_group_replica_needs_room_for_every_copy, ArrayWorld) {
  const std::size_t before = volumes();
  const cimom::ObjectPath tight(array::kNamespace, array::kPoolClass, {{"InstanceID", Value::string("HP_3PAR:tight")}});
  // db's two volumes (110 GiB) do not fit the 50 GiB tight has left: nothing is made.
  auto refused = call(service, "CreateGroupReplica",
                      {{"RelationshipName", Value::string("n")}, {"SyncType", u16(8)},
                       {"SourceGroup", Value::reference(set)}, {"TargetPool", Value::reference(tight)}});
  BOOST_TEST(code(refused) == 4u);
  BOOST_TEST(volumes() == before);
  auto made = call(service, "CreateGroupReplica",
                   {{"RelationshipName", Value::string("n")}, {"SyncType", u16(8)}, {"SourceGroup", Value::reference(set)}});
  BOOST_TEST(code(made) == 4096u);
  BOOST_TEST(out(made, "Jobs")->elements().size() == 2u);
  BOOST_TEST(out(made, "Synchronizations")->elements().size() == 2u);
  BOOST_TEST(volumes() == before + 2);
  // The relationship's name is the target set's: taken now.
  auto again = call(service, "CreateGroupReplica",
                    {{"RelationshipName", Value::string("n")}, {"SyncType", u16(8)}, {"SourceGroup", Value::reference(set)}});
  BOOST_TEST(code(again) == 5u);
  BOOST_TEST(volumes() == before + 2);
}

BOOST_FIXTURE_TEST_CASE(virtual_copies_go_back_to_the_pool, ArrayWorld) {
  const uint64_t free = number(pool, "RemainingManagedSpace");
  auto made = call(service, "CreateElementReplica", {{"SyncType", u16(7)}, {"SourceElement", Value::reference(data)}});
  BOOST_TEST(code(made) == 0u);
  BOOST_TEST(number(pool, "RemainingManagedSpace") == free);  // snapshot space is not the CPG's
  const cimom::ObjectPath pair = out(made, "Synchronization")->asReference();
  BOOST_TEST(number(pair, "SyncState") == 11u);  // Idle
  const cimom::ObjectPath target = out(made, "TargetElement")->asReference();
  auto gone = call(service, "ModifyReplicaSynchronization",
                   {{"Operation", u16(19)}, {"Synchronization", Value::reference(pair)}});
  BOOST_TEST(code(gone) == 0u);
  BOOST_TEST(!get(pair));
  BOOST_TEST(!get(target));
  BOOST_TEST(number(pool, "RemainingManagedSpace") == free);
  BOOST_TEST(code(call(service, "ModifyReplicaSynchronization",
                       {{"Operation", u16(19)}, {"Synchronization", Value::reference(pair)}})) == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
