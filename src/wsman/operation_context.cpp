#include "wsman/operation_context.h"

#include "cimom/case_insensitive.h"
#include "cimom/value_coercion.h"

namespace cimdouble::wsman {

namespace {

// The fault WinRM gives for a CIM error, before the error's status is attached.
WsmanFault faultForCimError(const cimom::CimError& error) {
  using cimom::CimStatus;
  switch (error.status) {
    case CimStatus::InvalidNamespace:
    case CimStatus::InvalidClass: return WsmanFault(Fault::ResourceNotFound, error.message + ".");
    case CimStatus::NotFound:
      // WinRM's own words for a missing instance (0x80338000), whatever the provider said.
      return WsmanFault(Fault::ResourceNotFound,
                        "The WS-Management service cannot process the request. The service cannot find the resource "
                        "identified by the resource URI and selectors.");
    case CimStatus::InvalidQuery:
    case CimStatus::QueryLanguageNotSupported: return WsmanFault(Fault::CannotProcessFilter, error.message + ".");
    case CimStatus::AccessDenied: return WsmanFault(Fault::AccessDenied, error.message + ".");
    case CimStatus::NotSupported: return WsmanFault(Fault::UnsupportedFeature, error.message + ".");
    case CimStatus::AlreadyExists: return WsmanFault(Fault::AlreadyExists, error.message + ".");
    case CimStatus::InvalidParameter:
    case CimStatus::NoSuchProperty:
    case CimStatus::TypeMismatch: return WsmanFault(Fault::InvalidParameter, error.message + ".", "InvalidValue");
    default: return WsmanFault(Fault::InternalError, error.message + ".");
  }
}

}  // namespace

void throwForCimError(const cimom::CimError& error) {
  // The MI client is told the CIMOM's own status (cim_error_detail.h).
  throw faultForCimError(error).withCimStatus(static_cast<uint32_t>(error.status));
}

cimom::ClassPtr requireClass(const OperationContext& ctx, const ResourceTarget& target) {
  // Messages name the namespace as the client did, not the node's view of it.
  const std::string shown(cimom::splitServer(target.nameSpace).nameSpace);
  if (!ctx.repository.hasNamespace(target.nameSpace)) {
    throw WsmanFault(Fault::DestinationUnreachable,
                     "The WS-Management service cannot process the request because the namespace " + shown +
                         " does not exist.",
                     "InvalidResourceURI")
        .withCimStatus(static_cast<uint32_t>(cimom::CimStatus::InvalidNamespace));
  }
  if (target.className.empty()) {
    throw WsmanFault(Fault::DestinationUnreachable,
                     "The resource URI names no class; this operation needs one.", "InvalidResourceURI");
  }
  cimom::ClassPtr cls = ctx.repository.findClass(target.nameSpace, target.className);
  if (!cls) {
    throw WsmanFault(Fault::DestinationUnreachable,
                     "The WS-Management service cannot process the request because the class " + target.className +
                         " does not exist in namespace " + shown + ".",
                     "InvalidResourceURI")
        .withCimStatus(static_cast<uint32_t>(cimom::CimStatus::InvalidClass));
  }
  return cls;
}

cimom::ObjectPath pathFromSelectors(const OperationContext& ctx, const Request& request, const ResourceTarget& target,
                                    const cimom::ClassDecl& cls) {
  cimom::ObjectPath path(target.nameSpace, cls.name);
  const XmlContext xml = xmlContext(ctx, target);
  for (const Selector& s : request.selectors) {
    if (cimom::iequals(s.name, "__cimnamespace")) continue;
    const cimom::PropertyDecl* key = cls.property(s.name);
    if (!key || !key->isKey()) {
      throw WsmanFault(Fault::InvalidSelectors,
                       "The selector " + s.name + " is not a key of class " + cls.name + ".", "UnexpectedSelectors");
    }
    cimom::Value value = s.endpoint ? cimom::Value::reference(readEndpointReference(s.endpoint, xml))
                                    : cimom::Value::string(s.value);
    auto typed = cimom::coerceValue(value, key->type, cls.name + "." + key->name);
    if (!typed) {
      throw WsmanFault(Fault::InvalidSelectors, "The value of selector " + s.name + " does not fit its type: " +
                                                    typed.error().message + ".",
                       "TypeMismatch");
    }
    path.setKey(key->name, std::move(typed).value());
  }
  const cimom::PropertyDecl* missing = nullptr;
  for (const cimom::PropertyDecl* key : cls.keyProperties()) {
    if (!path.key(key->name) && !missing) missing = key;
  }
  if (!missing) return path;
  if (path.keys().empty()) {
    throw WsmanFault(Fault::InvalidSelectors, "The selector for key " + missing->name + " of class " + cls.name + " is missing.",
                     "InsufficientSelectors");
  }
  // Some keys only: WinRM hands WMI the selectors it has, and WMI answers when they name one
  // instance of what the answering node shows (a tool may invoke a service's methods with
  // just its CreationClassName).
  auto matches = ctx.engine.selectorFilter(target.nameSpace, cls.name, path.keys());
  if (!matches) throwForCimError(matches.error());
  if (matches->empty()) {
    throw WsmanFault(Fault::DestinationUnreachable,
                     "The WS-Management service cannot process the request. The service cannot find the resource "
                     "identified by the resource URI and selectors.")
        .withCimStatus(static_cast<uint32_t>(cimom::CimStatus::NotFound));
  }
  if (matches->size() > 1) {
    throw WsmanFault(Fault::InvalidSelectors,
                     "The WS-Management service cannot process the request because the selectors identify more than one "
                     "instance of " + cls.name + ": " + std::to_string(matches->size()) + " match.",
                     "AmbiguousSelectors");
  }
  const cimom::InstancePtr& only = matches->front();
  cimom::ClassPtr actual = ctx.repository.findClass(target.nameSpace, only->className());
  cimom::ObjectPath found = only->path(actual ? *actual : cls);
  found.setNameSpace(target.nameSpace);
  return found;
}

ResourceTarget resolveTarget(const OperationContext& ctx, const Request& request) {
  ResourceTarget target = resolveResourceUri(request, ctx.options.defaultNamespace);
  target.nameSpace = cimom::onServer(ctx.server, target.nameSpace);
  return target;
}

XmlContext xmlContext(const OperationContext& ctx, const ResourceTarget& target) {
  return XmlContext{ctx.repository, ctx.repository.displayName(target.nameSpace), target.style, ctx.preciseArrays};
}

}  // namespace cimdouble::wsman
