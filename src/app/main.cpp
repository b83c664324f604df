// cimdouble: one binary, one subcommand per job. Each subcommand lives in its own file;
// this one only wires the command line (CLI11) to them.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "app/allocator_tuning.h"
#include "app/fixture_check_command.h"
#include "app/mof_check_command.h"
#include "app/run_command.h"
#include "app/schema_show_command.h"
#include "app/serve_command.h"
#include "cimom/name_suggestions.h"

namespace {

// An unknown first word names the closest subcommand instead of CLI11's "A subcommand is required".
bool unknownSubcommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::string given = argv[1];
  std::string closest;
  std::size_t best = SIZE_MAX;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == given) return false;
    if (const std::size_t d = cimdouble::cimom::editDistance(given, sub->get_name()); d < best) {
      best = d;
      closest = sub->get_name();
    }
  }
  std::cerr << "cimdouble: unknown command '" << given << "'";
  if (best <= 3) std::cerr << "; did you mean '" << closest << "'?";
  std::cerr << " (cimdouble --help lists them)\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  cimdouble::app::tuneAllocator(argv);
  CLI::App app{"cimdouble: a WS-Management / WMI test double of a Hyper-V host"};
  app.set_version_flag("--version", "cimdouble " CIMDOUBLE_VERSION);
  app.require_subcommand(1);
  int status = 0;

  CLI::App* mof = app.add_subcommand("mof", "Work with MOF files");
  mof->require_subcommand(1);
  cimdouble::app::MofCheckOptions mofCheckOptions;
  CLI::App* mofCheck = mof->add_subcommand("check", "Compile MOF files or folders and report every error as file:line:col");
  mofCheck->add_option("paths", mofCheckOptions.paths, "MOF files, or folders whose *.mof files are compiled")->required();
  mofCheck->add_flag("--standalone", mofCheckOptions.standalone,
                     "Compile the files alone, not on top of the built-in schema (for schema files themselves)");
  mofCheck->add_option("--namespace", mofCheckOptions.nameSpace,
                       "Where a file without #pragma namespace is compiled on the built-in schema")
      ->capture_default_str();
  mofCheck->callback([&] { status = cimdouble::app::runMofCheck(mofCheckOptions); });

  CLI::App* schema = app.add_subcommand("schema", "Inspect the built-in class schema");
  schema->require_subcommand(1);
  std::string nameSpace;
  std::string className;
  CLI::App* schemaShow = schema->add_subcommand("show", "Print a resolved class: superclasses, properties, methods");
  schemaShow->add_option("namespace", nameSpace, "e.g. root/HyperVCluster/v2")->required();
  schemaShow->add_option("class", className, "e.g. Msvm_MigrationJob")->required();
  schemaShow->callback([&] { status = cimdouble::app::runSchemaShow(nameSpace, className); });

  CLI::App* fixture = app.add_subcommand("fixture", "Work with fixture files");
  fixture->require_subcommand(1);
  std::vector<std::string> fixturePaths;
  CLI::App* fixtureCheck = fixture->add_subcommand("check", "Load fixtures as serve would and report every problem as file:line:col");
  fixtureCheck->add_option("paths", fixturePaths, "Fixture files (YAML, JSON or MOF)")->required();
  fixtureCheck->callback([&] { status = cimdouble::app::runFixtureCheck(fixturePaths); });

  cimdouble::app::ServeOptions serve;
  CLI::App* serveCommand = app.add_subcommand("serve", "Serve WS-Management on HTTP and HTTPS");
  serveCommand->add_option("--http", serve.http, "HTTP listener ADDR:PORT (port 0: ephemeral; empty: none)")->capture_default_str();
  serveCommand->add_option("--https", serve.https, "HTTPS listener ADDR:PORT (port 0: ephemeral; empty: none)")->capture_default_str();
  serveCommand->add_option("--cimxml-http", serve.cimXmlHttp,
                           "CIM-XML (DSP0200, /cimom) HTTP listener ADDR:PORT (port 0: ephemeral; empty: none)")
      ->capture_default_str();
  serveCommand->add_option("--cimxml-https", serve.cimXmlHttps,
                           "CIM-XML (DSP0200, /cimom) HTTPS listener ADDR:PORT (port 0: ephemeral; empty: none)")
      ->capture_default_str();
  serveCommand->add_option("--cert", serve.certFile, "PEM certificate for HTTPS (default: a new self-signed one)");
  serveCommand->add_option("--key", serve.keyFile, "PEM private key for --cert");
  serveCommand->add_option("--user", serve.users, "NAME:PASSWORD (or DOMAIN\\NAME:PASSWORD) accepted with Basic and Negotiate (NTLM) authentication (repeatable)");
  serveCommand->add_option("--fixture", serve.fixture, "Fixture file (YAML, JSON or MOF) to serve instead of the built-in default cluster");
  serveCommand->add_option("--fixture-dir", serve.fixtureDirs,
                           "Directory whose fixture files the control plane may load by path (repeatable; "
                           "default: the --fixture file's directory)");
  serveCommand->add_option("--auth", serve.auth,
                           "Authentication schemes offered, comma-separated: Negotiate (NTLM, and Kerberos with --keytab), "
                           "Kerberos, Basic, Certificate (default: Negotiate,Basic, with Kerberos when --keytab is given "
                           "and Certificate when the fixture maps certificates)");
  serveCommand->add_option("--keytab", serve.keytab,
                           "Kerberos keytab holding the HTTP/<node name> service principals (MIT format)");
  serveCommand->add_flag("--require-encryption", serve.requireEncryption,
                         "Refuse unencrypted messages over HTTP: Basic, and plain bodies on Negotiate or Kerberos "
                         "connections (WinRM's AllowUnencrypted=false)");
  serveCommand->add_option("--allow-origin", serve.allowOrigins,
                           "Web origin (https://host:port) whose pages may call the control plane (repeatable; default: none)");
  serveCommand->add_option("--url-prefix", serve.urlPrefix,
                           "Path WS-Man is served at, /PREFIX (WinRM's URLPrefix)")
      ->capture_default_str();
  serveCommand->add_flag("--no-unauthenticated-identify", serve.noUnauthenticatedIdentify,
                         "Refuse Identify without credentials (WSMANIDENTIFY: unauthenticated)");
  serveCommand->add_option("--cim-error-faults", serve.cimErrorFaults,
                           "Which fault details are MSFT_WmiError instances (CIM errors) instead of WSManFault: "
                           "mi (the MI client's requests, as WinRM), always, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"mi", "always", "never"}));
  serveCommand->add_option("--winrm", serve.winrmSettings,
                           "WinRM service setting NAME=VALUE under WinRM's name (repeatable): MaxEnvelopeSizekb (500), "
                           "MaxTimeoutms (60000), MaxBatchItems (32000), MaxConcurrentOperationsPerUser (1500), "
                           "EnumerationTimeoutms (240000), MaxConnections (300)");
  serveCommand->add_option("--idle-timeout", serve.idleTimeoutSeconds,
                           "Seconds an idle keep-alive connection (or a stalled read) is kept")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serveCommand->add_option("--request-timeout", serve.requestTimeoutSeconds,
                           "Seconds a whole request may take to arrive (slow clients are cut off)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serveCommand->add_option("--journal-limit", serve.journalLimit, "Requests the journal keeps (the latest)")
      ->capture_default_str()
      ->check(CLI::Range(10, 10000000));
  serveCommand->add_option("--time-scale", serve.timeScale, "Job time runs N times faster than wall time")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            char* end = nullptr;
            const double scale = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !(scale > 0) || scale > 1e6) {
              return "the time scale is a number above 0 and at most 1000000, not '" + text + "'";
            }
            return {};
          },
          "SCALE in (0, 1e6]"));
  uint64_t seed = 0;
  CLI::Option* seedOption = serveCommand->add_option("--seed", seed, "Make job InstanceIDs and GUIDs repeatable");
  serveCommand->add_option("--behaviors", serve.behaviorsFile, "YAML/JSON file of job behaviour rules (duration, failure, stall), added to the fixture's");
  serveCommand->add_flag("--isolate-by-user", serve.isolateByUser,
                         "Give each user its own state, clock, journal and fault rules");
  int nodeListenersPort = 0;
  CLI::Option* nodeListenersOption =
      serveCommand
          ->add_option("--node-listeners", nodeListenersPort,
                       "Give each cluster node an HTTP listener of its own, on consecutive ports from PORT (0: ephemeral)")
          ->option_text("[PORT]")
          ->expected(0, 1)
          ->check(CLI::Range(0, 65535));
  serveCommand->callback([&] {
    if (seedOption->count()) serve.seed = seed;
    if (nodeListenersOption->count()) serve.nodeListenersPort = nodeListenersPort;
    status = cimdouble::app::runServe(serve);
  });

  cimdouble::app::RunOptions run;
  CLI::App* runCommand = app.add_subcommand("run", "Run scenario files against an in-process server (for CI)");
  runCommand->add_option("scenarios", run.scenarios, "Scenario files (YAML); see fixtures/scenarios/")->required();
  runCommand->add_option("--junit", run.junitFile, "Write the outcome as JUnit XML to this file");
  runCommand->callback([&] { status = cimdouble::app::runScenarios(run); });

  if (unknownSubcommand(app, argc, argv)) return 2;
  CLI11_PARSE(app, argc, argv);
  return status;
}
