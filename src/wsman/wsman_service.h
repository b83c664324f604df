// The WS-Management service: one HTTP request body in, one HTTP reply out. Transport-free,
// so the whole protocol is testable without sockets; http_server.h puts it on the wire.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cimom/class_repository.h"
#include "http/stop_latch.h"
#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "time/clock.h"
#include "wsman/enumeration_contexts.h"
#include "wsman/exchange.h"
#include "wsman/service_options.h"
#include "wsman/user_operations.h"

namespace cimdouble::wsman {

struct HttpExchange {
  std::string_view body;
  std::string contentType;  // the request's Content-Type header
  std::string user;         // the authenticated user; empty for an unauthenticated Identify
  bool authenticated = false;
  std::string scheme;   // "Basic", "Negotiate", "Kerberos" or "Certificate" (empty: anonymous)
  bool sealed = false;  // the body came encrypted
  std::string host;  // the Host header: which node the client means
  std::string userAgent;
  const http::StopLatch* stopping = nullptr;  // the server stopping ends an injected delay
};

struct HttpReply {
  int status = 200;
  std::string body;  // empty: no body (Content-Length: 0)
  bool closeConnection = false;
  bool drop = false;  // close without answering (injected: dropped connection, lost answer)
};

class WsmanService {
 public:
  WsmanService(cimom::ClassRepository& repository, cimom::InstanceStore& store, const cimom::QueryEngine& engine,
               const cimom::MethodDispatcher& methods, const time::Clock& clock, ServiceOptions options,
               const time::Clock* enumerationClock = nullptr);  // nullptr: real time; tests pass a manual clock

  HttpReply handle(const HttpExchange& exchange);
  // Runs before each authenticated request: the job engine's refresh, so every answer shows
  // jobs as of the clock's now.
  void setBeforeEachRequest(std::function<void()> hook) { beforeEachRequest_ = std::move(hook); }
  // Tells `observer` of every exchange from now on (the journal, the fault rules, the
  // metrics); it must outlive the service. Add observers before serving.
  void addObserver(ExchangeObserver& observer) { observers_.push_back(&observer); }
  // Which cluster node answers a request: from its Host header ("hv-node2:5985"), the
  // default node when it names none. Without one the service answers outside any node's view.
  using NodeResolver = std::function<std::string(std::string_view host)>;
  void setNodeResolver(NodeResolver resolver) { nodeResolver_ = std::move(resolver); }
  const ServiceOptions& options() const { return options_; }
  EnumerationContexts& enumerations() { return enumerations_; }

 private:
  cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  const cimom::QueryEngine& engine_;
  const cimom::MethodDispatcher& methods_;
  const time::Clock& clock_;
  ServiceOptions options_;
  // An enumeration context's lifetime is a network timeout (WinRM's EnumerationTimeoutms): real
  // time, whatever the job clock does (paused, sped up); the control plane can end them.
  time::RealClock networkClock_;
  EnumerationContexts enumerations_;
  UserOperations userOperations_;  // requests in progress, per user (MaxConcurrentOperationsPerUser)
  std::function<void()> beforeEachRequest_;
  NodeResolver nodeResolver_;
  std::vector<ExchangeObserver*> observers_;

  HttpReply dispatch(const HttpExchange& exchange, Exchange& record, bool& loseAnswer);
  FaultForm faultForm(bool miClient) const;
  const std::string& machineOf(const Exchange& record) const;
  // Carries out what an observer asked for; a reply when it replaces the answer.
  std::optional<HttpReply> carryOut(const Intervention& intervention, const HttpExchange& exchange, Exchange& record,
                                    bool& loseAnswer);
};

}  // namespace cimdouble::wsman
