// One complete double of a Hyper-V host: instance store, clock, job engine, WS-Man service,
// journal, fault rules and control plane, staged from a fixture. `serve` runs one for all
// users, or one per user with --isolate-by-user (sandbox_set.h); `run` runs one per scenario.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "app/fixture/confined_files.h"
#include "app/fixture/fixture.h"
#include "app/node_directory.h"
#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "time/clock.h"
#include "time/id_source.h"
#include "jobs/job_engine.h"
#include "cimxml/cimxml_service.h"
#include "control/control_plane.h"
#include "control/fault_injection.h"
#include "control/journal.h"
#include "control/metrics.h"
#include "wsman/service_options.h"
#include "wsman/wsman_service.h"

namespace cimdouble::app {

struct SandboxOptions {
  wsman::ServiceOptions service;
  double timeScale = 1.0;
  std::optional<uint64_t> seed;
  std::size_t journalCapacity = 10000;  // the journal keeps the latest requests, this many
  ServerFileRules serverFiles;  // what `POST fixture` may read on the server (none by default)
  std::shared_ptr<const control::RefusalCounter> refusals;  // the server's, shown in the metrics
};

class Sandbox {
 public:
  // `schema` is the schema's own instances (what a replacing fixture starts from); `fixture`
  // what this sandbox stages now.
  Sandbox(cimom::ClassRepository& repository, Fixture schema, Fixture fixture, SandboxOptions options);
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  wsman::WsmanService& service() { return service_; }
  cimxml::CimXmlService& cimXml() { return cimXml_; }
  control::ControlPlane& control() { return control_; }
  control::Journal& journal() { return journal_; }
  control::FaultInjector& faults() { return faults_; }
  control::Metrics& metrics() { return metrics_; }
  jobs::JobEngine& engine() { return engine_; }
  time::RealClock& clock() { return clock_; }
  cimom::InstanceStore& store() { return store_; }
  // The loaded fixture's nodes: which one a request means.
  const NodeDirectory& nodes() const { return nodes_; }

  // Loads a fixture file (or posted text) into this sandbox: "replace" stages it alone and
  // resets to it, "merge" adds it to the loaded fixture and to the running state. Problems
  // come back as "file:line:col: message"; with any, nothing changed.
  cimom::Diagnostics loadFixture(const std::string& name, const cimom::MofSource& files, bool merge);
  // Back to the loaded fixture: store, jobs, enumerations, journal, fault rules and the clock
  // (at the time the fixture was loaded, running at the command line's scale). Under the
  // lock fixture loads take, so a reset never copies a fixture that a load is replacing.
  void reset();

 private:
  control::ControlReply fixtureCall(const std::string& method, const std::string& query, const std::string& body);
  void stage(const Fixture& fixture);  // fixtureMutex_ held, or not yet serving

  cimom::ClassRepository& repository_;
  Fixture schema_;
  Fixture fixture_;
  SandboxOptions options_;
  cimom::InstanceStore store_;
  cimom::QueryEngine query_;
  cimom::MethodDispatcher methods_;
  time::RealClock clock_;
  time::IdSource ids_;
  jobs::JobEngine engine_;
  wsman::WsmanService service_;
  cimxml::CimXmlService cimXml_;
  control::Journal journal_;
  control::FaultInjector faults_;
  control::Metrics metrics_;
  control::ControlPlane control_;
  NodeDirectory nodes_;
  std::mutex fixtureMutex_;  // one fixture load or reset at a time; guards fixture_
  int64_t fixtureStartMicros_ = 0;  // the clock when fixture_ was loaded: where reset puts it
};

}  // namespace cimdouble::app
