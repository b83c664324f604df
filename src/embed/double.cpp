// cimdouble::Double: start and stop, and the control calls that are one control-plane request
// each (clock, reset, fixture). The journal and the fault rules are in journal_calls.cpp and
// fault_calls.cpp.
#include <libxml/parser.h>
#include <openssl/ssl.h>

#include <csignal>
#include <cstdio>
#include <mutex>

#include "app/fixture/fixture.h"
#include "double_impl.h"
#include "time/clock.h"

namespace cimdouble {
namespace {

using nlohmann::json;

std::string joined(const cimom::Diagnostics& problems) {
  std::string text;
  for (const cimom::Diagnostic& d : problems) {
    if (!text.empty()) text += '\n';
    text += d.toString();
  }
  return text;
}

// What `serve` and `run` do first in main(), done once per process for the embedding test:
// libxml2 and OpenSSL initialised before any thread uses them, and SIGPIPE ignored (a client
// closing its connection mid-answer would otherwise end the test), unless the test set its
// own handler.
void prepareProcess() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    OPENSSL_init_ssl(0, nullptr);
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && !(current.sa_flags & SA_SIGINFO) &&
        current.sa_handler == SIG_DFL) {
      std::signal(SIGPIPE, SIG_IGN);
    }
  });
}

// The built-in schema and the fixture given as text. loadStartupFixture stages the schema
// (and the default cluster, which the text then replaces) so that the schema is loaded the
// one way `serve` loads it.
cimom::Diagnostics loadStartupText(const std::string& text, cimom::ClassRepository& repository,
                                   app::StartupFixture& out) {
  if (auto problems = app::loadStartupFixture({}, {}, repository, out); !problems.empty()) return problems;
  const std::string name = "fixture-text.yaml";
  app::FixtureLoadOptions options;
  options.nowMicros = time::RealClock().nowMicros();
  app::FixtureLoad loaded =
      app::loadFixture(name, app::PostedFixtureSource(name, text), repository, out.schema, options);
  if (!loaded.fixture) return loaded.problems;
  out.fixture = std::move(*loaded.fixture);
  return {};
}

std::string xsDuration(std::chrono::microseconds by) {
  char text[48];
  std::snprintf(text, sizeof text, "PT%lld.%06lldS", static_cast<long long>(by.count() / 1000000),
                static_cast<long long>(by.count() % 1000000));
  return text;
}

}  // namespace

Double::Impl::Impl(Options given) : options(std::move(given)) {
  prepareProcess();
  if (!options.fixtureFile.empty() && !options.fixtureText.empty()) {
    throw Error("cimdouble: give fixtureFile or fixtureText, not both");
  }
  const cimom::Diagnostics problems = options.fixtureText.empty()
                                          ? app::loadStartupFixture(options.fixtureFile, {}, repository, startup)
                                          : loadStartupText(options.fixtureText, repository, startup);
  if (!problems.empty()) throw Error(joined(problems));
  app::SandboxOptions sandboxOptions;
  sandboxOptions.seed = options.seed;
  sandboxOptions.timeScale = options.timeScale;
  http::HttpServerOptions httpOptions;
  httpOptions.users.push_back({options.user, options.password});
  server = std::make_unique<app::SandboxServer>(repository, startup, std::move(sandboxOptions), false,
                                                std::move(httpOptions));
  if (options.paused) sandbox().clock().pause();
  try {
    port = server->http().listen(options.host, options.port);
  } catch (const std::exception& e) {
    throw Error(e.what());
  }
}

json Double::Impl::call(const std::string& method, const std::string& path, const std::string& body) const {
  const control::ControlReply reply = sandbox().control().handle(method, path, body);
  json answer = json::parse(reply.body, nullptr, false);
  if (reply.status < 400) return answer;
  std::string message;
  if (answer.is_object() && answer.contains("problems")) {
    for (const json& problem : answer["problems"]) {
      if (!message.empty()) message += '\n';
      message += problem.get<std::string>();
    }
  } else if (answer.is_object() && answer.contains("error")) {
    message = answer["error"].get<std::string>();
  } else {
    message = reply.body;
  }
  throw Error(message);
}

Double::Double(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Double::~Double() = default;  // the server's destructor stops it before the sandboxes go
Double::Double(Double&&) noexcept = default;
Double& Double::operator=(Double&&) noexcept = default;

std::string Double::url() const { return "http://" + impl_->options.host + ":" + std::to_string(impl_->port) + "/wsman"; }
int Double::port() const { return impl_->port; }
const std::string& Double::user() const { return impl_->options.user; }
const std::string& Double::password() const { return impl_->options.password; }

void Double::advance(std::chrono::microseconds by) {
  if (by.count() < 0) throw Error("advance: time does not run backwards");
  impl_->call("POST", "clock", json{{"advance", xsDuration(by)}}.dump());
}
void Double::setTime(const std::string& dateTime) { impl_->call("POST", "clock", json{{"set", dateTime}}.dump()); }
void Double::pause() { impl_->call("POST", "clock", R"({"pause": true})"); }
void Double::resume() { impl_->call("POST", "clock", R"({"resume": true})"); }
std::string Double::now() const { return impl_->call("GET", "clock")["now"].get<std::string>(); }

void Double::reset() { impl_->call("POST", "reset"); }
void Double::loadFixture(const std::string& text, bool merge) {
  impl_->call("POST", merge ? "fixture?mode=merge" : "fixture?mode=replace", text);
}

void Double::stop() { impl_->server->http().stop(); }

}  // namespace cimdouble
