#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "mof_test_support.h"

using namespace cimdouble::cimom;
using cimdouble::cimom::testing::compileMof;

namespace {

const char* kSchema = R"(
[Abstract] class T_Element { string Caption; };
class T_Job : T_Element {
  [Key] string InstanceID;
  [Required] string Name;
  uint16 State = 2;
  uint16 Codes[];
  datetime Removal = "00000000000500.000000:000";
  [EmbeddedInstance("T_Setting")] string Setting;
};
class T_MigrationJob : T_Job { string Destination; };
class T_OtherJob : T_Job { };
class T_Setting { [Key] string InstanceID; uint32 Speed; };
class T_Pair { [Key] uint16 A; [Key] string B; };
)";

Instance job(const std::string& id, const std::string& cls = "T_Job") {
  Instance i(cls);
  i.set("InstanceID", Value::string(id));
  i.set("Name", Value::string("job " + id));
  return i;
}

ObjectPath jobPath(const std::string& id, const std::string& cls = "T_Job") {
  return ObjectPath("root/test", cls, {{"InstanceID", Value::string(id)}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(instance_store)

BOOST_AUTO_TEST_CASE(create_get_modify_remove) {
  auto mof = compileMof(kSchema);
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  InstanceStore& store = *mof->store;
  auto path = store.create("root/test", job("A"));
  BOOST_REQUIRE(path.ok());
  BOOST_TEST(path->toString() == R"(root/test:T_Job.InstanceID="A")");

  auto got = store.get(jobPath("A"));
  BOOST_REQUIRE(got.ok());
  // Complete, in schema order, with defaults.
  std::vector<std::string> names;
  for (const auto& p : (*got)->properties()) names.push_back(p.name);
  BOOST_TEST((names == std::vector<std::string>{"Caption", "InstanceID", "Name", "State", "Codes", "Removal", "Setting"}));
  BOOST_TEST((*got)->get("State")->asUnsigned() == 2u);
  BOOST_TEST((*got)->get("Caption")->isNull());
  BOOST_TEST((*got)->get("Codes")->isNull());
  BOOST_TEST((*got)->get("Codes")->isArray());

  // WMI compares string keys without regard to case.
  BOOST_TEST(store.get(ObjectPath("ROOT\\TEST", "t_job", {{"instanceid", Value::string("a")}})).ok());

  Instance changed = job("A");
  changed.set("State", Value::unsignedInt(CimType::UInt16, 4));
  BOOST_TEST(store.modify("root/test", changed).ok());
  BOOST_TEST(store.get(jobPath("A")).value()->get("State")->asUnsigned() == 4u);
  BOOST_TEST((*got)->get("State")->asUnsigned() == 2u);  // the reader's copy did not change under it

  BOOST_TEST(store.modify("root/test", job("B")).error().status == CimStatus::NotFound);
  BOOST_TEST(store.remove(jobPath("A")).ok());
  BOOST_TEST(store.get(jobPath("A")).error().status == CimStatus::NotFound);
  BOOST_TEST(store.remove(jobPath("A")).error().status == CimStatus::NotFound);
  BOOST_TEST(store.size() == 0u);
}

BOOST_AUTO_TEST_CASE(validation) {
  auto mof = compileMof(kSchema);
  InstanceStore& store = *mof->store;
  BOOST_TEST(store.create("root/test", job("A")).ok());
  BOOST_TEST(store.create("root/test", job("A")).error().status == CimStatus::AlreadyExists);
  BOOST_TEST(store.create("root/test", job("a")).error().status == CimStatus::AlreadyExists);

  Instance noName("T_Job");
  noName.set("InstanceID", Value::string("X"));
  BOOST_TEST(store.create("root/test", noName).error().status == CimStatus::InvalidParameter);
  Instance noKey("T_Job");
  noKey.set("Name", Value::string("n"));
  BOOST_TEST(store.create("root/test", noKey).error().status == CimStatus::InvalidParameter);

  Instance unknownProperty = job("B");
  unknownProperty.set("Bogus", Value::string("x"));
  BOOST_TEST(store.create("root/test", unknownProperty).error().status == CimStatus::NoSuchProperty);

  Instance badType = job("C");
  badType.set("State", Value::string("not a number"));
  BOOST_TEST(store.create("root/test", badType).error().status == CimStatus::TypeMismatch);
  Instance outOfRange = job("C");
  outOfRange.set("State", Value::unsignedInt(CimType::UInt32, 70000));
  BOOST_TEST(store.create("root/test", outOfRange).error().status == CimStatus::TypeMismatch);
  Instance scalarForArray = job("C");
  scalarForArray.set("Codes", Value::unsignedInt(CimType::UInt16, 1));
  BOOST_TEST(store.create("root/test", scalarForArray).error().status == CimStatus::TypeMismatch);
  Instance fromText = job("C");
  fromText.set("State", Value::string("7"));
  BOOST_TEST(store.create("root/test", fromText).ok());

  BOOST_TEST(store.create("root/test", Instance("T_Element")).error().status == CimStatus::InvalidClass);
  BOOST_TEST(store.create("root/test", Instance("T_Nothing")).error().status == CimStatus::InvalidClass);
  BOOST_TEST(store.create("root/none", job("D")).error().status == CimStatus::InvalidNamespace);

  // Embedded instances must be of the declared class.
  auto setting = std::make_shared<Instance>("T_Setting");
  setting->set("InstanceID", Value::string("s"));
  Instance withSetting = job("E");
  withSetting.set("Setting", Value::instance(setting));
  BOOST_TEST(store.create("root/test", withSetting).ok());
  Instance wrongEmbedded = job("F");
  wrongEmbedded.set("Setting", Value::instance(std::make_shared<Instance>(job("G"))));
  BOOST_TEST(store.create("root/test", wrongEmbedded).error().status == CimStatus::TypeMismatch);
}

BOOST_AUTO_TEST_CASE(paths_are_typed_against_the_class) {
  auto mof = compileMof(kSchema);
  InstanceStore& store = *mof->store;
  Instance pair("T_Pair");
  pair.set("A", Value::unsignedInt(CimType::UInt16, 5));
  pair.set("B", Value::string("x"));
  BOOST_REQUIRE(store.create("root/test", pair).ok());
  auto parsed = ObjectPath::parse(R"(root/test:T_Pair.B="x",A=5)");
  BOOST_TEST(store.get(*parsed).ok());
  auto text = ObjectPath::parse(R"(root/test:T_Pair.B="x",A="5")");
  BOOST_TEST(store.get(*text).ok());
  BOOST_TEST(store.get(*ObjectPath::parse(R"(root/test:T_Pair.B="x")")).error().status == CimStatus::InvalidParameter);
  BOOST_TEST(store.get(*ObjectPath::parse(R"(root/test:T_Pair.B="x",A=5,C=1)")).error().status ==
             CimStatus::InvalidParameter);
  BOOST_TEST(store.get(*ObjectPath::parse(R"(root/test:T_Pair.B="x",A=70000)")).error().status ==
             CimStatus::InvalidParameter);
  BOOST_TEST(store.get(*ObjectPath::parse(R"(root/test:T_Pair.B="x",A=6)")).error().status == CimStatus::NotFound);
}

BOOST_AUTO_TEST_CASE(deep_and_shallow_enumeration) {
  auto mof = compileMof(kSchema);
  InstanceStore& store = *mof->store;
  BOOST_REQUIRE(store.create("root/test", job("1")).ok());
  BOOST_REQUIRE(store.create("root/test", job("2", "T_MigrationJob")).ok());
  BOOST_REQUIRE(store.create("root/test", job("3", "T_OtherJob")).ok());
  BOOST_REQUIRE(store.create("root/test", job("4")).ok());
  BOOST_TEST(store.enumerate("root/test", "T_Job", true)->size() == 4u);
  BOOST_TEST(store.enumerate("root/test", "T_Job", false)->size() == 2u);
  BOOST_TEST(store.enumerate("root/test", "T_Element", true)->size() == 4u);
  auto migrations = store.enumerate("root/test", "T_MigrationJob");
  BOOST_REQUIRE(migrations->size() == 1u);
  BOOST_TEST(migrations->front()->className() == "T_MigrationJob");
  BOOST_TEST(store.enumerate("root/test", "T_OtherJob")->size() == 1u);  // siblings stay apart
  auto order = store.enumerate("root/test", "T_Job", false);
  BOOST_TEST(order->at(0)->get("InstanceID")->asString() == "1");
  BOOST_TEST(order->at(1)->get("InstanceID")->asString() == "4");
  // A path naming the superclass finds the subclass instance.
  auto viaBase = store.get(jobPath("2", "T_Job"));
  BOOST_REQUIRE(viaBase.ok());
  BOOST_TEST((*viaBase)->className() == "T_MigrationJob");
  BOOST_TEST(store.get(jobPath("2", "T_OtherJob")).error().status == CimStatus::NotFound);
  BOOST_TEST(store.enumerate("root/test", "T_Nothing").error().status == CimStatus::InvalidClass);
}

BOOST_AUTO_TEST_CASE(concurrent_readers_and_writers) {
  auto mof = compileMof(kSchema);
  InstanceStore& store = *mof->store;
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 300;
  std::atomic<bool> done{false};
  std::atomic<int> readerErrors{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        const std::string id = std::to_string(w) + "-" + std::to_string(i);
        if (!store.create("root/test", job(id)).ok()) readerErrors++;
        Instance update = job(id);
        update.set("State", Value::unsignedInt(CimType::UInt16, 4));
        if (!store.modify("root/test", update).ok()) readerErrors++;
        if (i % 3 == 0 && !store.remove(jobPath(id)).ok()) readerErrors++;
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      while (!done) {
        auto all = store.enumerate("root/test", "T_Job");
        if (!all.ok()) readerErrors++;
        for (const InstancePtr& i : *all) {
          const uint64_t state = i->get("State")->asUnsigned();
          if (state != 2 && state != 4) readerErrors++;
        }
        auto one = store.get(jobPath("0-1"));
        if (!one.ok() && one.error().status != CimStatus::NotFound) readerErrors++;
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  done = true;
  for (std::size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  BOOST_TEST(readerErrors.load() == 0);
  BOOST_TEST(store.size() == static_cast<std::size_t>(kWriters * (kPerWriter - kPerWriter / 3)));
  BOOST_TEST(store.enumerate("root/test", "T_Job")->size() == store.size());
}

BOOST_AUTO_TEST_CASE(snapshots_keep_their_state_while_the_store_changes) {
  // Buckets are shared with snapshots and copied on the first change: neither side may see
  // the other's later writes.
  auto mof = compileMof(kSchema);
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  InstanceStore& store = *mof->store;
  BOOST_REQUIRE(store.create("root/test", job("A")).ok());
  BOOST_REQUIRE(store.create("root/test", job("B")).ok());
  auto baseline = store.snapshot();

  Instance changed = job("A");
  changed.set("State", Value::unsignedInt(CimType::UInt16, 9));
  BOOST_REQUIRE(store.modify("root/test", changed).ok());
  BOOST_REQUIRE(store.remove(jobPath("B")).ok());
  BOOST_REQUIRE(store.create("root/test", job("C")).ok());
  auto later = store.snapshot();

  store.restore(*baseline);
  BOOST_TEST(store.size() == 2u);
  BOOST_TEST(store.get(jobPath("A")).value()->get("State")->asUnsigned() == 2u);
  BOOST_TEST(store.get(jobPath("B")).ok());
  BOOST_TEST(store.get(jobPath("C")).error().status == CimStatus::NotFound);
  // Writing after the restore leaves the snapshot as it was, so a second reset finds it.
  BOOST_REQUIRE(store.remove(jobPath("A")).ok());
  store.restore(*baseline);
  BOOST_TEST(store.get(jobPath("A")).ok());

  store.restore(*later);
  BOOST_TEST(store.get(jobPath("A")).value()->get("State")->asUnsigned() == 9u);
  BOOST_TEST(store.get(jobPath("B")).error().status == CimStatus::NotFound);
  BOOST_TEST(store.get(jobPath("C")).ok());
}

BOOST_AUTO_TEST_CASE(what_a_merge_created_is_added_and_the_rest_stays) {
  // A fixture merge stages on a snapshot while requests go on changing the store; only what
  // the merge created may be added afterwards, all of it or (on a path taken meanwhile) none.
  auto mof = compileMof(kSchema);
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  InstanceStore& store = *mof->store;
  BOOST_REQUIRE(store.create("root/test", job("A")).ok());
  BOOST_REQUIRE(store.create("root/test", job("B")).ok());
  auto before = store.snapshot();

  InstanceStore merged(mof->repository);
  merged.restore(*before);
  BOOST_REQUIRE(merged.create("root/test", job("C")).ok());
  BOOST_REQUIRE(merged.create("root/test", job("D", "T_MigrationJob")).ok());  // a bucket of its own
  auto after = merged.snapshot();

  Instance changed = job("A");  // meanwhile, on the live store
  changed.set("State", Value::unsignedInt(CimType::UInt16, 9));
  BOOST_REQUIRE(store.modify("root/test", changed).ok());
  BOOST_REQUIRE(store.remove(jobPath("B")).ok());
  BOOST_REQUIRE(store.create("root/test", job("E")).ok());

  BOOST_REQUIRE(store.addCreatedSince(*before, *after).ok());
  BOOST_TEST(store.size() == 4u);
  BOOST_TEST(store.get(jobPath("A")).value()->get("State")->asUnsigned() == 9u);
  BOOST_TEST(store.get(jobPath("B")).error().status == CimStatus::NotFound);
  BOOST_TEST(store.get(jobPath("C")).ok());
  BOOST_TEST(store.get(jobPath("D", "T_MigrationJob")).ok());
  BOOST_TEST(store.get(jobPath("E")).ok());
  std::vector<std::string> order;
  auto jobs = store.enumerate("root/test", "T_Job", false);
  BOOST_REQUIRE(jobs.ok());
  for (const InstancePtr& i : jobs.value()) order.push_back(i->get("InstanceID")->asString());
  BOOST_TEST(order == (std::vector<std::string>{"A", "E", "C"}));

  auto before2 = store.snapshot();
  InstanceStore merged2(mof->repository);
  merged2.restore(*before2);
  BOOST_REQUIRE(merged2.create("root/test", job("F")).ok());
  BOOST_REQUIRE(merged2.create("root/test", job("G")).ok());
  auto after2 = merged2.snapshot();
  BOOST_REQUIRE(store.create("root/test", job("f")).ok());  // paths compare without case
  auto refused = store.addCreatedSince(*before2, *after2);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().status == CimStatus::AlreadyExists);
  BOOST_TEST(refused.error().message.find("InstanceID=\"F\"") != std::string::npos, refused.error().message);
  BOOST_TEST(store.get(jobPath("G")).error().status == CimStatus::NotFound);
  BOOST_TEST(store.size() == 5u);
}

BOOST_AUTO_TEST_CASE(instances_share_a_shape_until_one_changes_its_own) {
  auto mof = compileMof(kSchema);
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  InstanceStore& store = *mof->store;
  BOOST_REQUIRE(store.create("root/test", job("A")).ok());
  BOOST_REQUIRE(store.create("root/test", job("B")).ok());
  InstancePtr a = store.get(jobPath("A")).value();
  InstancePtr b = store.get(jobPath("B")).value();
  BOOST_TEST(a->shape() == b->shape());

  Instance copy = *a;
  copy.set("Extra", Value::string("x"));  // a new name: the copy gets a shape of its own
  copy.setNameSpace("root/other");
  BOOST_TEST(copy.shape() != a->shape());
  BOOST_TEST(a->get("Extra") == nullptr);
  BOOST_TEST(a->nameSpace() == "root/test");
  BOOST_TEST(a->propertyCount() == 7u);
  BOOST_TEST(copy.propertyCount() == 8u);
  BOOST_TEST(copy.remove("Caption"));
  BOOST_TEST(a->get("Caption") != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
