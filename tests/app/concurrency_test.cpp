// One sandbox under many threads at once: WS-Man requests of every kind, state changes racing
// on one job, resets and fixture loads while requests are in flight, and enumeration contexts
// expiring under Pull as the clock jumps. Run in every build; the ThreadSanitizer build
// (./run.sh test) is where it earns its keep.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "app/fixture/fixture.h"
#include "app/sandbox.h"
#include "app/startup_fixture.h"

using namespace cimdouble;
using namespace cimdouble::app;

namespace {

const std::string kWmi = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
const std::string kRunningJob = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01";

std::string envelope(const std::string& action, const std::string& resource, const std::string& body,
                     const std::string& selectors = {}) {
  return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
         "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
         "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
         "xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\"><s:Header>"
         "<a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
         "<w:ResourceURI s:mustUnderstand=\"true\">" + resource + "</w:ResourceURI>"
         "<a:MessageID>uuid:00000000-0000-0000-0000-000000000001</a:MessageID>" +
         (selectors.empty() ? "" : "<w:SelectorSet>" + selectors + "</w:SelectorSet>") +
         "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
}

std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const std::size_t start = text.find(open);
  if (start == std::string::npos) return {};
  const std::size_t end = text.find(close, start + open.size());
  return text.substr(start + open.size(), end - start - open.size());
}

struct World {
  cimom::ClassRepository repository;
  StartupFixture startup;
  std::unique_ptr<Sandbox> sandbox;

  World() {
    if (!loadStartupFixture({}, {}, repository, startup).empty()) throw std::runtime_error("default fixture");
    SandboxOptions options;
    options.service.winrm.enumerationTimeoutms = 2000;
    options.timeScale = 1;
    sandbox = std::make_unique<Sandbox>(repository, startup.schema, startup.fixture, options);
  }

  wsman::HttpReply post(const std::string& body, const std::string& user) {
    wsman::HttpExchange exchange;
    exchange.body = body;
    exchange.contentType = "application/soap+xml;charset=UTF-8";
    exchange.user = user;
    exchange.authenticated = true;
    exchange.host = "hv-node2:5985";  // the node the running job (web-02's migration) lives on
    return sandbox->service().handle(exchange);
  }
};

// Answers a client may get while the world changes under it: success, or a fault.
bool acceptable(const wsman::HttpReply& reply) {
  return (reply.status == 200 || reply.status == 500) && reply.body.find("InternalError") == std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(concurrency)

BOOST_FIXTURE_TEST_CASE(requests_resets_and_expiry_at_once, World) {
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::atomic<int> done{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      const std::string user = "user" + std::to_string(t % 3);
      for (int i = 0; i < 60; ++i) {
        wsman::HttpReply r;
        switch ((i + t) % 4) {
          case 0:
            r = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kWmi + "Msvm_MigrationJob", "",
                              "<w:Selector Name=\"InstanceID\">" + kRunningJob + "</w:Selector>"),
                     user);
            break;
          case 1: {
            r = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", kWmi + "Msvm_ComputerSystem",
                              "<n:Enumerate><w:MaxElements>2</w:MaxElements><w:OptimizeEnumeration/></n:Enumerate>"),
                     user);
            const std::string context = between(r.body, "EnumerationContext>", "</");
            for (int pull = 0; pull < 3 && !context.empty() && acceptable(r); ++pull) {
              r = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", kWmi + "Msvm_ComputerSystem",
                                "<n:Pull><n:EnumerationContext>" + context + "</n:EnumerationContext>"
                                "<n:MaxElements>2</n:MaxElements></n:Pull>"),
                       user);
            }
            break;
          }
          case 2:
            r = post(envelope(kWmi + "Msvm_MigrationJob/RequestStateChange", kWmi + "Msvm_MigrationJob",
                              "<p:RequestStateChange_INPUT xmlns:p=\"" + kWmi + "Msvm_MigrationJob\">"
                              "<p:RequestedState>" + std::to_string(3 + i % 3) + "</p:RequestedState>"
                              "</p:RequestStateChange_INPUT>",
                              "<w:Selector Name=\"InstanceID\">" + kRunningJob + "</w:Selector>"),
                     user);
            break;
          default:
            r = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", kWmi + "Msvm_MigrationJob",
                              "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>50</w:MaxElements>"
                              "<w:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">"
                              "SELECT * FROM CIM_ConcreteJob WHERE JobState = 4</w:Filter></n:Enumerate>"),
                     user);
        }
        if (!acceptable(r)) ++bad;
        ++done;
      }
    });
  }
  std::thread chaos([&] {
    for (int i = 0; !stop; ++i) {
      switch (i % 4) {
        case 0: sandbox->control().handle("POST", "reset", ""); break;
        case 1: sandbox->control().handle("POST", "clock", R"({"advance": 3})"); break;  // contexts expire
        case 2: sandbox->control().handle("GET", "jobs", ""); break;
        default:
          sandbox->loadFixture("more.yaml", PostedFixtureSource("more.yaml", "hosts: [{name: EXTRA-" + std::to_string(i) + "}]\n"),
                               true);
      }
      std::this_thread::yield();
    }
  });
  for (std::thread& c : clients) c.join();
  stop = true;
  chaos.join();
  BOOST_TEST(done.load() == 360);
  BOOST_TEST(bad.load() == 0);
  // Still whole afterwards: a reset brings back a state in which the staged job answers.
  sandbox->control().handle("POST", "reset", "");
  wsman::HttpReply after = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kWmi + "Msvm_MigrationJob", "",
                                         "<w:Selector Name=\"InstanceID\">" + kRunningJob + "</w:Selector>"),
                                "user0");
  BOOST_TEST(after.status == 200);
}

// A reset races fixture replaces: before the reset took the sandbox's fixture lock it copied
// the baseline that a replace was freeing (ThreadSanitizer saw it from the second replace on).
BOOST_FIXTURE_TEST_CASE(resets_racing_fixture_replaces, World) {
  std::atomic<bool> stop{false};
  std::atomic<int> failedLoads{0};
  std::thread replacing([&] {
    for (int i = 0; i < 40; ++i) {
      const std::string text = "hosts: [{name: NODE-" + std::to_string(i) + "}]\nvms: [{name: vm-" + std::to_string(i) +
                               ", host: NODE-" + std::to_string(i) + "}]\n";
      if (!sandbox->loadFixture("replace.yaml", PostedFixtureSource("replace.yaml", text), false).empty()) ++failedLoads;
    }
    stop = true;
  });
  int resets = 0;
  while (!stop) {
    BOOST_TEST(sandbox->control().handle("POST", "reset", "").status == 200);
    ++resets;
  }
  replacing.join();
  BOOST_TEST(failedLoads.load() == 0);
  BOOST_TEST(resets > 0);
  // What a reset returns to now is the last fixture loaded, whole.
  BOOST_TEST(sandbox->control().handle("POST", "reset", "").status == 200);
  const wsman::HttpReply vm = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate",
                                            kWmi + "Msvm_ComputerSystem",
                                            "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>50</w:MaxElements></n:Enumerate>"),
                                   "user0");
  BOOST_TEST(vm.body.find("vm-39") != std::string::npos);
  BOOST_TEST(vm.body.find("vm-38") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
