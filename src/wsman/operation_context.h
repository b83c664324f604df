// What every WS-Man operation works with, and the mappings they share: CIM errors to faults
// (OMI's mapping, wire reference §9.2), selectors to object paths, resource URIs to classes.
#pragma once

#include <string>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "time/clock.h"
#include "wsman/enumeration_contexts.h"
#include "wsman/fault.h"
#include "wsman/instance_xml.h"
#include "wsman/request.h"
#include "wsman/resource_uri.h"
#include "wsman/response.h"
#include "wsman/service_options.h"

namespace cimdouble::wsman {

struct OperationContext {
  cimom::ClassRepository& repository;
  cimom::InstanceStore& store;
  const cimom::QueryEngine& engine;
  const cimom::MethodDispatcher& methods;
  EnumerationContexts& enumerations;
  const time::Clock& clock;
  const ServiceOptions& options;
  std::string user;
  std::string server;  // the node answering: its view of per-node namespaces; "" for none
  bool preciseArrays = false;  // the request's msftwinrm:UsePreciseArrays
};

// Throws the fault WinRM gives for a CIM error: NOT_FOUND, INVALID_CLASS and INVALID_NAMESPACE
// become wsa:DestinationUnreachable, INVALID_QUERY n:CannotProcessFilter, and so on.
[[noreturn]] void throwForCimError(const cimom::CimError& error);

// The namespace and class the request addresses, its namespace as the answering node sees it
// ("//HV-NODE2/root/virtualization/v2", cimom/object_path.h).
ResourceTarget resolveTarget(const OperationContext& ctx, const Request& request);

// The namespace and class the request addresses; DestinationUnreachable when either is unknown.
cimom::ClassPtr requireClass(const OperationContext& ctx, const ResourceTarget& target);

// The instance path the selectors name (all keys, nothing else but __cimnamespace), typed
// against the class. InvalidSelectors with the DSP0226 detail otherwise.
cimom::ObjectPath pathFromSelectors(const OperationContext& ctx, const Request& request, const ResourceTarget& target,
                                    const cimom::ClassDecl& cls);

XmlContext xmlContext(const OperationContext& ctx, const ResourceTarget& target);

}  // namespace cimdouble::wsman
