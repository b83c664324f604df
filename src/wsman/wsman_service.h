// The WS-Management service: one HTTP request body in, one HTTP reply out. Transport-free,
// so the whole protocol is testable without sockets; http_server.h puts it on the wire.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "jobs/clock.h"
#include "wsman/enumeration_contexts.h"
#include "wsman/fault_injection.h"
#include "wsman/journal.h"
#include "wsman/metrics.h"
#include "wsman/service_options.h"

namespace cimdouble::wsman {

struct HttpExchange {
  std::string_view body;
  std::string contentType;  // the request's Content-Type header
  std::string user;         // the authenticated user; empty for an unauthenticated Identify
  bool authenticated = false;
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
               const cimom::MethodDispatcher& methods, const jobs::Clock& clock, ServiceOptions options);

  HttpReply handle(const HttpExchange& exchange);
  // Runs before each authenticated request: the job engine's refresh, so every answer shows
  // jobs as of the clock's now.
  void setBeforeEachRequest(std::function<void()> hook) { beforeEachRequest_ = std::move(hook); }
  const ServiceOptions& options() const { return options_; }
  EnumerationContexts& enumerations() { return enumerations_; }
  Journal& journal() { return journal_; }
  FaultInjector& faults() { return faults_; }
  const Metrics& metrics() const { return metrics_; }

 private:
  cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  const cimom::QueryEngine& engine_;
  const cimom::MethodDispatcher& methods_;
  const jobs::Clock& clock_;
  ServiceOptions options_;
  EnumerationContexts enumerations_;
  std::function<void()> beforeEachRequest_;
  Journal journal_;
  Metrics metrics_;
  FaultInjector faults_;

  HttpReply dispatch(const HttpExchange& exchange, JournalEntry& entry, bool& loseAnswer);
};

}  // namespace cimdouble::wsman
