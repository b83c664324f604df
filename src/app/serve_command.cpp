#include "app/serve_command.h"

#include <libxml/parser.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <tuple>

#include "app/sandbox_server.h"
#include "app/startup_fixture.h"
#include "cimxml/cimxml_front_end.h"
#include "cimom/case_insensitive.h"
#include "http/http_server.h"
#include "http/negotiate.h"
#include "http/tls_certificate.h"

namespace cimdouble::app {
namespace {

constexpr const char* kDefaultUser = "cimdouble";
constexpr const char* kDefaultPassword = "cimdouble";

// ADDR:PORT into its parts; the error says what is wrong ("" when it is right).
std::string splitHostPort(const std::string& option, const std::string& text, std::string& host, int& port) {
  const std::size_t colon = text.rfind(':');
  const std::string digits = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (colon == std::string::npos || colon == 0 || digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return option + " wants ADDR:PORT, not '" + text + "'";
  }
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  port = std::stoi(digits);
  if (port > 65535) return option + ": port " + digits + " is out of range (0 to 65535; 0 picks a free one)";
  return {};
}

void printProblems(const cimom::Diagnostics& problems) {
  for (const cimom::Diagnostic& d : problems) std::cerr << d.toString() << "\n";
}

// A private folder for the TLS PEM file, removed at exit.
struct WorkDir {
  std::string path;
  WorkDir() {
    char pattern[] = "/tmp/cimdouble-XXXXXX";
    if (char* made = mkdtemp(pattern)) path = made;
  }
  ~WorkDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

int runServe(const ServeOptions& options) {
  std::string httpHost;
  std::string httpsHost;
  int httpPort = 0;
  int httpsPort = 0;
  if (options.http.empty() && options.https.empty() && !options.nodeListenersPort) {
    std::cerr << "cimdouble: not serving: --http and --https are both empty, so there is nothing to listen on "
                 "(give one of them ADDR:PORT)\n";
    return 1;
  }
  std::string cimXmlHttpHost;
  std::string cimXmlHttpsHost;
  int cimXmlHttpPort = 0;
  int cimXmlHttpsPort = 0;
  for (const auto& [option, text, host, port] :
       {std::tuple<const char*, const std::string&, std::string&, int&>{"--http", options.http, httpHost, httpPort},
        {"--https", options.https, httpsHost, httpsPort},
        {"--cimxml-http", options.cimXmlHttp, cimXmlHttpHost, cimXmlHttpPort},
        {"--cimxml-https", options.cimXmlHttps, cimXmlHttpsHost, cimXmlHttpsPort}}) {
    if (text.empty()) continue;
    if (const std::string error = splitHostPort(option, text, host, port); !error.empty()) {
      std::cerr << "cimdouble: " << error << "\n";
      return 2;
    }
  }
  const std::string wsmanPath = "/" + options.urlPrefix;
  if (options.urlPrefix.empty() || options.urlPrefix.size() > 64 ||
      options.urlPrefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") !=
          std::string::npos ||
      options.urlPrefix.rfind("cimdouble", 0) == 0) {
    // One path segment, as WinRM's URLPrefix is; the control plane's /cimdouble/ is not one.
    std::cerr << "cimdouble: --url-prefix wants one path segment of letters, digits, '-', '_' or '.' "
                 "(WinRM's URLPrefix, default wsman), not '" << options.urlPrefix << "'\n";
    return 2;
  }
  if (options.certFile.empty() != options.keyFile.empty()) {
    std::cerr << "cimdouble: --cert and --key go together\n";
    return 2;
  }
  http::HttpServerOptions httpOptions;
  httpOptions.idleTimeoutSeconds = options.idleTimeoutSeconds;
  httpOptions.requestTimeoutSeconds = options.requestTimeoutSeconds;
  for (const std::string& origin : options.allowOrigins) {
    // An origin as browsers send it: scheme://host[:port], no path (RFC 6454 §6.1).
    const std::size_t scheme = origin.find("://");
    const bool valid = (origin.rfind("http://", 0) == 0 || origin.rfind("https://", 0) == 0) &&
                       origin.size() > scheme + 3 && origin.find('/', scheme + 3) == std::string::npos &&
                       origin.find_first_of(" \t\r\n*") == std::string::npos;
    if (!valid) {
      std::cerr << "cimdouble: --allow-origin wants scheme://host[:port], not '" << origin << "'\n";
      return 2;
    }
    httpOptions.allowOrigins.push_back(origin);
  }
  if (!options.keytab.empty()) {
    if (const std::string error = http::useKerberosKeytab(options.keytab); !error.empty()) {
      std::cerr << "cimdouble: --keytab: " << error << "\n";
      return 2;
    }
  }
  bool certificates = false;
  if (!options.auth.empty()) {
    httpOptions.basic = httpOptions.negotiate = false;
    for (std::size_t at = 0; at <= options.auth.size();) {
      const std::size_t comma = std::min(options.auth.find(',', at), options.auth.size());
      const std::string scheme = options.auth.substr(at, comma - at);
      if (cimom::iequals(scheme, "Negotiate")) {
        httpOptions.negotiate = true;
      } else if (cimom::iequals(scheme, "Basic")) {
        httpOptions.basic = true;
      } else if (cimom::iequals(scheme, "Kerberos")) {
        httpOptions.kerberos = true;
      } else if (cimom::iequals(scheme, "Certificate")) {
        certificates = true;
      } else {
        std::cerr << "cimdouble: --auth takes Negotiate, Kerberos, Basic and Certificate, comma-separated, not '"
                  << scheme << "'\n";
        return 2;
      }
      at = comma + 1;
    }
    if (httpOptions.kerberos && options.keytab.empty()) {
      std::cerr << "cimdouble: --auth Kerberos needs --keytab (the HTTP/<node name> principals' keys)\n";
      return 2;
    }
  } else {
    httpOptions.kerberos = !options.keytab.empty();
  }
  httpOptions.requireEncryption = options.requireEncryption;
  for (const std::string& pair : options.users) {
    const std::size_t colon = pair.find(':');
    if (colon == std::string::npos || colon == 0) {
      std::cerr << "cimdouble: --user wants NAME:PASSWORD, not '" << pair << "'\n";
      return 2;
    }
    httpOptions.users.push_back({pair.substr(0, colon), pair.substr(colon + 1)});
  }

  // Everything that starts threads comes after the signals are blocked, so that only sigwait
  // below sees SIGINT/SIGTERM; libxml2 and OpenSSL are initialised once, up front.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  xmlInitParser();
  OPENSSL_init_ssl(0, nullptr);

  cimom::ClassRepository repository;
  StartupFixture startup;
  if (cimom::Diagnostics problems = loadStartupFixture(options.fixture, options.behaviorsFile, repository, startup);
      !problems.empty()) {
    printProblems(problems);
    std::cerr << "cimdouble: not serving: " << problems.size() << " problem(s) in the cluster definition\n";
    return 1;
  }
  if (httpOptions.users.size() + startup.fixture.users.size() > http::kMaxAccounts) {
    std::cerr << "cimdouble: not serving: more than " << http::kMaxAccounts
              << " users (--user and the fixture's users together)\n";
    return 2;
  }
  for (const FixtureUser& user : startup.fixture.users) {
    for (const FixtureCertificate& c : user.certificates) {
      if (options.auth.empty() || certificates) httpOptions.certificates.push_back({user.name, c.subject, c.upn, c.issuerPem});
    }
  }
  if (certificates && httpOptions.certificates.empty()) {
    std::cerr << "cimdouble: --auth Certificate needs fixture users with a certificate mapping (fixtures/README.md)\n";
    return 2;
  }
  if (httpOptions.users.empty() && startup.fixture.users.empty()) {
    httpOptions.users.push_back({kDefaultUser, kDefaultPassword});
    std::cout << "cimdouble: no --user given; accepting user '" << kDefaultUser << "' with password '"
              << kDefaultPassword << "'" << std::endl;
  }

  SandboxOptions sandboxOptions;
  {
    std::vector<std::string> dirs = options.fixtureDirs;
    if (dirs.empty() && !options.fixture.empty()) {
      dirs.push_back(std::filesystem::path(options.fixture).parent_path().string());
      if (dirs.back().empty()) dirs.back() = ".";
    }
    std::string error;
    sandboxOptions.serverFiles.directories = canonicalDirectories(dirs, error);
    if (!error.empty()) {
      std::cerr << "cimdouble: " << error << "\n";
      return 2;
    }
  }
  sandboxOptions.service.unauthenticatedIdentify = !options.noUnauthenticatedIdentify;
  sandboxOptions.service.cimErrorFaults = options.cimErrorFaults == "always"  ? wsman::CimErrorFaults::Always
                                          : options.cimErrorFaults == "never" ? wsman::CimErrorFaults::Never
                                                                              : wsman::CimErrorFaults::MiClients;
  sandboxOptions.service.winrm = startup.fixture.winrm;
  for (const std::string& setting : options.winrmSettings) {
    if (const std::string error = wsman::setWinrmSetting(sandboxOptions.service.winrm, setting); !error.empty()) {
      std::cerr << "cimdouble: --winrm: " << error << "\n";
      return 2;
    }
  }
  // The transport's own cap reads four times MaxEnvelopeSizekb (UTF-16, chunk framing) before
  // it answers 413 unread; up to MaxEnvelopeSizekb itself the service answers w:EncodingLimit.
  httpOptions.maxRequestBytes = static_cast<std::size_t>(sandboxOptions.service.winrm.maxEnvelopeSizekb) * 1024 * 4;
  httpOptions.maxConnections = static_cast<std::size_t>(sandboxOptions.service.winrm.maxConnections);
  sandboxOptions.journalCapacity = options.journalLimit;
  char hostname[256] = "cimdouble";
  gethostname(hostname, sizeof hostname - 1);
  sandboxOptions.service.machine = hostname;
  sandboxOptions.timeScale = options.timeScale;
  sandboxOptions.seed = options.seed;
  SandboxServer served(repository, startup, std::move(sandboxOptions), options.isolateByUser, std::move(httpOptions),
                       wsmanPath);
  http::HttpServer& server = served.http();
  WorkDir workDir;
  try {
    std::vector<std::string> ready;
    if (!options.http.empty()) {
      const int port = server.listen(httpHost, httpPort);
      ready.push_back("http://" + httpHost + ":" + std::to_string(port) + wsmanPath);
    }
    // One certificate for every HTTPS listener, WS-Man's and CIM-XML's.
    std::optional<http::TlsCertificate> cert;
    auto certificate = [&]() -> const http::TlsCertificate& {
      if (cert) return *cert;
      cert = options.certFile.empty() ? http::makeSelfSignedCertificate(httpsHost.empty() ? cimXmlHttpsHost : httpsHost, workDir.path)
                                      : http::loadCertificate(options.certFile, options.keyFile, workDir.path);
      if (options.certFile.empty()) {
        std::cout << "cimdouble: made a self-signed certificate, SHA-256 fingerprint " << cert->sha256Fingerprint << std::endl;
      }
      return *cert;
    };
    if (!options.https.empty()) {
      const int port = server.listen(httpsHost, httpsPort, certificate().pemPath);
      ready.push_back("https://" + httpsHost + ":" + std::to_string(port) + wsmanPath);
    }
    if (!options.cimXmlHttp.empty()) {
      const int port = served.cimXml().listen(cimXmlHttpHost, cimXmlHttpPort);
      ready.push_back("http://" + cimXmlHttpHost + ":" + std::to_string(port) + cimxml::kCimXmlPath);
    }
    if (!options.cimXmlHttps.empty()) {
      const int port = served.cimXml().listen(cimXmlHttpsHost, cimXmlHttpsPort, certificate().pemPath);
      ready.push_back("https://" + cimXmlHttpsHost + ":" + std::to_string(port) + cimxml::kCimXmlPath);
    }
    // Every listener is bound before the first ready line: a harness that waits for them never
    // goes on against a server that is about to give up on a busy port.
    std::vector<std::string> nodeReady;
    if (options.nodeListenersPort) {
      const std::string& host = httpHost.empty() ? std::string("127.0.0.1") : httpHost;
      int next = *options.nodeListenersPort;
      for (const std::string& node : startup.fixture.nodes) {
        const int port = served.addNodeServer(node).listen(host, next);
        if (next != 0) ++next;
        nodeReady.push_back("cimdouble: node " + node + " listening on http://" + host + ":" + std::to_string(port) + wsmanPath);
      }
    }
    for (const std::string& url : ready) std::cout << "cimdouble: listening on " << url << std::endl;
    for (const std::string& line : nodeReady) std::cout << line << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "cimdouble: " << e.what() << "\n";
    return 1;
  }

  int signal = 0;
  sigwait(&stopSignals, &signal);
  std::cout << "cimdouble: stopping (" << (signal == SIGTERM ? "SIGTERM" : "SIGINT") << ")" << std::endl;
  served.stop();
  return 0;
}

}  // namespace cimdouble::app
