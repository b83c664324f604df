#include "app/sandbox_server.h"

namespace cimdouble::app {

SandboxServer::SandboxServer(cimom::ClassRepository& repository, const StartupFixture& startup, SandboxOptions options,
                             bool isolateByUser, http::HttpServerOptions httpOptions, std::string wsmanPath)
    : wsmanPath_(std::move(wsmanPath)) {
  options.refusals = refusals_;
  sandboxes_ = std::make_unique<SandboxSet>(repository, startup.schema, startup.fixture, std::move(options), isolateByUser);
  for (const FixtureUser& user : startup.fixture.users) httpOptions.users.push_back({user.name, user.password});
  // NTLM: a local account answers to the name of each node, as on the nodes themselves.
  for (const std::string& node : startup.fixture.nodes) httpOptions.ntlmDomains.push_back(node);
  httpOptions.ntlmTarget = !startup.fixture.defaultNode.empty() ? startup.fixture.defaultNode
                           : startup.fixture.nodes.empty()     ? std::string()
                                                               : startup.fixture.nodes.front();
  wsman_ = std::make_unique<wsman::WsmanFrontEnd>(
      [this](const std::string& user) -> wsman::WsmanService& { return sandboxes_->forUser(user).service(); });
  control_ = std::make_unique<control::ControlFrontEnd>(
      [this](const std::string& user) -> control::ControlPlane& { return sandboxes_->forUser(user).control(); });
  // A refused login is counted for the whole server, and journaled in the sandbox of the
  // account it claimed, where that has one, else in the shared one: no sandbox is made for a
  // name nobody proved.
  httpOptions.onRefusal = [this](const http::AuthenticationRefusal& refusal) {
    refusals_->add(refusal.scheme, refusal.reason);
    Sandbox* claimed = refusal.user.empty() ? nullptr : sandboxes_->existing(refusal.user);
    Sandbox& target = claimed ? *claimed : sandboxes_->forUser("");
    control::JournalEntry entry;
    entry.micros = target.clock().nowMicros();
    entry.action = wsman::kRefusedAction;
    entry.user = refusal.user;
    entry.scheme = refusal.scheme;
    entry.httpStatus = refusal.reason == "unencrypted" && refusal.scheme != "Basic" ? 500 : 401;
    entry.fault = refusal.reason + ": " + refusal.detail;
    target.journal().record(std::move(entry));
  };
  cimXml_ = std::make_unique<cimxml::CimXmlFrontEnd>(
      [this](const std::string& user) -> cimxml::CimXmlService& { return sandboxes_->forUser(user).cimXml(); });
  httpOptions_ = httpOptions;
  cimXmlServer_ = std::make_unique<http::HttpServer>(httpOptions);
  cimXmlServer_->mount(cimxml::kCimXmlPath, false, *cimXml_);
  server_ = std::make_unique<http::HttpServer>(std::move(httpOptions));
  server_->mount(wsmanPath_, false, *wsman_);
  server_->mount(control::kControlPrefix, true, *control_);
}

http::HttpServer& SandboxServer::addNodeServer(const std::string& node) {
  NodeServer n;
  n.wsman = std::make_unique<http::FixedHostFrontEnd>(*wsman_, node);
  n.control = std::make_unique<http::FixedHostFrontEnd>(*control_, node);
  n.server = std::make_unique<http::HttpServer>(httpOptions_);
  n.server->mount(wsmanPath_, false, *n.wsman);
  n.server->mount(control::kControlPrefix, true, *n.control);
  nodeServers_.push_back(std::move(n));
  return *nodeServers_.back().server;
}

void SandboxServer::stop() {
  server_->stop();
  cimXmlServer_->stop();
  for (NodeServer& n : nodeServers_) n.server->stop();
}

}  // namespace cimdouble::app
