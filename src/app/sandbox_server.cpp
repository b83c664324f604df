#include "app/sandbox_server.h"

namespace cimdouble::app {

SandboxServer::SandboxServer(cimom::ClassRepository& repository, const StartupFixture& startup, SandboxOptions options,
                             bool isolateByUser, http::HttpServerOptions httpOptions) {
  sandboxes_ = std::make_unique<SandboxSet>(repository, startup.schema, startup.fixture, std::move(options), isolateByUser);
  for (const FixtureUser& user : startup.fixture.users) httpOptions.users.push_back({user.name, user.password});
  wsman_ = std::make_unique<wsman::WsmanFrontEnd>(
      [this](const std::string& user) -> wsman::WsmanService& { return sandboxes_->forUser(user).service(); });
  control_ = std::make_unique<control::ControlFrontEnd>(
      [this](const std::string& user) -> control::ControlPlane& { return sandboxes_->forUser(user).control(); });
  server_ = std::make_unique<http::HttpServer>(std::move(httpOptions));
  server_->mount("/wsman", false, *wsman_);
  server_->mount(control::kControlPrefix, true, *control_);
}

}  // namespace cimdouble::app
