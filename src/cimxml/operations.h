// The operations of DSP0200 1.4 §5.3 on the CIMOM: the intrinsic methods on a namespace
// (intrinsic_operations.cpp) and extrinsic method calls (method_call.cpp). Each reads its
// parameters from the request, writes its answer, and throws OperationError for a CIM error.
#pragma once

#include <string>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "cimxml/pull_contexts.h"
#include "cimxml/request.h"
#include "cimxml/response.h"

namespace cimdouble::cimxml {

struct OperationContext {
  const cimom::ClassRepository& repository;
  cimom::InstanceStore& store;
  const cimom::QueryEngine& query;
  const cimom::MethodDispatcher& methods;
  std::string server;  // the cluster node whose view answers ("" for none)
  std::string host;    // the HOST of the INSTANCEPATHs answers carry
  PullContexts& pulls;  // the service's open enumeration contexts
};

// The namespace a request means, as the CIMOM takes it: in the answering node's view.
std::string viewOf(const OperationContext& ctx, const std::string& nameSpace);

void runIntrinsic(const OperationContext& ctx, const Request& request, ResponseWriter& response);
// The instance changes (instance_changes.cpp); false when `request` is none of them.
bool runInstanceChange(const OperationContext& ctx, const Request& request, ResponseWriter& response);
// The pull operations (pull_operations.cpp); false when `request` is none of them.
bool runPullOperation(const OperationContext& ctx, const Request& request, ResponseWriter& response);
void runExtrinsic(const OperationContext& ctx, const Request& request, ResponseWriter& response);

// Parameter values as DSP0201 carries them (§3.2.3): <VALUE>, <VALUE.ARRAY>, <VALUE.REFERENCE>,
// <VALUE.REFARRAY>, an embedded <INSTANCE>, typed as `type` says. Throws OperationError.
cimom::Value readParameterValue(const OperationContext& ctx, const xmlNode* parameter, const cimom::TypeSpec& type,
                                bool embeddedInstance, const std::string& nameSpace, const std::string& what);
// A value as a PARAMVALUE's or RETURNVALUE's content.
void writeValue(xmlNode* parent, const cimom::Value& value, const std::string& host);

}  // namespace cimdouble::cimxml
