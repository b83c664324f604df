#include "app/sandbox.h"

#include <nlohmann/json.hpp>

#include "control/control_reply.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "jobs/providers.h"

namespace cimdouble::app {
namespace {

using nlohmann::json;

using control::reply;

json problemList(const cimom::Diagnostics& problems) {
  json list = json::array();
  for (const cimom::Diagnostic& d : problems) list.push_back(d.toString());
  return list;
}

// The reasons files were not read, in place of the loader's bare "cannot read file" for them.
cimom::Diagnostics withRefusals(cimom::Diagnostics problems, const cimom::Diagnostics& refusals) {
  cimom::Diagnostics out = refusals;
  for (cimom::Diagnostic& d : problems) {
    const bool explained = d.position.line == 0 && d.message == "cannot read file" &&
                           std::any_of(refusals.begin(), refusals.end(),
                                       [&](const cimom::Diagnostic& r) { return r.position.file == d.position.file; });
    if (!explained) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Sandbox::Sandbox(cimom::ClassRepository& repository, Fixture schema, Fixture fixture, SandboxOptions options)
    : repository_(repository),
      schema_(std::move(schema)),
      fixture_(std::move(fixture)),
      options_(std::move(options)),
      store_(repository),
      query_(repository, store_),
      clock_(options_.timeScale),
      ids_(options_.seed),
      engine_(repository, store_, query_, clock_, ids_, fixture_.behaviors),
      service_(repository, store_, query_, methods_, clock_, options_.service),
      cimXml_(repository, store_, query_, methods_),
      journal_(options_.journalCapacity),
      control_({store_, engine_, clock_, service_.enumerations(), journal_, faults_, metrics_}, [this] { reset(); },
               [this](const std::string& method, const std::string& query, const std::string& body) {
                 return fixtureCall(method, query, body);
               }) {
  jobs::registerAllProviders(methods_, engine_);
  const auto refreshJobs = [this] {
    // A store that refuses the engine's writes is a bug of ours; the request is still answered.
    if (cimom::Status refreshed = engine_.refresh(); !refreshed) {
      std::fprintf(stderr, "cimdouble: jobs could not be brought up to date: %s\n", refreshed.error().message.c_str());
    }
  };
  service_.setBeforeEachRequest(refreshJobs);
  cimXml_.setBeforeEachRequest(refreshJobs);
  // Fault rules first: they intervene before the operation; journal and metrics observe after.
  service_.addObserver(faults_);
  service_.addObserver(journal_);
  service_.addObserver(metrics_);
  metrics_.showRefusals(options_.refusals);
  service_.setNodeResolver([this](std::string_view host) { return nodes_.resolve(host); });
  cimXml_.setNodeResolver([this](std::string_view host) { return nodes_.resolve(host); });
  // CIM-XML requests meet the same fault rules, as action "cimxml:<method>".
  cimXml_.setIntervention([this](const cimxml::CimXmlRecord& record) -> std::optional<cimxml::CimXmlIntervention> {
    wsman::Exchange probe;
    probe.action = "cimxml:" + record.method;
    probe.node = record.node;
    probe.nameSpace = record.nameSpace;
    probe.className = record.className;
    if (!record.intrinsic) probe.method = record.method;
    const std::optional<control::FaultRule> rule = faults_.decide(probe);
    if (!rule) return std::nullopt;
    using Kind = cimxml::CimXmlIntervention::Kind;
    cimxml::CimXmlIntervention out;
    switch (rule->effect) {
      case control::InjectedEffect::Delay: out.kind = Kind::Delay; out.delayMillis = faults_.delayOf(*rule); break;
      case control::InjectedEffect::HttpStatus: out.kind = Kind::HttpStatus; out.httpStatus = rule->httpStatus; break;
      case control::InjectedEffect::DropConnection: out.kind = Kind::DropConnection; break;
      case control::InjectedEffect::LoseAnswer: out.kind = Kind::LoseAnswer; break;
      case control::InjectedEffect::CimError:
        out.kind = Kind::CimError;
        out.cimStatus = static_cast<cimom::CimStatus>(rule->cimStatus);
        out.description = rule->cimDescription;
        break;
      case control::InjectedEffect::Fault: return std::nullopt;  // never matches CIM-XML
    }
    return out;
  });
  // CIM-XML requests in the same journal and metrics as WS-Man's, as "cimxml:<method>".
  cimXml_.setObserver([this](const cimxml::CimXmlRecord& record, double seconds) {
    control::JournalEntry entry;
    entry.micros = clock_.nowMicros();
    entry.user = record.user;
    entry.scheme = record.scheme;
    entry.node = record.node;
    const std::string action = "cimxml:" + (record.method.empty() ? std::string(wsman::kUnreadableAction) : record.method);
    entry.action = action;
    entry.nameSpace = record.nameSpace;
    entry.className = record.className;
    if (!record.intrinsic) entry.method = record.method;
    for (const auto& [name, value] : record.parameters) entry.parameters[name] = value;
    entry.httpStatus = record.httpStatus;
    entry.fault = record.error;
    journal_.record(std::move(entry));
    metrics_.record(action, record.httpStatus, seconds);
    metrics_.recordScheme(record.scheme, false);
  });
  fixtureStartMicros_ = clock_.nowMicros();
  stage(fixture_);
}

void Sandbox::stage(const Fixture& fixture) {
  if (fixture.instances) store_.restore(*fixture.instances);
  engine_.setBehaviors(fixture.behaviors);
  engine_.setStagedJobs(fixture.stagedJobs);
  service_.enumerations().clear();
  nodes_.set(fixture.nodes, fixture.defaultNode);
}

void Sandbox::reset() {
  std::lock_guard lock(fixtureMutex_);
  // The clock first: the jobs are re-staged as of the fixture's start.
  clock_.set(fixtureStartMicros_);
  clock_.setScale(options_.timeScale);
  clock_.resume();
  if (fixture_.instances) store_.restore(*fixture_.instances);
  engine_.reset();
  service_.enumerations().clear();
  journal_.clear();
  faults_.clear();
}

cimom::Diagnostics Sandbox::loadFixture(const std::string& name, const cimom::MofSource& files, bool merge) {
  std::lock_guard lock(fixtureMutex_);
  FixtureLoadOptions loadOptions;
  loadOptions.instancesOnly = true;  // the class repository is shared with every sandbox
  loadOptions.allowServerSettings = false;  // accounts and limits are the server's, not a sandbox's (fixture.h)
  loadOptions.nowMicros = clock_.nowMicros();
  FixtureLoad loaded = app::loadFixture(name, files, repository_, merge ? fixture_ : schema_, loadOptions);
  if (!loaded.fixture) return loaded.problems;
  if (!merge) {
    fixture_ = std::move(*loaded.fixture);
    fixtureStartMicros_ = loadOptions.nowMicros;
    stage(fixture_);
  } else {
    // The same fixture once more on top of the running state, to find what it adds there;
    // then only that is added, so that what requests did meanwhile (jobs started or moved
    // on, instances changed) stays as it is.
    Fixture live = fixture_;
    live.instances = store_.snapshot();
    live.stagedJobs.clear();
    FixtureLoad onLive = app::loadFixture(name, files, repository_, live, loadOptions);
    if (!onLive.fixture) return onLive.problems;  // e.g. a key the running state took
    if (auto added = store_.addCreatedSince(*live.instances, *onLive.fixture->instances); !added) {
      return {{{name, 0, 0}, added.error().message + " (taken while the fixture loaded)"}};
    }
    const std::size_t known = fixture_.stagedJobs.size();
    fixture_ = std::move(*loaded.fixture);
    engine_.setBehaviors(fixture_.behaviors);
    nodes_.set(fixture_.nodes, fixture_.defaultNode);
    engine_.addStagedJobs({fixture_.stagedJobs.begin() + static_cast<std::ptrdiff_t>(known), fixture_.stagedJobs.end()});
  }
  return {};
}

control::ControlReply Sandbox::fixtureCall(const std::string& method, const std::string& query, const std::string& body) {
  if (method == "GET") {
    std::lock_guard lock(fixtureMutex_);
    json users = json::array();
    for (const FixtureUser& u : fixture_.users) users.push_back(u.name);
    return reply(200, json{{"origin", fixture_.origin},
                           {"instances", fixture_.instances ? fixture_.instances->size : 0},
                           {"stagedJobs", fixture_.stagedJobs.size()},
                           {"users", users},
                           {"nodes", fixture_.nodes},  // the cluster's nodes, and the one that answers unnamed requests
                           {"defaultNode", nodes_.defaultNode()}});
  }
  if (method != "POST") return reply(405, json{{"error", "fixture takes GET or POST"}});
  std::string mode = "replace";
  std::string path;
  std::string format = "yaml";
  for (const auto& [key, value] : control::parseQuery(query)) {
    if (key == "mode") mode = value;
    else if (key == "path") path = value;
    else if (key == "format") format = value;
    else return reply(400, json{{"error", "unknown fixture parameter '" + key + "' (mode, path, format)"}});
  }
  if (mode != "replace" && mode != "merge") return reply(400, json{{"error", "mode is replace or merge"}});
  if (format != "yaml" && format != "json" && format != "mof") return reply(400, json{{"error", "format is yaml, json or mof"}});
  if (path.empty() == body.empty()) {
    return reply(400, json{{"error", "POST fixture takes the fixture as the body, or ?path=FILE on the server"}});
  }
  const auto started = std::chrono::steady_clock::now();
  const ConfinedFileSource serverFiles(options_.serverFiles);
  cimom::Diagnostics problems;
  if (!path.empty()) {
    problems = loadFixture(path, serverFiles, mode == "merge");
  } else {
    const std::string name = "posted-fixture." + format;
    problems = loadFixture(name, PostedFixtureSource(name, body, &serverFiles), mode == "merge");
  }
  if (!problems.empty()) {
    problems = withRefusals(std::move(problems), serverFiles.refusals());
    return reply(400, json{{"loaded", false}, {"problems", problemList(problems)}});
  }
  const double millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return reply(200, json{{"loaded", true}, {"mode", mode}, {"milliseconds", millis}, {"instances", store_.size()}});
}

}  // namespace cimdouble::app
