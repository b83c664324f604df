// The CIM-XML service (DSP0200 1.4, CIM operations over HTTP): one request body and its
// operation headers in, one answer out, on the same CIMOM as WS-Man. Transport-free like
// WsmanService; cimxml_front_end.h puts it on the listener at /cimom.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "cimxml/request.h"

namespace cimdouble::cimxml {

struct CimXmlExchange {
  std::string_view body;
  std::string contentType;
  OperationHeaders headers;
  std::string user;
  bool authenticated = false;
  std::string host;  // the Host header: which node the client means
};

struct CimXmlReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // CIMOperation, CIMError
};

class CimXmlService {
 public:
  CimXmlService(const cimom::ClassRepository& repository, const cimom::InstanceStore& store,
                const cimom::QueryEngine& query, const cimom::MethodDispatcher& methods)
      : repository_(repository), store_(store), query_(query), methods_(methods) {}

  CimXmlReply handle(const CimXmlExchange& exchange);
  // Runs before each request: the job engine's refresh, as for WS-Man.
  void setBeforeEachRequest(std::function<void()> hook) { beforeEachRequest_ = std::move(hook); }
  // Which cluster node answers, from the Host header (as WsmanService::NodeResolver).
  void setNodeResolver(std::function<std::string(std::string_view host)> resolver) { nodeResolver_ = std::move(resolver); }

 private:
  const cimom::ClassRepository& repository_;
  const cimom::InstanceStore& store_;
  const cimom::QueryEngine& query_;
  const cimom::MethodDispatcher& methods_;
  std::function<void()> beforeEachRequest_;
  std::function<std::string(std::string_view)> nodeResolver_;
};

}  // namespace cimdouble::cimxml
