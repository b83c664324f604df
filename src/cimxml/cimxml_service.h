// The CIM-XML service (DSP0200 1.4, CIM operations over HTTP): one request body and its
// operation headers in, one answer out, on the same CIMOM as WS-Man. Transport-free like
// WsmanService; cimxml_front_end.h puts it on the listener at /cimom.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "cimxml/pull_contexts.h"
#include "cimxml/request.h"
#include "http/stop_latch.h"

namespace cimdouble::cimxml {

struct CimXmlExchange {
  std::string_view body;
  std::string contentType;
  OperationHeaders headers;
  std::string user;
  bool authenticated = false;
  std::string scheme;  // how the user authenticated ("Basic", "Negotiate", ...)
  std::string host;    // the Host header: which node the client means
  // The server's stopping state, which an injected delay waits on; nullptr: none.
  const http::StopLatch* stopping = nullptr;
};

// What the service tells the double's controls of each request (the journal, the metrics):
// the operation as understood and how it ended.
struct CimXmlRecord {
  std::string user;
  std::string scheme;
  std::string node;       // the cluster node that answered
  std::string method;     // the intrinsic or extrinsic method ("" when the request was unreadable)
  bool intrinsic = true;
  std::string nameSpace;
  std::string className;  // ClassName, the instance's or the target's class
  std::vector<std::pair<std::string, std::string>> parameters;  // names and their text, as sent
  int httpStatus = 0;
  std::string error;      // "CIM_ERR 6: ..." or the CIMError header's value; "" on success
};

struct CimXmlReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // CIMOperation, CIMError
  bool drop = false;  // close the connection without answering
};

// What fault injection makes of a request (control/fault_injection.h): a real-time delay, an
// HTTP status instead of the answer, a CIM error in the answer (DSP0200's ERROR element), the
// connection dropped before the operation, or the answer lost after it took effect.
struct CimXmlIntervention {
  enum class Kind { Delay, HttpStatus, CimError, DropConnection, LoseAnswer };
  Kind kind = Kind::CimError;
  int64_t delayMillis = 0;
  int httpStatus = 503;
  cimom::CimStatus cimStatus = cimom::CimStatus::Failed;
  std::string description;
};

class CimXmlService {
 public:
  CimXmlService(const cimom::ClassRepository& repository, cimom::InstanceStore& store,
                const cimom::QueryEngine& query, const cimom::MethodDispatcher& methods)
      : repository_(repository), store_(store), query_(query), methods_(methods) {}

  CimXmlReply handle(const CimXmlExchange& exchange);
  // Runs before each request: the job engine's refresh, as for WS-Man.
  void setBeforeEachRequest(std::function<void()> hook) { beforeEachRequest_ = std::move(hook); }
  // Which cluster node answers, from the Host header (as WsmanService::NodeResolver).
  void setNodeResolver(std::function<std::string(std::string_view host)> resolver) { nodeResolver_ = std::move(resolver); }
  // Asked of every request once it has been read, before it runs: fault injection.
  void setIntervention(std::function<std::optional<CimXmlIntervention>(const CimXmlRecord&)> intervention) {
    intervention_ = std::move(intervention);
  }
  // Told of every request once it is answered, with the real time it took.
  void setObserver(std::function<void(const CimXmlRecord&, double seconds)> observer) { observer_ = std::move(observer); }

 private:
  const cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  const cimom::QueryEngine& query_;
  const cimom::MethodDispatcher& methods_;
  std::function<void()> beforeEachRequest_;
  std::function<std::string(std::string_view)> nodeResolver_;
  std::function<void(const CimXmlRecord&, double)> observer_;
  std::function<std::optional<CimXmlIntervention>(const CimXmlRecord&)> intervention_;
  PullContexts pulls_;

  CimXmlReply answer(const CimXmlExchange& exchange, CimXmlRecord& record);
};

}  // namespace cimdouble::cimxml
