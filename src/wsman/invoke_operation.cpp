// Invoke (wire reference §8): action = resource URI + "/" + method; instance methods are
// addressed by selectors, static ones without; parameters are typed from the class; the
// answer is <Method>_OUTPUT with OUT parameters in declaration order and ReturnValue last.
#include "cimom/case_insensitive.h"
#include "wsman/operations.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

// The method the action names; the rest of the action must be the request's resource URI.
std::string methodNamed(const Request& request) {
  const std::string& action = *request.action;
  // An action of a protocol the service speaks (WS-Transfer's Frob) or does not (WS-Eventing's
  // Subscribe) is not a method call: WinRM says it does not support the action.
  static constexpr std::string_view kProtocolActions[] = {
      "http://schemas.xmlsoap.org/ws/2004/09/transfer/", "http://schemas.xmlsoap.org/ws/2004/09/enumeration/",
      "http://schemas.xmlsoap.org/ws/2004/08/eventing/", "http://schemas.dmtf.org/wbem/wsman/1/wsman/",
      "http://schemas.microsoft.com/wbem/wsman/1/wsman/", "http://schemas.xmlsoap.org/ws/2004/09/mex/",
  };
  for (std::string_view protocol : kProtocolActions) {
    if (action.rfind(protocol, 0) == 0) {
      throw WsmanFault(Fault::ActionNotSupported, "The action " + action + " is not supported by the service.");
    }
  }
  const std::size_t slash = action.rfind('/');
  const std::string prefix = slash == std::string::npos ? std::string() : action.substr(0, slash);
  const std::string methodName = slash == std::string::npos ? action : action.substr(slash + 1);
  if (request.resourceUri.empty() || !cimom::iequals(prefix, request.resourceUri)) {
    if (request.resourceUri.empty() || prefix.rfind("http", 0) != 0) {
      throw WsmanFault(Fault::ActionNotSupported, "The action " + action + " is not supported by the service.");
    }
    throw WsmanFault(Fault::ActionMismatch,
                     "The action " + action + " does not match the resource URI " + request.resourceUri + ".",
                     "ActionMismatch");
  }
  return methodName;
}

// What the call is addressed to: the class for a static method (no key selectors allowed),
// the instance the selectors name for an instance method. An instance of a subclass takes
// the method as its own class declares it, which may override the one the URI's class has.
cimom::MethodCall addressedCall(OperationContext& ctx, const Request& request, const ResourceTarget& target,
                                const cimom::ClassPtr& cls, const cimom::MethodDecl& method) {
  cimom::MethodCall call;
  call.nameSpace = target.nameSpace;
  call.method = &method;
  bool hasKeys = false;
  for (const Selector& s : request.selectors) hasKeys = hasKeys || !cimom::iequals(s.name, "__cimnamespace");
  if (method.isStatic()) {
    if (hasKeys) {
      throw WsmanFault(Fault::InvalidSelectors, "Method " + method.name + " is static: address it without key selectors.",
                       "UnexpectedSelectors");
    }
    call.targetClass = cls;
    call.target = cimom::ObjectPath(target.nameSpace, cls->name);
    return call;
  }
  if (!hasKeys) {
    throw WsmanFault(Fault::InvalidSelectors,
                     "Method " + method.name + " is an instance method: the selectors must name an instance of " + cls->name + ".",
                     "InsufficientSelectors");
  }
  auto instance = ctx.store.get(pathFromSelectors(ctx, request, target, *cls));
  if (!instance) throwForCimError(instance.error());
  call.instance = std::move(instance).value();
  call.targetClass = ctx.repository.findClass(target.nameSpace, call.instance->className());
  call.method = call.targetClass->method(method.name);
  call.target = call.instance->path(*call.targetClass);
  call.target.setNameSpace(target.nameSpace);
  return call;
}

// The body is <p:Method_INPUT> with one element per IN parameter (one per entry for an array),
// or empty for no arguments; an element that is no IN parameter is refused before any is read.
// `method` is the declaration the URI's class has, which the messages name.
void readInParameters(const Request& request, const XmlContext& xml, const cimom::MethodDecl& method,
                      cimom::MethodCall& call) {
  xmlNode* input = request.bodyElement();
  if (input && !cimom::iequals(localName(input), method.name + "_INPUT")) {
    throw WsmanFault(Fault::SchemaValidationError,
                     "The body of " + method.name + " must be " + method.name + "_INPUT, not " + localName(input) + ".");
  }
  for (xmlNode* element : childElements(input)) {
    const cimom::ParameterDecl* param = call.method->parameter(localName(element));
    if (!param || !param->isIn()) {
      throw WsmanFault(Fault::InvalidParameter,
                       "Method " + method.name + " has no input parameter " + localName(element) + ".", "InvalidName");
    }
  }
  for (const cimom::ParameterDecl& param : call.method->parameters) {
    if (!param.isIn()) continue;
    std::vector<xmlNode*> elements;
    for (xmlNode* element : childElements(input)) {
      if (cimom::iequals(localName(element), param.name)) elements.push_back(element);
    }
    if (elements.empty()) continue;
    call.in.push_back({param.name, readValue(elements, param.type, xml, method.name + "." + param.name,
                                             cimom::stringQualifier(param.qualifiers, "EmbeddedInstance").has_value())});
  }
}

// <p:Method_OUTPUT> in the URI class's namespace: the OUT parameters the method set, in
// declaration order, then ReturnValue.
std::string outputEnvelope(const Request& request, const XmlContext& xml, const ResourceTarget& target,
                           const cimom::ClassDecl& cls, const cimom::MethodDecl& method, const cimom::MethodCall& call,
                           const cimom::MethodResult& result) {
  ResponseEnvelope response(*request.action + "Response", request.messageId);
  const std::string classUri = classResourceUri(target.style, xml.nameSpace, cls.name);
  xmlNode* output = addElement(response.body(), nullptr, (method.name + "_OUTPUT").c_str());
  xmlNs* p = declareNs(output, classUri.c_str(), "p");
  xmlSetNs(output, p);
  for (const cimom::ParameterDecl& param : call.method->parameters) {
    if (!param.isOut()) continue;
    for (const cimom::PropertyValue& out : result.out) {
      if (cimom::iequals(out.name, param.name) && !out.value.isNull()) writeValue(output, p, param.name, out.value, xml);
    }
  }
  writeValue(output, p, "ReturnValue", result.returnValue, xml);
  return response.serialize();
}

}  // namespace

std::string invoke(OperationContext& ctx, const Request& request) {
  const std::string methodName = methodNamed(request);
  ResourceTarget target = resolveTarget(ctx, request);
  cimom::ClassPtr cls = requireClass(ctx, target);
  const cimom::MethodDecl* method = cls->method(methodName);
  if (!method) {
    throw WsmanFault(Fault::ActionNotSupported, "Class " + cls->name + " has no method " + methodName + ".")
        .withCimStatus(static_cast<uint32_t>(cimom::CimStatus::MethodNotFound));
  }
  cimom::MethodCall call = addressedCall(ctx, request, target, cls, *method);
  const XmlContext xml = xmlContext(ctx, target);
  readInParameters(request, xml, *method, call);
  auto result = ctx.methods.invoke(call);
  if (!result) throwForCimError(result.error());
  return outputEnvelope(request, xml, target, *cls, *method, call, *result);
}

}  // namespace cimdouble::wsman
