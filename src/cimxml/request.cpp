#include "cimxml/request.h"

#include "cimom/case_insensitive.h"
#include "cimxml/cimxml_error.h"
#include "http/percent_encoding.h"
#include "xml/cim_xml.h"

namespace cimdouble::cimxml {
namespace {

[[noreturn]] void notValid(const std::string& why) { throw ProtocolError{400, "request-not-valid", why}; }

xmlNode* onlyChild(const xmlNode* parent, const char* name, const char* within) {
  xmlNode* child = xml::childElement(parent, nullptr, name);
  if (!child) notValid(std::string(within) + " holds no " + name);
  return child;
}

// DSP0201 2.4 and DSP0200 1.4 are versions 2.x and 1.x: a later minor version is ours too.
bool majorIs(const std::string& version, char major) {
  return !version.empty() && version[0] == major && (version.size() == 1 || version[1] == '.');
}

// The object a CIMObject header names (§4.3.3): the namespace, or "namespace:path" for an
// extrinsic call; compared with the body's as canonical namespaces and paths.
bool headerNamesTarget(const std::string& header, const Request& request) {
  const std::string decoded = http::percentDecode(header, false);
  if (request.intrinsic) return cimom::canonicalNamespace(decoded) == cimom::canonicalNamespace(request.nameSpace);
  auto path = cimom::ObjectPath::parse(decoded);
  if (!path) return false;
  if (cimom::canonicalNamespace(path->nameSpace()) != cimom::canonicalNamespace(request.nameSpace)) return false;
  return cimom::iequals(path->className(), request.target.className()) &&
         path->canonicalKeys() == request.target.canonicalKeys();
}

}  // namespace

xmlNode* Request::parameter(std::string_view name) const {
  for (const auto& [key, node] : parameters) {
    if (cimom::iequals(key, name)) return node;
  }
  return nullptr;
}

Request readRequest(std::string_view body, const OperationHeaders& headers) {
  // §4.3.1: a request names its operation in a header before the body is read.
  if (!cimom::iequals(headers.operation, "MethodCall")) {
    throw ProtocolError{400, "header-mismatch", "CIMOperation is not MethodCall"};
  }
  if (!headers.protocolVersion.empty() && !majorIs(headers.protocolVersion, '1')) {
    throw ProtocolError{501, "unsupported-protocol-version", "CIMProtocolVersion " + headers.protocolVersion};
  }
  Request request;
  std::string error;
  request.doc = xml::parseUntrusted(body, error);
  xmlNode* root = request.doc ? xmlDocGetRootElement(request.doc.get()) : nullptr;
  if (!root) throw ProtocolError{400, "request-not-well-formed", error.empty() ? "no document" : error};
  if (!xml::isElement(root, nullptr, "CIM") || root->ns) notValid("the document element is not CIM");
  if (!majorIs(xml::attribute(root, "CIMVERSION"), '2')) {
    throw ProtocolError{501, "unsupported-cim-version", "CIMVERSION " + xml::attribute(root, "CIMVERSION")};
  }
  if (!majorIs(xml::attribute(root, "DTDVERSION"), '2')) {
    throw ProtocolError{501, "unsupported-dtd-version", "DTDVERSION " + xml::attribute(root, "DTDVERSION")};
  }
  xmlNode* message = onlyChild(root, "MESSAGE", "CIM");
  request.messageId = xml::attribute(message, "ID");
  request.protocolVersion = xml::attribute(message, "PROTOCOLVERSION");
  if (request.messageId.empty()) notValid("the MESSAGE has no ID");
  if (!majorIs(request.protocolVersion, '1')) {
    throw ProtocolError{501, "unsupported-protocol-version", "PROTOCOLVERSION " + request.protocolVersion};
  }
  if (xml::childElement(message, nullptr, "MULTIREQ")) {
    throw ProtocolError{501, "multiple-requests-unsupported", "MULTIREQ"};
  }
  xmlNode* simple = onlyChild(message, "SIMPLEREQ", "MESSAGE");
  xmlNode* call = xml::childElement(simple, nullptr, "IMETHODCALL");
  request.intrinsic = call != nullptr;
  if (!call) call = xml::childElement(simple, nullptr, "METHODCALL");
  if (!call) notValid("the SIMPLEREQ holds neither IMETHODCALL nor METHODCALL");
  request.method = xml::attribute(call, "NAME");
  if (request.method.empty()) notValid("the method call has no NAME");
  if (request.intrinsic) {
    request.nameSpace = xml::readNamespacePath(onlyChild(call, "LOCALNAMESPACEPATH", "IMETHODCALL"));
  } else if (xmlNode* instance = xml::childElement(call, nullptr, "LOCALINSTANCEPATH")) {
    request.nameSpace = xml::readNamespacePath(onlyChild(instance, "LOCALNAMESPACEPATH", "LOCALINSTANCEPATH"));
    auto target = xml::readInstanceName(onlyChild(instance, "INSTANCENAME", "LOCALINSTANCEPATH"), request.nameSpace);
    if (!target) notValid(target.error().message);
    request.target = std::move(target).value();
  } else if (xmlNode* cls = xml::childElement(call, nullptr, "LOCALCLASSPATH")) {
    request.nameSpace = xml::readNamespacePath(onlyChild(cls, "LOCALNAMESPACEPATH", "LOCALCLASSPATH"));
    request.target = cimom::ObjectPath(request.nameSpace, xml::attribute(onlyChild(cls, "CLASSNAME", "LOCALCLASSPATH"), "NAME"));
  } else {
    notValid("the METHODCALL names neither LOCALINSTANCEPATH nor LOCALCLASSPATH");
  }
  if (request.nameSpace.empty()) notValid("the namespace path is empty");
  for (xmlNode* p : xml::childElements(call, nullptr, request.intrinsic ? "IPARAMVALUE" : "PARAMVALUE")) {
    const std::string name = xml::attribute(p, "NAME");
    if (name.empty()) notValid("a parameter has no NAME");
    if (request.parameter(name)) notValid("the parameter " + name + " is given twice");
    request.parameters[name] = p;
  }
  // §4.3.2-3: the headers must say what the body says.
  if (!cimom::iequals(headers.method, request.method)) {
    throw ProtocolError{400, "header-mismatch", "CIMMethod " + headers.method + " is not the body's " + request.method};
  }
  if (!headerNamesTarget(headers.object, request)) {
    throw ProtocolError{400, "header-mismatch", "CIMObject " + headers.object + " is not the body's object"};
  }
  return request;
}

}  // namespace cimdouble::cimxml
