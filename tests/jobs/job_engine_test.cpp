#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "job_world.h"

using namespace cimdouble;
using namespace cimdouble::jobs;
using namespace cimdouble::jobs::testing;
using cimom::CimType;
using cimom::Value;

namespace {

Value state(uint16_t s) { return Value::unsignedInt(CimType::UInt16, s); }
const Value kNoTimeout = Value::null(CimType::DateTime);

// Migrations of db-02 fail at 60 %; those of app-01 stall at 50 % of 10 s.
BehaviorTable failingAndStalling() {
  BehaviorTable table;
  BehaviorRule failing;
  failing.match = {"migration", "db-02", {}, {}, {}, {}};
  failing.behavior = table.select({"migration", {}, {}, {}, {}, {}});
  failing.behavior.failAtPercent = 60;
  failing.behavior.errorCode = 32768;
  failing.behavior.errorDescription = "Migration did not succeed.";
  failing.behavior.error.message = "Virtual machine migration operation for 'db-02' failed at migration source 'HV-NODE2'.";
  failing.behavior.error.messageId = "21502";
  failing.behavior.error.messageArguments = {"db-02", "HV-NODE2"};
  table.addRule(failing);
  BehaviorRule stalling;
  stalling.match = {"migration", "app-01", {}, {}, {}, {}};
  stalling.behavior = table.select({"migration", {}, {}, {}, {}, {}});
  stalling.behavior.stallAtPercent = 50;
  stalling.behavior.durationMicros = 10 * kSecond;
  table.addRule(stalling);
  return table;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(job_engine)

BOOST_FIXTURE_TEST_CASE(progress_follows_the_clock_to_completion, JobWorld) {
  int effects = 0;
  JobSpec s = spec();
  s.onComplete = [&](cimom::Instance& job) {
    ++effects;
    job.set("Description", Value::string("done"));
    return cimom::okStatus();
  };
  auto path = engine->submit(std::move(s));
  BOOST_REQUIRE(path.ok());
  BOOST_TEST(number(*path, "JobState") == 4u);
  BOOST_TEST(number(*path, "PercentComplete") == 0u);
  BOOST_TEST(get(*path)->get("InstanceID")->asString().rfind("Microsoft:", 0) == 0);
  BOOST_TEST(get(*path)->get("StatusDescriptions")->toText() == R"({"Job is running"})");
  advance(15 * kSecond);  // half of the default 30 s
  BOOST_TEST(number(*path, "PercentComplete") == 50u);
  BOOST_TEST(get(*path)->get("ElapsedTime")->asDateTime().micros() == 15 * kSecond);
  advance(20 * kSecond);
  BOOST_TEST(number(*path, "JobState") == 7u);
  BOOST_TEST(number(*path, "PercentComplete") == 100u);
  BOOST_TEST(get(*path)->get("OperationalStatus")->toText() == "{2, 17}");
  BOOST_TEST(get(*path)->get("ErrorCode")->asUnsigned() == 0u);
  // Dated when it reached 100 %, not when someone looked.
  BOOST_TEST(get(*path)->get("TimeOfLastStateChange")->asDateTime().micros() == kStart + 30 * kSecond);
  BOOST_TEST(get(*path)->get("ElapsedTime")->asDateTime().micros() == 30 * kSecond);
  BOOST_TEST(get(*path)->get("Description")->asString() == "done");
  advance(kSecond);
  BOOST_TEST(effects == 1);
  auto history = engine->history(*path);
  BOOST_REQUIRE(history.size() == 2u);
  BOOST_TEST((history.back().state == JobState::Completed));
}

BOOST_FIXTURE_TEST_CASE(a_completion_that_fails_ends_in_exception, JobWorld) {
  JobSpec s = spec();
  s.onComplete = [](cimom::Instance&) -> cimom::Status {
    return cimom::makeError(cimom::CimStatus::Failed, "the destination host no longer exists");
  };
  auto path = engine->submit(std::move(s));
  BOOST_REQUIRE(path.ok());
  advance(31 * kSecond);
  BOOST_TEST(number(*path, "JobState") == 10u);  // Exception, not Completed
  BOOST_TEST(number(*path, "ErrorCode") == 32768u);
  BOOST_TEST(get(*path)->get("ErrorDescription")->asString() == "the destination host no longer exists");
  auto errors = engine->errors(*path);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0]->get("Message")->asString() == "the destination host no longer exists");
  auto history = engine->history(*path);
  BOOST_REQUIRE(history.size() == 2u);  // running, then the failure: it never completed
  BOOST_TEST((history.back().state == JobState::Exception));
}

BOOST_FIXTURE_TEST_CASE(a_migration_to_a_host_that_went_away_fails, JobWorld) {
  const cimom::ObjectPath service(kNs, "Msvm_VirtualSystemMigrationService",
                                  {{"SystemCreationClassName", Value::string("Msvm_ComputerSystem")},
                                   {"SystemName", Value::string("HV-NODE1")},
                                   {"CreationClassName", Value::string("Msvm_VirtualSystemMigrationService")},
                                   {"Name", Value::string("migrationwmi")}});
  const cimom::ObjectPath web01 = vm("5E3A0000-1000-4000-8000-A00000000000");
  auto started = invoke(service, "MigrateVirtualSystemToHost",
                        {{"ComputerSystem", Value::reference(web01)}, {"DestinationHost", Value::string("HV-NODE3")}});
  const cimom::ObjectPath job = started.out.back().value.asReference();
  BOOST_REQUIRE(store.remove(vm("HV-NODE3")).ok());
  advance(31 * kSecond);
  BOOST_TEST(number(job, "JobState") == 10u);
  BOOST_TEST(get(job)->get("ErrorDescription")->asString().find("no longer exists") != std::string::npos);
  BOOST_TEST((*cluster().hostOf(web01))->get("Name")->asString() == "HV-NODE1");  // not moved
}

BOOST_AUTO_TEST_CASE(failure_and_stall_come_from_the_behaviour) {
  JobWorld w(failingAndStalling());
  JobSpec failing = w.spec();
  failing.match.vm = "db-02|5E3A0007-1007-4007-8007-A00000000007";
  failing.errorSource = "\\\\HV-NODE2\\root\\HyperVCluster\\v2:Msvm_ComputerSystem.Name=\"x\"";
  auto failed = w.engine->submit(std::move(failing));
  JobSpec stalling = w.spec();
  stalling.match.vm = "app-01|5E3A0003-1003-4003-8003-A00000000003";
  auto stalled = w.engine->submit(std::move(stalling));
  w.advance(17 * kSecond);
  BOOST_TEST(w.number(*failed, "JobState") == 4u);
  w.advance(2 * kSecond);
  BOOST_TEST(w.number(*failed, "JobState") == 10u);
  BOOST_TEST(w.number(*failed, "PercentComplete") == 60u);
  BOOST_TEST(w.number(*failed, "ErrorCode") == 32768u);
  BOOST_TEST(w.get(*failed)->get("ErrorDescription")->asString() == "Migration did not succeed.");
  BOOST_TEST(w.get(*failed)->get("TimeOfLastStateChange")->asDateTime().micros() == kStart + 18 * kSecond);
  auto errors = w.engine->errors(*failed);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0]->get("MessageID")->asString() == "21502");
  BOOST_TEST(errors[0]->get("MessageArguments")->toText() == R"({"db-02", "HV-NODE2"})");
  BOOST_TEST(errors[0]->get("ErrorSourceFormat")->asUnsigned() == 2u);
  w.advance(3600 * kSecond);
  BOOST_TEST(w.number(*stalled, "JobState") == 4u);
  BOOST_TEST(w.number(*stalled, "PercentComplete") == 50u);
}

BOOST_FIXTURE_TEST_CASE(state_changes_and_their_return_codes, JobWorld) {
  auto job = *engine->submit(spec());
  advance(3 * kSecond);
  BOOST_TEST(engine->requestStateChange(job, state(2), kNoTimeout) == JobReturn::InvalidState);  // already running
  BOOST_TEST(engine->requestStateChange(job, state(3), kNoTimeout) == JobReturn::Completed);     // suspend
  BOOST_TEST(number(job, "JobState") == 5u);
  advance(60 * kSecond);
  BOOST_TEST(number(job, "PercentComplete") == 10u);  // frozen while suspended
  BOOST_TEST(engine->requestStateChange(job, state(3), kNoTimeout) == JobReturn::InvalidState);
  BOOST_TEST(engine->requestStateChange(job, state(2), kNoTimeout) == JobReturn::Completed);  // resume
  advance(3 * kSecond);
  BOOST_TEST(number(job, "PercentComplete") == 20u);
  BOOST_TEST(engine->requestStateChange(job, state(6), kNoTimeout) == JobReturn::NotSupported);
  BOOST_TEST(engine->requestStateChange(job, state(7), kNoTimeout) == JobReturn::InvalidParameter);
  BOOST_TEST(engine->requestStateChange(job, Value::null(CimType::UInt16), kNoTimeout) == JobReturn::InvalidParameter);
  // A timestamp is not an interval: refused. An interval, 0 or not, is accepted and not honoured.
  BOOST_TEST(engine->requestStateChange(job, state(4), Value::datetime(cimom::DateTime::timestamp(0, 0))) ==
             JobReturn::InvalidParameter);
  BOOST_TEST(engine->requestStateChange(job, state(4), Value::datetime(cimom::DateTime::interval(5 * kSecond))) ==
             JobReturn::Completed);
  BOOST_TEST(number(job, "JobState") == 8u);
  BOOST_TEST(number(job, "ErrorCode") == 32768u);
  BOOST_TEST(engine->errors(job).size() == 1u);
  BOOST_TEST(engine->requestStateChange(job, state(4), kNoTimeout) == JobReturn::InvalidState);  // finished
  BOOST_TEST(engine->requestStateChange(job, state(5), kNoTimeout) == JobReturn::InvalidState);
  BOOST_TEST(engine->history(job).size() == 4u);  // running, suspended, running, terminated
}

BOOST_FIXTURE_TEST_CASE(non_cancellable_jobs_refuse_terminate_but_not_kill, JobWorld) {
  JobSpec s = spec("create-reference-point");
  auto job = *engine->submit(std::move(s));
  BOOST_TEST(get(job)->get("Cancellable")->asBool() == false);
  BOOST_TEST(engine->requestStateChange(job, state(4), kNoTimeout) == JobReturn::InvalidState);
  BOOST_TEST(number(job, "JobState") == 4u);
  BOOST_TEST(engine->killJob(job, false) == KillJobReturn::Success);
  BOOST_TEST(number(job, "JobState") == 9u);
  BOOST_TEST(engine->killJob(job, false) == KillJobReturn::Failed);  // CIM_Job.KillJob on a finished job: Failed
}

BOOST_FIXTURE_TEST_CASE(reaping_after_time_before_removal, JobWorld) {
  JobSpec s = spec();
  s.affected = {vm("5E3A0000-1000-4000-8000-A00000000000")};
  auto job = *engine->submit(std::move(s));
  BOOST_TEST(busy(vm("5E3A0000-1000-4000-8000-A00000000000")));
  advance(30 * kSecond);
  BOOST_TEST(!busy(vm("5E3A0000-1000-4000-8000-A00000000000")));
  advance(299 * kSecond);
  BOOST_TEST(get(job) != nullptr);
  advance(kSecond);  // five minutes after completion
  BOOST_TEST(get(job) == nullptr);
  // Its association went with it.
  auto links = store.enumerate(kNs, "Msvm_AffectedJobElement", true);
  for (const auto& link : *links) BOOST_TEST(link->get("AffectingElement")->asReference().key("InstanceID")->asString() != job.key("InstanceID")->asString());

  // TimeBeforeRemoval and DeleteOnCompletion are writable and honoured.
  auto shorter = *engine->submit(spec());
  cimom::Instance changed = *get(shorter);
  changed.set("TimeBeforeRemoval", Value::datetime(cimom::DateTime::interval(10 * kSecond)));
  BOOST_REQUIRE(store.modify(kNs, changed).ok());
  auto deleted = *engine->submit(spec());
  cimom::Instance deleteMe = *get(deleted);
  deleteMe.set("DeleteOnCompletion", Value::boolean(true));
  BOOST_REQUIRE(store.modify(kNs, deleteMe).ok());
  advance(30 * kSecond);
  BOOST_TEST(get(deleted) == nullptr);
  BOOST_TEST(get(shorter) != nullptr);
  advance(10 * kSecond);
  BOOST_TEST(get(shorter) == nullptr);
}

BOOST_FIXTURE_TEST_CASE(staged_jobs_are_adopted, JobWorld) {
  const cimom::ObjectPath running(kNs, "Msvm_MigrationJob", {{"InstanceID", Value::string("Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01")}});
  const cimom::ObjectPath failed(kNs, "CIM_ConcreteJob", {{"InstanceID", Value::string("Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C03")}});
  BOOST_TEST(busy(vm("5E3A0001-1001-4001-8001-A00000000001")));  // web-02 is migrating
  BOOST_REQUIRE(engine->errors(failed).size() == 1u);
  BOOST_TEST(engine->errors(failed)[0]->get("Message")->asString().find("not enough space") != std::string::npos);
  // The job world stages each job once, in root\HyperVCluster\v2 (which shows the instances
  // root\virtualization\v2 keeps): that namespace names the error's source.
  BOOST_TEST(engine->errors(failed)[0]->get("ErrorSource")->asString().find("\\root\\HyperVCluster\\v2:") != std::string::npos,
             engine->errors(failed)[0]->get("ErrorSource")->asString());
  BOOST_TEST(engine->errors(running).empty());
  BOOST_TEST(engine->requestStateChange(running, state(4), kNoTimeout) == JobReturn::Completed);
  BOOST_TEST(number(running, "JobState") == 8u);
  advance(3600 * kSecond);
  BOOST_TEST(get(running) != nullptr);  // staged jobs are not reaped
}

BOOST_FIXTURE_TEST_CASE(simultaneous_state_changes_leave_one_outcome, JobWorld) {
  for (int round = 0; round < 20; ++round) {
    auto job = *engine->submit(spec());
    std::atomic<int> accepted{0};
    std::atomic<int> refused{0};
    std::atomic<int> refreshFailures{0};  // Boost.Test's log is not thread-safe: count here, check below
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        const JobReturn code = t % 2 ? engine->requestStateChange(job, state(4), kNoTimeout)
                                    : engine->requestStateChange(job, state(5), kNoTimeout);
        (code == JobReturn::Completed ? accepted : refused)++;
        if (!engine->refresh().ok()) ++refreshFailures;
      });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(refreshFailures.load() == 0);
    BOOST_TEST(accepted.load() == 1);  // exactly one caller stopped it
    BOOST_TEST(refused.load() == 7);   // the others were told the truth: already finished
    const uint64_t final = number(job, "JobState");
    BOOST_TEST((final == 8u || final == 9u));
    BOOST_TEST(engine->history(job).size() == 2u);
  }
}

// 20,000 state changes keep a bounded history: how the job began, then the latest (issue 21).
BOOST_FIXTURE_TEST_CASE(a_job_history_is_bounded, JobWorld) {
  auto job = *engine->submit(spec());
  for (int i = 0; i < 10'000; ++i) {
    BOOST_TEST_REQUIRE(engine->requestStateChange(job, state(3), kNoTimeout) == JobReturn::Completed);
    BOOST_TEST_REQUIRE(engine->requestStateChange(job, state(2), kNoTimeout) == JobReturn::Completed);
  }
  BOOST_TEST_REQUIRE(engine->requestStateChange(job, state(3), kNoTimeout) == JobReturn::Completed);
  const auto history = engine->history(job);
  BOOST_TEST(history.size() == kMaxJobHistory);
  BOOST_TEST((history.front().state == JobState::Running));  // the start is kept
  BOOST_TEST((history.back().state == JobState::Suspended));  // and the latest change
  BOOST_TEST((history[history.size() - 2].state == JobState::Running));
}

BOOST_AUTO_TEST_SUITE_END()
