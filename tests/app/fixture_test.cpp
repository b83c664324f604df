// Fixture files: what they stage, and every problem at its own file:line:col.
#include <boost/test/unit_test.hpp>

#include <functional>

#include "app/fixture/fixture.h"
#include "app/fixture/fixture_behaviors.h"
#include "app/sandbox.h"
#include "app/startup_fixture.h"

using namespace cimdouble;
using namespace cimdouble::app;

namespace {

constexpr const char* kNs = "root/HyperVCluster/v2";

struct Loaded {
  cimom::ClassRepository repository;
  StartupFixture startup;

  Loaded() {
    if (!loadStartupFixture({}, {}, repository, startup).empty()) throw std::runtime_error("default fixture");
  }

  // Loads `text` as a fixture named "t.yaml" on the schema alone.
  FixtureLoad load(const std::string& text, bool instancesOnly = false) {
    FixtureLoadOptions options;
    options.instancesOnly = instancesOnly;
    options.nowMicros = 1'795'000'000'000'000;
    return loadFixture("t.yaml", PostedFixtureSource("t.yaml", text), repository, startup.schema, options);
  }

  std::size_t count(const Fixture& f, const char* className, const char* ns = kNs) {
    cimom::InstanceStore store(repository);
    store.restore(*f.instances);
    auto all = store.enumerate(ns, className, false);
    return all ? all->size() : 0;
  }
};

std::vector<std::string> texts(const cimom::Diagnostics& problems) {
  std::vector<std::string> out;
  for (const cimom::Diagnostic& d : problems) out.push_back(d.toString());
  return out;
}

bool has(const cimom::Diagnostics& problems, const std::string& text) {
  for (const std::string& t : texts(problems)) {
    if (t.find(text) != std::string::npos) return true;
  }
  return false;
}

// A host or VM of the staged cluster, by its Name.
cimom::ObjectPath computerSystem(const std::string& name) {
  return cimom::ObjectPath(kNs, "Msvm_ComputerSystem", {{"CreationClassName", cimom::Value::string("Msvm_ComputerSystem")},
                                                        {"Name", cimom::Value::string(name)}});
}

// A fixture text that, each time the loader reads it, lets the test change the store first:
// what a request would do while a merge is loading.
class ReadHook : public cimom::MofSource {
 public:
  ReadHook(std::string text, std::function<void(int)> onRead) : text_(std::move(text)), onRead_(std::move(onRead)) {}
  std::optional<std::string> read(const std::string&) const override {
    onRead_(++reads_);
    return text_;
  }

 private:
  std::string text_;
  std::function<void(int)> onRead_;
  mutable int reads_ = 0;
};

// A sandbox on the default fixture with its clock paused: stage jobs, move time, look.
struct PausedSandbox {
  Sandbox sandbox;

  explicit PausedSandbox(Loaded& loaded) : sandbox(loaded.repository, loaded.startup.schema, loaded.startup.fixture, {}) {
    sandbox.clock().pause();
  }
  cimom::Diagnostics load(const std::string& name, const std::string& text) {
    return sandbox.loadFixture(name, PostedFixtureSource(name, text), false);
  }
  void advance(int64_t micros) {
    sandbox.clock().advance(micros);
    BOOST_REQUIRE(sandbox.engine().refresh().ok());
  }
  cimom::InstancePtr migrationJob(const std::string& guid) {
    return *sandbox.store().get(cimom::ObjectPath(kNs, "Msvm_MigrationJob", {{"InstanceID", cimom::Value::string("Microsoft:" + guid)}}));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(fixtures)

BOOST_FIXTURE_TEST_CASE(the_default_fixture_stages_the_whole_cluster, Loaded) {
  const Fixture& f = startup.fixture;
  for (const char* ns : {"root/HyperVCluster/v2", "root/virtualization/v2"}) {
    BOOST_TEST(count(f, "Msvm_ComputerSystem", ns) == 15u);  // 3 hosts + 12 VMs
    BOOST_TEST(count(f, "Msvm_ComponentCS", ns) == 12u);
    BOOST_TEST(count(f, "Msvm_VirtualSystemMigrationService", ns) == 3u);
    // 3 migration services, 3 management, 3 snapshot and 3 image services, and the 2 collection services
    BOOST_TEST(count(f, "Msvm_HostedService", ns) == 14u);
    BOOST_TEST(count(f, "Msvm_ImageManagementService", ns) == 3u);
    // Each VM's disks (db-01 and db-02 have two), and the differencing disks of db-01's checkpoint
    BOOST_TEST(count(f, "Msvm_VirtualHardDiskSettingData", ns) == 12u + 2u + 2u);
    BOOST_TEST(count(f, "Msvm_VirtualSystemSettingData", ns) == 12u + 1u);  // each VM's, and db-01's checkpoint
    BOOST_TEST(count(f, "Msvm_SettingsDefineState", ns) == 12u + 6u);  // each VM's, and each node's two switches'
    BOOST_TEST(count(f, "Msvm_VirtualEthernetSwitch", ns) == 6u);
    BOOST_TEST(count(f, "Msvm_ProcessorSettingData", ns) == 12u + 1u + 4u);  // the VMs', the checkpoint's, the definitions
    BOOST_TEST(count(f, "Msvm_AllocationCapabilities", ns) == 10u);
    BOOST_TEST(count(f, "Msvm_ShutdownComponent", ns) == 11u);  // the running VMs' (build-02 is off)
    BOOST_TEST(count(f, "Msvm_VirtualSystemCollection", ns) == 1u);
    BOOST_TEST(count(f, "Msvm_CollectedVirtualSystems", ns) == 3u);
    BOOST_TEST(count(f, "Msvm_ReferencePointCollection", ns) == 2u);
    BOOST_TEST(count(f, "Msvm_CollectionReferencePointService", ns) == 1u);
    BOOST_TEST(count(f, "Msvm_CollectionReplicationService", ns) == 1u);
    BOOST_TEST(count(f, "Msvm_VirtualSystemReferencePoint", ns) == 6u);  // 2 points of 3 VMs
    BOOST_TEST(count(f, "Msvm_CollectedReferencePoints", ns) == 6u);
    BOOST_TEST(count(f, "Msvm_MigrationJob", ns) == 2u);
    BOOST_TEST(count(f, "Msvm_CollectionReferencePointExportJob", ns) == 1u);
    BOOST_TEST(count(f, "Msvm_AffectedJobElement", ns) == 3u);
    BOOST_TEST(count(f, "Msvm_OwningJobElement", ns) == 3u);
  }
  BOOST_TEST(f.stagedJobs.size() == 3u);  // three jobs: one state that both namespaces show
  cimom::InstanceStore store(repository);
  store.restore(*f.instances);
  auto failed = store.get(cimom::ObjectPath(kNs, "Msvm_CollectionReferencePointExportJob",
                                            {{"InstanceID", cimom::Value::string("Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C03")}}));
  BOOST_REQUIRE(failed.ok());
  BOOST_TEST((*failed)->get("JobState")->asUnsigned() == 10u);
  BOOST_TEST((*failed)->get("HealthState")->asUnsigned() == 20u);
  BOOST_TEST((*failed)->get("ErrorSummaryDescription")->asString() == "Export failed");
  BOOST_TEST((*failed)->get("ElapsedTime")->asDateTime().toDmtf() == "00000000000158.000000:000");
}

BOOST_FIXTURE_TEST_CASE(every_problem_is_reported_where_it_is, Loaded) {
  const FixtureLoad r = load(
      "hosts:\n"                                         // 1
      "  - {name: A}\n"                                  // 2
      "  - {name: a}\n"                                  // 3  declared twice
      "vms:\n"                                           // 4
      "  - {name: v1, host: Z}\n"                        // 5  dangling host
      "  - {name: v2, host: A, state: Asleep}\n"         // 6  bad enum
      "  - {name: v3, host: A, properties: {ProcessID: lots}}\n"  // 7 wrong type
      "  - {name: v4, host: A, colour: red}\n"           // 8  unknown field
      "collections:\n"                                   // 9
      "  - {name: c, members: [v2, nobody]}\n"           // 10 dangling member
      "instances:\n"                                     // 11
      "  - {class: Msvm_Unicorn}\n"                      // 12 unknown class
      "  - {class: Msvm_ComputerSystem, properties: {Name: x}}\n"  // 13 a key is missing
      "jobs:\n"                                          // 14
      "  - {kind: migration, vm: v2, percent: 140}\n");  // 15 out of range, no destination
  BOOST_TEST(!r.fixture.has_value());
  BOOST_TEST(has(r.problems, "t.yaml:3:12: host 'a' is declared twice"));
  BOOST_TEST(has(r.problems, "t.yaml:5:22: vm v1: no host named 'Z'"));
  BOOST_TEST(has(r.problems, "t.yaml:6:32: 'state' must be Running, Off, Saved or Paused"));
  BOOST_TEST(has(r.problems, "t.yaml:7:49: property ProcessID: a string value does not fit type uint32"));
  BOOST_TEST(has(r.problems, "t.yaml:8:25: vm: unknown field 'colour'"));
  BOOST_TEST(has(r.problems, "t.yaml:10:29: collection c: no virtual machine named 'nobody'"));
  BOOST_TEST(has(r.problems, "t.yaml:12:13: namespace root/HyperVCluster/v2 has no class Msvm_Unicorn"));
  BOOST_TEST(has(r.problems, "t.yaml:13:5: Msvm_ComputerSystem:"));
  BOOST_TEST(has(r.problems, "t.yaml:15:40: 'percent' must be a whole number from 0 to 100"));
  BOOST_TEST(has(r.problems, "t.yaml:15:5: a migration job that moves the VM needs 'destination'"));
  BOOST_TEST(!has(r.problems, "root/virtualization/v2 has no class"), "reported once, not per namespace");
}

BOOST_FIXTURE_TEST_CASE(a_vm_configuration_that_hyper_v_would_refuse, Loaded) {
  const FixtureLoad r = load(
      "hosts:\n"
      "  - {name: A, switches: [{name: LAN}]}\n"
      "vms:\n"
      "  - {name: g2, host: A, generation: 2, disks: [{path: 'C:\\g2.vhdx', controller: IDE}]}\n"
      "  - {name: big, host: A, disks: [{path: 'C:\\big.vhd', sizeGB: 3000}]}\n"
      "  - {name: kind, host: A, disks: [{path: 'C:\\kind.vhdx', type: sparse}]}\n"
      "  - {name: iso, host: A, disks: [{path: 'C:\\x.iso', dvd: true, sizeGB: 4}]}\n"
      "  - {name: txt, host: A, disks: [{path: 'C:\\notes.txt'}]}\n"
      "  - {name: twice, host: A, disks: [{path: 'C:\\a.vhdx'}, {path: 'C:\\b.vhdx'}]}\n"
      "  - {name: mem, host: A, dynamicMemory: true, memoryMB: 256, minimumMemoryMB: 512}\n"
      "  - {name: nic, host: A, networkAdapters: [{switch: WAN}]}\n"
      "  - {name: cpu, host: A, processors: 65}\n");
  BOOST_TEST(!r.fixture.has_value());
  BOOST_TEST(has(r.problems, "vm g2: a generation 2 virtual machine has no IDE controller"));
  BOOST_TEST(has(r.problems, "'sizeGB' must be a whole number from 1 to 2040"));
  BOOST_TEST(has(r.problems, "'type' is dynamic or fixed"));
  BOOST_TEST(has(r.problems, "vm iso: a DVD drive has no 'sizeGB' or 'type'"));
  BOOST_TEST(has(r.problems, "vm txt: 'C:\\notes.txt' is no virtual hard disk"));
  BOOST_TEST(has(r.problems, "vm twice: two drives at IDE 0:0"));
  BOOST_TEST(has(r.problems, "vm mem: dynamic memory needs minimumMemoryMB <= memoryMB <= maximumMemoryMB"));
  BOOST_TEST(has(r.problems, "vm nic: host A has no switch named 'WAN'"));
  BOOST_TEST(has(r.problems, "'processors' must be a whole number from 1 to 64"));
}

BOOST_FIXTURE_TEST_CASE(syntax_errors_and_shapes, Loaded) {
  BOOST_TEST(has(load("hosts: [\n").problems, "t.yaml:2:1: not valid YAML or JSON"));
  BOOST_TEST(has(load("- a list\n").problems, "t.yaml:1:1: a fixture must be a mapping"));
  BOOST_TEST(has(load("hosts: {name: A}\n").problems, "'hosts' must be a list"));
  BOOST_TEST(has(load("namespaces: [root/nowhere]\n").problems, "the schema has no namespace root/nowhere"));
  BOOST_TEST(has(load("users: [{name: 'a:b', password: x}]\n").problems, "a user name cannot contain ':'"));
  // JSON is read by the same reader, with the same positions.
  BOOST_TEST(has(load("{\"hosts\": [{\"name\": \"A\", \"nick\": 1}]}").problems, "t.yaml:1:26: host: unknown field 'nick'"));
}

BOOST_FIXTURE_TEST_CASE(mof_instances_are_referenced_and_checked, Loaded) {
  const std::string yaml = "hosts: [{name: A}]\nmof: [extra.mof]\n";
  cimom::EmbeddedMofSource files({{"t.yaml", yaml},
                                  {"extra.mof", "instance of Msvm_ComputerSystem { CreationClassName = \"Msvm_ComputerSystem\";\n"
                                                "  Name = \"B\"; Caption = \"Hosting Computer System\"; };\n"}});
  FixtureLoad ok = loadFixture("t.yaml", files, repository, startup.schema, {});
  BOOST_REQUIRE(ok.fixture.has_value());
  BOOST_TEST(count(*ok.fixture, "Msvm_ComputerSystem") == 2u);

  cimom::EmbeddedMofSource classy({{"t.yaml", yaml}, {"extra.mof", "class Msvm_New { [Key] string K; };\n"}});
  FixtureLoadOptions running;
  running.instancesOnly = true;
  FixtureLoad refused = loadFixture("t.yaml", classy, repository, startup.schema, running);
  BOOST_TEST(has(refused.problems, "extra.mof:1:1: class Msvm_New is declared here, but this MOF may only declare instances"));
  BOOST_TEST(!repository.findClass(kNs, "Msvm_New"));
}

BOOST_AUTO_TEST_CASE(behaviour_rules_and_their_problems) {
  jobs::BehaviorTable table;
  const auto problems = parseBehaviors(
      "rules:\n"
      "  - {kind: migration, failAtPercent: 101}\n"
      "  - {kind: teleport}\n"
      "  - {kind: export, colour: red}\n"
      "  - {kind: export, progress: [[0.5, 90], [0.4, 95]]}\n"
      "  - {kind: export, statuses: {Sleeping: zzz}}\n",
      "b.yaml", table);
  BOOST_TEST(texts(problems).size() == 5u);
  BOOST_TEST(has(problems, "b.yaml:2:38: 'failAtPercent' must be a whole number from 0 to 100"));
  BOOST_TEST(has(problems, "b.yaml:3:12: 'teleport' is no job kind"));
  BOOST_TEST(has(problems, "b.yaml:4:20: rule: unknown field 'colour'"));
  BOOST_TEST(has(problems, "b.yaml:5:42: 'progress' must be a list of"));
  BOOST_TEST(has(problems, "b.yaml:6:31: 'Sleeping' is no job state"));

  jobs::BehaviorTable good;
  BOOST_REQUIRE(parseBehaviors("defaults: {export: {durationSeconds: 2}}\n"
                               "rules:\n"
                               "  - {kind: migration, host: HV-NODE3, cancellable: false, duration: PT1M,\n"
                               "     progress: [[0.5, 90]], statuses: {Running: Migrating}}\n",
                               "b.yaml", good)
                    .empty());
  BOOST_TEST(good.select({"export", {}, {}, {}, {}, {}}).durationMicros == 2'000'000);
  const jobs::JobBehavior b = good.select({"migration", "web-01|G", "hv-node3", {}, {}, {}});
  BOOST_TEST(!b.cancellable);
  BOOST_TEST(b.durationMicros == 60'000'000);
  BOOST_TEST(b.statusText.at(jobs::JobState::Running) == "Migrating");
  // The curve: 90 % at half time, then the last 10 % over the second half.
  BOOST_TEST(b.percentAt(15'000'000) == 45.0);
  BOOST_TEST(b.percentAt(30'000'000) == 90.0);
  BOOST_TEST(b.percentAt(45'000'000) == 95.0);
  BOOST_TEST(b.runMicrosAt(90) == 30'000'000);
  BOOST_TEST(b.runMicrosAt(95) == 45'000'000);
  BOOST_TEST(good.select({"migration", "web-01|G", "HV-NODE2", {}, {}, {}}).cancellable);
}

BOOST_FIXTURE_TEST_CASE(a_sandbox_loads_merges_and_refuses_fixtures, Loaded) {
  Sandbox sandbox(repository, startup.schema, startup.fixture, {});
  const std::size_t before = sandbox.store().size();

  // A bad fixture changes nothing.
  auto problems = sandbox.loadFixture("bad.yaml", PostedFixtureSource("bad.yaml", "vms: [{name: x, host: nowhere}]\n"), true);
  BOOST_TEST(has(problems, "bad.yaml:1:23: vm x: no host named 'nowhere'"));
  BOOST_TEST(sandbox.store().size() == before);

  // Merge: a VM on an existing host joins the running state and the fixture reset returns to.
  problems = sandbox.loadFixture("more.yaml", PostedFixtureSource("more.yaml", "vms: [{name: extra-01, host: HV-NODE1}]\n"), true);
  BOOST_TEST(texts(problems).empty());
  // A VM, its Msvm_ComponentCS and a new VM's configuration (its settings, 11 resources and 4
  // devices, and their 17 links) and its disk file, seen in both namespaces.
  constexpr std::size_t kNewVm = 2 + 33 + 1;
  BOOST_TEST(sandbox.store().size() == before + kNewVm);
  sandbox.control().handle("POST", "reset", "");
  BOOST_TEST(sandbox.store().size() == before + kNewVm);

  // The same VM again: its id is taken.
  problems = sandbox.loadFixture("more.yaml", PostedFixtureSource("more.yaml", "vms: [{name: extra-01, host: HV-NODE1}]\n"), true);
  BOOST_TEST(has(problems, "exists already"));

  // Replace: only what the new fixture says.
  problems = sandbox.loadFixture("small.yaml", PostedFixtureSource("small.yaml", "hosts: [{name: ONLY}]\n"), false);
  BOOST_TEST(texts(problems).empty());
  const cimom::ObjectPath only = computerSystem("ONLY");
  BOOST_TEST(sandbox.store().get(only).ok());
  auto systems = sandbox.store().enumerate(kNs, "Msvm_ComputerSystem", false);
  BOOST_TEST(systems->size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(staged_times_are_offsets_from_the_clock_start_unless_absolute, Loaded) {
  PausedSandbox s(*this);
  const int64_t start = s.sandbox.clock().nowMicros();
  auto problems = s.load("times.yaml",
                         "hosts: [{name: A}, {name: B}]\n"
                         "vms: [{name: v1, host: A}, {name: v2, host: A}]\n"
                         "jobs:\n"
                         "  - {kind: migration, id: 00000000-0000-4000-8000-000000000001, vm: v1, destination: B,\n"
                         "     submitted: -90, started: -PT1M}\n"
                         "  - {kind: migration, id: 00000000-0000-4000-8000-000000000002, vm: v2, destination: B,\n"
                         "     state: Completed, submitted: 2026-11-22T08:00:00Z, started: PT0S}\n");
  BOOST_REQUIRE(texts(problems).empty());
  auto first = s.migrationJob("00000000-0000-4000-8000-000000000001");
  BOOST_TEST(first->get("TimeSubmitted")->asDateTime().micros() == start - 90'000'000);
  BOOST_TEST(first->get("StartTime")->asDateTime().micros() == start - 60'000'000);
  BOOST_TEST(first->get("JobState")->asUnsigned() == 4u);  // staged Running: it runs on by default
  auto second = s.migrationJob("00000000-0000-4000-8000-000000000002");
  BOOST_TEST(second->get("TimeSubmitted")->asDateTime().toXs() == "2026-11-22T08:00:00.000000Z");
  BOOST_TEST(second->get("StartTime")->asDateTime().micros() == start);
  problems = s.load("bad.yaml",
                    "hosts: [{name: A}, {name: B}]\nvms: [{name: v1, host: A}]\n"
                    "jobs: [{kind: migration, vm: v1, destination: B, submitted: -P99999999999D}]\n");
  BOOST_TEST(has(problems, "offset from the clock's start"));
}

BOOST_FIXTURE_TEST_CASE(staged_jobs_that_run_go_on_and_frozen_ones_wait, Loaded) {
  PausedSandbox s(*this);
  auto problems = s.load("jobs.yaml",
                         "hosts: [{name: A}, {name: B}]\n"
                         "vms: [{name: v1, host: A}, {name: v2, host: A}]\n"
                         "jobs:\n"
                         "  - {kind: migration, id: 00000000-0000-4000-8000-000000000001, vm: v1, destination: B,\n"
                         "     percent: 50, runs: true, behavior: {durationSeconds: 100, statuses: {Completed: Moved}}}\n"
                         "  - {kind: migration, id: 00000000-0000-4000-8000-000000000002, vm: v2, destination: B, percent: 50,\n"
                         "     runs: false}\n");
  BOOST_REQUIRE(texts(problems).empty());
  const std::string running = "00000000-0000-4000-8000-000000000001";
  const std::string frozen = "00000000-0000-4000-8000-000000000002";
  s.advance(25'000'000);
  BOOST_TEST(s.migrationJob(running)->get("PercentComplete")->asUnsigned() == 75u);
  BOOST_TEST(s.migrationJob(frozen)->get("PercentComplete")->asUnsigned() == 50u);
  s.advance(25'000'000);
  BOOST_TEST(s.migrationJob(running)->get("JobState")->asUnsigned() == 7u);
  BOOST_TEST(s.migrationJob(running)->get("JobStatus")->asString() == "Moved");
  BOOST_TEST(s.migrationJob(frozen)->get("JobState")->asUnsigned() == 4u);
  // After a reset the running one starts over from its staged 50 %.
  s.sandbox.control().handle("POST", "reset", "");
  BOOST_TEST(s.migrationJob(running)->get("JobState")->asUnsigned() == 4u);
  BOOST_TEST(s.migrationJob(running)->get("PercentComplete")->asUnsigned() == 50u);
}

// A staged job that runs on without a behaviour of its own follows its kind's default: the
// engine reads the kind back from the class and MigrationType (32771 is VM and storage, not a
// live migration, whose 30 s default would have finished it).
BOOST_FIXTURE_TEST_CASE(staged_jobs_run_on_as_their_kind_says, Loaded) {
  PausedSandbox s(*this);
  auto problems = s.load("kinds.yaml",
                         "hosts: [{name: A}, {name: B}]\n"
                         "vms: [{name: v1, host: A}, {name: v2, host: A}, {name: v3, host: A}]\n"
                         "behaviors:\n"
                         "  defaults:\n"
                         "    migration: {durationSeconds: 10}\n"
                         "    storage-migration: {durationSeconds: 1000}\n"
                         "    vm-and-storage-migration: {durationSeconds: 200}\n"
                         "jobs:\n"
                         "  - {kind: vm-and-storage-migration, id: 00000000-0000-4000-8000-000000000011, vm: v1,\n"
                         "     destination: B, percent: 50, runs: true}\n"
                         "  - {kind: storage-migration, id: 00000000-0000-4000-8000-000000000012, vm: v2,\n"
                         "     percent: 50, runs: true}\n"
                         "  - {kind: migration, id: 00000000-0000-4000-8000-000000000013, vm: v3, destination: B,\n"
                         "     percent: 50, runs: true}\n");
  BOOST_REQUIRE(texts(problems).empty());
  s.advance(50'000'000);
  const auto both = s.migrationJob("00000000-0000-4000-8000-000000000011");
  BOOST_TEST(both->get("MigrationType")->asUnsigned() == 32771u);
  BOOST_TEST(both->get("JobState")->asUnsigned() == 4u);
  BOOST_TEST(both->get("PercentComplete")->asUnsigned() == 75u);  // 100 s of 200 done, then 50 more
  BOOST_TEST(s.migrationJob("00000000-0000-4000-8000-000000000012")->get("PercentComplete")->asUnsigned() == 55u);
  BOOST_TEST(s.migrationJob("00000000-0000-4000-8000-000000000013")->get("JobState")->asUnsigned() == 7u);
}

// A merge stages the fixture on the running state and then adds what it created; whatever
// requests changed in the store while it loaded stays (it was lost when the merge restored
// the state it had staged on).
BOOST_FIXTURE_TEST_CASE(a_merge_keeps_what_changed_while_it_loaded, Loaded) {
  Sandbox sandbox(repository, startup.schema, startup.fixture, {});
  const cimom::ObjectPath vm = computerSystem("5E3A0001-1001-4001-8001-A00000000001");
  const std::size_t before = sandbox.store().size();
  ReadHook more("hosts: [{name: EXTRA}]\n", [&](int read) {
    cimom::Instance renamed = **sandbox.store().get(vm);
    renamed.set("ElementName", cimom::Value::string("renamed-" + std::to_string(read)));
    BOOST_REQUIRE(sandbox.store().modify(kNs, renamed).ok());
  });
  auto problems = sandbox.loadFixture("more.yaml", more, true);
  BOOST_REQUIRE(texts(problems).empty());
  BOOST_TEST((*sandbox.store().get(vm))->get("ElementName")->asString() == "renamed-2");  // the last change
  BOOST_TEST(sandbox.store().get(computerSystem("EXTRA")).ok());
  BOOST_TEST(sandbox.store().size() > before);
}

// Every problem of a file in one pass, in the file's order: an unknown top-level field or a
// bad user entry does not hide the structural and reference problems further down (issue 18).
BOOST_FIXTURE_TEST_CASE(every_problem_in_one_pass, Loaded) {
  const FixtureLoad loaded = load(
      "colour: red\n"
      "users: [{name: 'a:b', password: x}]\n"
      "hosts: [{name: NODE-A}]\n"
      "vms: {name: x}\n"
      "jobs:\n"
      "  - {kind: migration, vm: app-09, destination: NODE-A}\n");
  BOOST_TEST(!loaded.fixture);
  const std::vector<std::string> all = texts(loaded.problems);
  BOOST_TEST_REQUIRE(all.size() == 4u);
  BOOST_TEST(all[0].find("t.yaml:1:1: a fixture: unknown field 'colour'") == 0u);
  BOOST_TEST(all[1].find("cannot contain ':'") != std::string::npos);
  BOOST_TEST(all[2].find("'vms' must be a list") != std::string::npos);
  BOOST_TEST(all[3].find("no virtual machine named 'app-09'") != std::string::npos);
  // One entry with two problems: both are said.
  const FixtureLoad entry = load("hosts: [{name: NODE-A}]\nvms: [{name: sql-01, host: NODE-Z, state: Sideways}]\n");
  const std::vector<std::string> both = texts(entry.problems);
  BOOST_TEST_REQUIRE(both.size() == 2u);
  BOOST_TEST(both[0].find("no host named 'NODE-Z'") != std::string::npos);
  BOOST_TEST(both[1].find("'state' must be") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
