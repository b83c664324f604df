#include "app/run_command.h"

#include <libxml/parser.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/sandbox_server.h"
#include "app/scenario/junit_report.h"
#include "app/scenario/scenario.h"
#include "app/scenario/scenario_runner.h"
#include "app/startup_fixture.h"
#include "time/id_source.h"

namespace cimdouble::app {
namespace {

constexpr const char* kUser = "scenario";

std::string milliseconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
  return text;
}

ScenarioReport runOne(const std::string& path) {
  const auto started = std::chrono::steady_clock::now();
  ScenarioReport report;
  report.file = path;
  report.name = path;
  auto setupFailed = [&](const cimom::Diagnostics& problems) {
    for (const cimom::Diagnostic& d : problems) report.setupError += d.toString() + "\n";
    return report;
  };
  ScenarioLoad loaded = loadScenario(path);
  if (!loaded.scenario) return setupFailed(loaded.problems);
  const Scenario& scenario = *loaded.scenario;
  report.name = scenario.name;

  cimom::ClassRepository repository;
  StartupFixture startup;
  if (auto problems = loadStartupFixture(scenario.fixture, {}, repository, startup); !problems.empty()) {
    return setupFailed(problems);
  }
  SandboxOptions options;
  options.seed = scenario.seed;
  time::IdSource secrets;
  const std::string password = secrets.newGuid();
  http::HttpServerOptions httpOptions;
  httpOptions.users.push_back({kUser, password});
  SandboxServer served(repository, startup, std::move(options), false, std::move(httpOptions));
  if (scenario.clockPaused) served.sandboxes().forUser({}).clock().pause();
  http::HttpServer& server = served.http();
  int port = 0;
  int cimXmlPort = 0;  // CIM-XML's /cimom, on a listener of its own as serve has it
  try {
    port = server.listen("127.0.0.1", 0);
    cimXmlPort = served.cimXml().listen("127.0.0.1", 0);
  } catch (const std::exception& e) {
    report.setupError = std::string("cannot start the in-process server: ") + e.what();
    served.stop();
    return report;
  }
  http::HttpClient http("http://127.0.0.1:" + std::to_string(port), kUser, password);
  http::HttpClient cimXmlHttp("http://127.0.0.1:" + std::to_string(cimXmlPort), kUser, password);
  ScenarioRunner runner(scenario, http, repository, &cimXmlHttp);
  report.steps = runner.run();
  served.stop();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

void print(const ScenarioReport& report) {
  std::cout << "scenario: " << report.name << " (" << report.file << ")\n";
  if (!report.setupError.empty()) {
    std::size_t start = 0;
    while (start < report.setupError.size()) {  // one problem per line
      const std::size_t end = std::min(report.setupError.find('\n', start), report.setupError.size());
      std::cout << "  FAIL  set-up: " << report.setupError.substr(start, end - start) << "\n";
      start = end + 1;
    }
  }
  std::size_t number = 0;
  for (const StepReport& step : report.steps) {
    ++number;
    const char* mark = step.outcome == StepReport::Outcome::Passed   ? "ok  "
                       : step.outcome == StepReport::Outcome::Failed ? "FAIL"
                                                                     : "skip";
    std::cout << "  " << mark << "  " << number << ". " << step.name << ": " << step.detail << " ("
              << milliseconds(step.seconds) << ")\n";
  }
  std::cout << (report.passed() ? "  passed" : "  FAILED") << " in " << milliseconds(report.seconds) << "\n"
            << std::flush;
}

}  // namespace

int runScenarios(const RunOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);
  xmlInitParser();
  OPENSSL_init_ssl(0, nullptr);
  std::vector<ScenarioReport> reports;
  for (const std::string& path : options.scenarios) {
    reports.push_back(runOne(path));
    print(reports.back());
  }
  std::size_t passed = 0;
  for (const ScenarioReport& r : reports) passed += r.passed();
  std::cout << "cimdouble run: " << reports.size() << " scenario(s), " << passed << " passed, "
            << reports.size() - passed << " failed" << std::endl;
  if (!options.junitFile.empty()) {
    std::ofstream out(options.junitFile);
    out << junitXml(reports);
    if (!out) {
      std::cerr << "cimdouble: cannot write " << options.junitFile << "\n";
      return 2;
    }
  }
  return passed == reports.size() ? 0 : 1;
}

}  // namespace cimdouble::app
