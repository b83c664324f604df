#include "app/sandbox_server.h"

namespace cimdouble::app {

SandboxServer::SandboxServer(cimom::ClassRepository& repository, const StartupFixture& startup, SandboxOptions options,
                             bool isolateByUser, wsman::HttpServerOptions httpOptions) {
  options.addUser = [this](const FixtureUser& user) {
    if (server_) server_->addUser({user.name, user.password});
  };
  sandboxes_ = std::make_unique<SandboxSet>(repository, startup.schema, startup.fixture, std::move(options), isolateByUser);
  for (const FixtureUser& user : startup.fixture.users) httpOptions.users.push_back({user.name, user.password});
  httpOptions.control = [this](const std::string& user, const std::string& method, const std::string& path,
                               const std::string& body) { return sandboxes_->forUser(user).control().handle(method, path, body); };
  server_ = std::make_unique<wsman::HttpServer>(
      [this](const std::string& user) -> wsman::WsmanService& { return sandboxes_->forUser(user).service(); },
      std::move(httpOptions));
}

}  // namespace cimdouble::app
