#include "cimxml/request.h"

#include "cimom/case_insensitive.h"
#include "cimom/value.h"
#include "cimxml/cimxml_error.h"
#include "http/percent_encoding.h"

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

std::string readNamespacePath(const xmlNode* node) {
  std::string out;
  for (xmlNode* segment : xml::childElements(node, nullptr, "NAMESPACE")) {
    out += (out.empty() ? "" : "/") + xml::attribute(segment, "NAME");
  }
  return out;
}

cimom::ObjectPath readInstanceName(const xmlNode* node, const std::string& nameSpace) {
  const std::string className = xml::attribute(node, "CLASSNAME");
  if (className.empty()) fail(cimom::CimStatus::InvalidParameter, "an INSTANCENAME has no CLASSNAME");
  cimom::ObjectPath path(nameSpace, className);
  for (xmlNode* binding : xml::childElements(node)) {
    // A single-key class may give its key without a binding (DSP0201 3.2.4.9).
    const bool bare = xml::localName(binding) == "KEYVALUE";
    if (!bare && xml::localName(binding) != "KEYBINDING") continue;
    const std::string name = bare ? std::string() : xml::attribute(binding, "NAME");
    xmlNode* value = bare ? binding : xml::childElement(binding, nullptr, "KEYVALUE");
    if (value) {
      // KEYVALUE's text; VALUETYPE numeric and boolean are typed by the store against the class.
      const std::string type = xml::attribute(value, "VALUETYPE");
      const std::string text = xml::textOf(value);
      if (type == "boolean") {
        path.setKey(name, cimom::Value::boolean(cimom::iequals(xml::trimWhitespace(text), "true")));
      } else if (type == "numeric") {
        auto number = cimom::parseValue(xml::trimWhitespace(text).rfind('-', 0) == 0 ? cimom::CimType::SInt64
                                                                                     : cimom::CimType::UInt64,
                                        xml::trimWhitespace(text));
        if (!number) fail(cimom::CimStatus::InvalidParameter, "key " + name + ": " + number.error().message);
        path.setKey(name, std::move(number).value());
      } else {
        path.setKey(name, cimom::Value::string(text));
      }
      continue;
    }
    if (xmlNode* reference = binding ? xml::childElement(binding, nullptr, "VALUE.REFERENCE") : nullptr) {
      xmlNode* inner = xml::childElements(reference).empty() ? nullptr : xml::childElements(reference).front();
      if (!inner) fail(cimom::CimStatus::InvalidParameter, "key " + name + ": an empty VALUE.REFERENCE");
      const std::string kind = xml::localName(inner);
      xmlNode* names = kind == "INSTANCENAME" ? inner : xml::childElement(inner, nullptr, "INSTANCENAME");
      if (!names) fail(cimom::CimStatus::InvalidParameter, "key " + name + ": a reference to no instance");
      std::string refNamespace = nameSpace;
      if (kind == "LOCALINSTANCEPATH") refNamespace = readNamespacePath(xml::childElement(inner, nullptr, "LOCALNAMESPACEPATH"));
      if (kind == "INSTANCEPATH") {
        xmlNode* nsPath = xml::childElement(inner, nullptr, "NAMESPACEPATH");
        refNamespace = readNamespacePath(nsPath ? xml::childElement(nsPath, nullptr, "LOCALNAMESPACEPATH") : nullptr);
      }
      path.setKey(name, cimom::Value::reference(readInstanceName(names, refNamespace)));
    }
  }
  return path;
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
    request.nameSpace = readNamespacePath(onlyChild(call, "LOCALNAMESPACEPATH", "IMETHODCALL"));
  } else if (xmlNode* instance = xml::childElement(call, nullptr, "LOCALINSTANCEPATH")) {
    request.nameSpace = readNamespacePath(onlyChild(instance, "LOCALNAMESPACEPATH", "LOCALINSTANCEPATH"));
    try {
      request.target = readInstanceName(onlyChild(instance, "INSTANCENAME", "LOCALINSTANCEPATH"), request.nameSpace);
    } catch (const OperationError& e) {
      notValid(e.description);
    }
  } else if (xmlNode* cls = xml::childElement(call, nullptr, "LOCALCLASSPATH")) {
    request.nameSpace = readNamespacePath(onlyChild(cls, "LOCALNAMESPACEPATH", "LOCALCLASSPATH"));
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
