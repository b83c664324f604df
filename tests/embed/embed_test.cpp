// A test of the kind a project embedding cimdouble writes: a double on the default cluster,
// a live migration sent over the wire as a tool would send it, the clock moved by hand, the
// job and the journal checked, faults injected through the C++ API and seen on the wire.
// Prints "N passed, N failed"; exits non-zero on any failure.
#include <cimdouble/cimdouble.h>

#include <chrono>
#include <functional>
#include <iostream>

#include "wsman_wire.h"

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const std::string& what, const std::string& detail = {}) {
  ok ? ++passed : ++failed;
  if (!ok) std::cout << "FAIL: " << what << (detail.empty() ? "" : "\n  " + detail) << "\n";
}

// Whether `call` throws cimdouble::Error with a message containing `text`.
void checkThrows(const std::function<void()>& call, const std::string& text, const std::string& what) {
  try {
    call();
    check(false, what, "no cimdouble::Error thrown");
  } catch (const cimdouble::Error& e) {
    check(std::string(e.what()).find(text) != std::string::npos, what, e.what());
  }
}

const std::string kWeb01 = "5E3A0000-1000-4000-8000-A00000000000";
const std::string kMigrationService = wire::kWmi + "Msvm_VirtualSystemMigrationService";
const std::string kMigrationJob = wire::kWmi + "Msvm_MigrationJob";

std::string migrateWeb01To(const std::string& destination) {
  const std::string vm =
      "<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address><a:ReferenceParameters>"
      "<w:ResourceURI>" + wire::kWmi + "Msvm_ComputerSystem</w:ResourceURI>" +
      wire::selectorSet({{"CreationClassName", "Msvm_ComputerSystem"}, {"Name", kWeb01}}) + "</a:ReferenceParameters>";
  const std::string settings =
      "&lt;INSTANCE CLASSNAME=\"Msvm_VirtualSystemMigrationSettingData\"&gt;&lt;PROPERTY NAME=\"MigrationType\" "
      "TYPE=\"uint16\"&gt;&lt;VALUE&gt;32768&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;";
  const std::string body = "<p:MigrateVirtualSystemToHost_INPUT xmlns:p=\"" + kMigrationService + "\">" +
                           "<p:ComputerSystem>" + vm + "</p:ComputerSystem><p:DestinationHost>" + destination +
                           "</p:DestinationHost><p:MigrationSettingData>" + settings +
                           "</p:MigrationSettingData></p:MigrateVirtualSystemToHost_INPUT>";
  return wire::envelope(kMigrationService + "/MigrateVirtualSystemToHost", kMigrationService,
                        {{"SystemCreationClassName", "Msvm_ComputerSystem"},
                         {"SystemName", "HV-NODE1"},
                         {"CreationClassName", "Msvm_VirtualSystemMigrationService"},
                         {"Name", "migrationwmi"}},
                        body);
}

std::string getJob(const std::string& instanceId) {
  return wire::envelope(wire::kTransfer + "Get", kMigrationJob, {{"InstanceID", instanceId}});
}

void migrationThroughTheWire() {
  cimdouble::Options options;
  options.seed = 7;
  options.paused = true;
  cimdouble::Double server(options);
  check(server.url() == "http://127.0.0.1:" + std::to_string(server.port()) + "/wsman", "url", server.url());
  auto post = [&](const std::string& envelope) {
    return wire::post(server.port(), server.user(), server.password(), envelope);
  };

  const wire::Answer started = post(migrateWeb01To("HV-NODE3"));
  check(started.status == 200, "Invoke answers 200", started.body);
  check(wire::textOf(started.body, "ReturnValue") == "4096", "ReturnValue 4096 (job started)", started.body);
  const std::string job = wire::textOf(started.body, "InstanceID", true);
  check(!job.empty(), "the Job reference has an InstanceID", started.body);

  const wire::Answer running = post(getJob(job));
  check(wire::textOf(running.body, "JobState") == "4", "paused clock: the job is still running", running.body);
  server.advance(std::chrono::seconds(31));  // a live migration takes 30 s
  const wire::Answer done = post(getJob(job));
  check(wire::textOf(done.body, "JobState") == "7", "31 s later the job is Completed", done.body);

  cimdouble::JournalQuery invoked;
  invoked.action = "Invoke";
  invoked.method = "MigrateVirtualSystemToHost";
  invoked.parameters["DestinationHost"] = "HV-NODE3";
  check(server.journalCount(invoked) == 1, "the Invoke to HV-NODE3 is journaled");
  const auto entries = server.journal(invoked);
  check(entries.size() == 1 && entries[0].selectors.at("SystemName") == "HV-NODE1" && entries[0].httpStatus == 200,
        "its entry has the service's selectors and status 200");
  invoked.parameters["DestinationHost"] = "HV-NODE2";
  const cimdouble::JournalVerdict miss = server.verifyJournal(invoked);
  check(miss.count == 0 && !miss.nearMisses.empty() &&
            miss.nearMisses[0].differences.at(0).find("DestinationHost") != std::string::npos,
        "a query for HV-NODE2 misses, and says what differed");
  cimdouble::JournalQuery gets;
  gets.action = "Get";
  check(server.journal(gets).size() == 2, "both Gets are journaled");

  // A standing rule through the struct, a one-shot one through JSON text.
  cimdouble::FaultRule unavailable;
  unavailable.action = "Get";
  unavailable.className = "Msvm_MigrationJob";
  unavailable.httpStatus = 503;
  const std::uint64_t id = server.addFault(unavailable);
  check(post(getJob(job)).status == 503, "an injected 503 shows on the wire");
  const auto rules = server.faults();
  check(rules.size() == 1 && rules[0].id == id && rules[0].fired == 1 && rules[0].rule.httpStatus == 503,
        "faults() lists the rule with its counters", std::to_string(rules.size()) + " rule(s)");
  server.removeFault(id);
  check(post(getJob(job)).status == 200, "after removeFault the Get answers again");
  server.addFault(R"({"action": "Get", "fault": "w:TimedOut", "oneShot": true})");
  const wire::Answer timedOut = post(getJob(job));
  check(timedOut.status == 500 && timedOut.body.find("TimedOut") != std::string::npos, "an injected w:TimedOut",
        timedOut.body);
  check(server.faults().empty(), "a one-shot rule is gone once it fired");

  checkThrows([&] { server.addFault(cimdouble::FaultRule{}); }, "exactly one effect", "a rule without an effect");
  checkThrows([&] { server.removeFault(999); }, "no fault rule 999", "removing an unknown rule");
  checkThrows([&] { server.loadFixture("hosts: 5\n"); }, "posted-fixture.yaml:", "a broken fixture");
  checkThrows([&] { server.setTime("yesterday"); }, "set:", "a time that is not one");

  server.setTime("2030-01-01T00:00:00Z");
  check(server.now().rfind("2030-01-01T00:00:00", 0) == 0, "setTime and now", server.now());
  server.reset();
  check(server.journal().empty(), "reset clears the journal");
  server.stop();
  check(post(getJob(job)).status == 0, "stop closes the listener");
  check(server.journalCount({}) == 0, "the state still answers after stop");
}

void fixtureFromText() {
  cimdouble::Options options;
  options.fixtureText = "hosts:\n  - {name: NODE-A}\nvms:\n  - {name: sql-01, host: NODE-A}\n"
                        "users:\n  - {name: worker-1, password: pw-1}\n";
  cimdouble::Double server(options);
  const wire::Answer answer = wire::post(server.port(), "worker-1", "pw-1", getJob("Microsoft:none"));
  check(answer.status != 0 && answer.status != 401, "a fixture's user is accepted",
        "status " + std::to_string(answer.status));
  options.fixtureText = "hosts: 5\n";
  checkThrows([&] { cimdouble::Double broken(options); }, "fixture-text.yaml:", "a broken fixture text");
}

}  // namespace

int main() {
  for (auto test : {migrationThroughTheWire, fixtureFromText}) {
    try {
      test();
    } catch (const std::exception& e) {
      check(false, "unexpected exception", e.what());
    }
  }
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 ? 0 : 1;
}
