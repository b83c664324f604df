// What a cimdouble::Double holds (include/cimdouble/cimdouble.h): the class repository, the
// startup fixture and the SandboxServer in front of its one sandbox, as `cimdouble run` starts
// them for a scenario. Private to src/embed.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "app/sandbox_server.h"
#include "app/startup_fixture.h"
#include "cimdouble/cimdouble.h"
#include "cimom/class_repository.h"

namespace cimdouble {

struct Double::Impl {
  explicit Impl(Options options);

  // The one sandbox: users are not isolated in an embedded double.
  app::Sandbox& sandbox() const { return server->sandboxes().forUser({}); }
  // A control-plane call, answered as over HTTP; throws Error with the server's message when
  // it refuses (status 400 and up).
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& body = {}) const;

  Options options;
  // Declared before the server, which refers to both.
  cimom::ClassRepository repository;
  app::StartupFixture startup;
  std::unique_ptr<app::SandboxServer> server;
  int port = 0;
};

}  // namespace cimdouble
