// The HTTP listeners in front of a set of sandboxes: WS-Man requests and control-plane calls
// go to the caller's sandbox. The accounts are fixed when it starts (the command line's and the
// start-up fixture's): a fixture loaded at run time cannot add or change any. What `serve`
// and `run` both start.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/sandbox_set.h"
#include "app/startup_fixture.h"
#include "cimxml/cimxml_front_end.h"
#include "control/control_front_end.h"
#include "http/fixed_host_front_end.h"
#include "http/http_server.h"
#include "wsman/wsman_front_end.h"

namespace cimdouble::app {

class SandboxServer {
 public:
  // `httpOptions.users` gets the startup fixture's users added; WS-Man is mounted at
  // `wsmanPath` (WinRM's URLPrefix, with or without a trailing slash) and the control plane
  // under /cimdouble/v1/, each routed to the caller's sandbox.
  SandboxServer(cimom::ClassRepository& repository, const StartupFixture& startup, SandboxOptions options,
                bool isolateByUser, http::HttpServerOptions httpOptions, std::string wsmanPath = "/wsman");
  SandboxServer(const SandboxServer&) = delete;
  SandboxServer& operator=(const SandboxServer&) = delete;

  SandboxSet& sandboxes() { return *sandboxes_; }
  http::HttpServer& http() { return *server_; }
  // The CIM-XML listeners' server (/cimom, DSP0200), with the same accounts and sandboxes.
  http::HttpServer& cimXml() { return *cimXmlServer_; }
  // A server of its own for one cluster node (serve --node-listeners): the same front ends,
  // every request heard as naming `node` (http/fixed_host_front_end.h). Listen on it after.
  http::HttpServer& addNodeServer(const std::string& node);
  // Stops every listener, the node servers' too.
  void stop();

 private:
  // Declared before the server, so they outlive it: its workers call into them.
  std::shared_ptr<control::RefusalCounter> refusals_ = std::make_shared<control::RefusalCounter>();
  std::unique_ptr<SandboxSet> sandboxes_;
  std::unique_ptr<wsman::WsmanFrontEnd> wsman_;
  std::unique_ptr<control::ControlFrontEnd> control_;
  std::unique_ptr<cimxml::CimXmlFrontEnd> cimXml_;
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<http::HttpServer> cimXmlServer_;
  http::HttpServerOptions httpOptions_;  // what node servers are made with
  std::string wsmanPath_;
  struct NodeServer {
    std::unique_ptr<http::FixedHostFrontEnd> wsman;
    std::unique_ptr<http::FixedHostFrontEnd> control;
    std::unique_ptr<http::HttpServer> server;
  };
  std::vector<NodeServer> nodeServers_;
};

}  // namespace cimdouble::app
