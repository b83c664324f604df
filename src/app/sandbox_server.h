// The HTTP listeners in front of a set of sandboxes: WS-Man requests and control-plane calls
// go to the caller's sandbox, and users that a fixture declares at run time are accepted from
// then on. What `serve` and `run` both start.
#pragma once

#include <memory>

#include "app/sandbox_set.h"
#include "app/startup_fixture.h"
#include "wsman/http_server.h"

namespace cimdouble::app {

class SandboxServer {
 public:
  // `httpOptions.users` gets the startup fixture's users added; `control` is wired here.
  SandboxServer(cimom::ClassRepository& repository, const StartupFixture& startup, SandboxOptions options,
                bool isolateByUser, wsman::HttpServerOptions httpOptions);
  SandboxServer(const SandboxServer&) = delete;
  SandboxServer& operator=(const SandboxServer&) = delete;

  SandboxSet& sandboxes() { return *sandboxes_; }
  wsman::HttpServer& http() { return *server_; }

 private:
  std::unique_ptr<SandboxSet> sandboxes_;     // outlives the server: its workers call into it
  std::unique_ptr<wsman::HttpServer> server_;
};

}  // namespace cimdouble::app
