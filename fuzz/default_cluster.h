// What the service-level fuzz targets (envelope, control, cimxml) feed their inputs to: one
// sandbox on the built-in default cluster, its clock paused so runs repeat, reset now and
// then so what the inputs start (jobs, rules, journal entries) never accumulates.
#pragma once

#include <cstdlib>
#include <memory>

#include "app/sandbox.h"
#include "app/startup_fixture.h"

namespace cimdouble::fuzz {

struct DefaultCluster {
  cimom::ClassRepository repository;
  app::StartupFixture startup;
  std::unique_ptr<app::Sandbox> sandbox;
  int runs = 0;

  explicit DefaultCluster(app::SandboxOptions options = {}) {
    if (!app::loadStartupFixture({}, {}, repository, startup).empty()) std::abort();
    sandbox = std::make_unique<app::Sandbox>(repository, startup.schema, startup.fixture, std::move(options));
    sandbox->clock().pause();
  }

  // After each input: back to the fixture every `every` runs.
  void ran(int every) {
    if (++runs % every == 0) (void)sandbox->control().handle("POST", "reset", "");
  }
};

}  // namespace cimdouble::fuzz
