#include "app/scenario/cimxml_client.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "cimom/case_insensitive.h"
#include "xml/cim_xml.h"
#include "xml/xml.h"

namespace cimdouble::app {
namespace {

// DSP0200 §5.3.2's intrinsic methods.
constexpr const char* kIntrinsic[] = {
    "GetClass", "EnumerateClasses", "EnumerateClassNames", "GetInstance", "EnumerateInstances",
    "EnumerateInstanceNames", "ModifyInstance", "CreateInstance", "DeleteInstance", "GetProperty", "SetProperty",
    "Associators", "AssociatorNames", "References", "ReferenceNames", "ExecQuery", "OpenEnumerateInstances",
    "OpenEnumerateInstancePaths", "OpenAssociatorInstances", "OpenAssociatorInstancePaths", "OpenReferenceInstances",
    "OpenReferenceInstancePaths", "OpenQueryInstances", "PullInstancesWithPath", "PullInstancePaths", "PullInstances",
    "CloseEnumeration", "EnumerationCount",
};
// The intrinsic methods whose object is ObjectName (a class or an instance).
constexpr const char* kObjectNameMethods[] = {"Associators", "AssociatorNames", "References", "ReferenceNames",
                                              "OpenAssociatorInstances", "OpenAssociatorInstancePaths",
                                              "OpenReferenceInstances", "OpenReferenceInstancePaths"};
// Intrinsic parameters that are class names (CLASSNAME) rather than values.
constexpr const char* kClassParameters[] = {"AssocClass", "ResultClass"};

template <std::size_t N>
bool among(const std::string& name, const char* const (&names)[N]) {
  for (const char* n : names) {
    if (cimom::iequals(name, n)) return true;
  }
  return false;
}

// The target as a path: the saved one, or the class and its keys as text.
cimom::ObjectPath pathOf(const CimXmlTarget& target) {
  if (target.path) return *target.path;
  std::vector<cimom::KeyBinding> keys;
  for (const auto& [name, value] : target.keys) keys.push_back({name, cimom::Value::string(value)});
  return cimom::ObjectPath(target.nameSpace, target.className, std::move(keys));
}

// DSP0200 §4.3.3: the CIMObject header, percent-encoded.
std::string encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

xmlNode* startMessage(xml::XmlDoc& doc, const char* call, const std::string& method) {
  xmlNode* cim = xmlNewDocNode(doc.get(), nullptr, BAD_CAST "CIM", nullptr);
  xmlDocSetRootElement(doc.get(), cim);
  xml::setAttribute(cim, "CIMVERSION", "2.0");
  xml::setAttribute(cim, "DTDVERSION", "2.0");
  xmlNode* message = xml::addElement(cim, nullptr, "MESSAGE");
  xml::setAttribute(message, "ID", "1001");
  xml::setAttribute(message, "PROTOCOLVERSION", "1.0");
  xmlNode* request = xml::addElement(xml::addElement(message, nullptr, "SIMPLEREQ"), nullptr, call);
  xml::setAttribute(request, "NAME", method);
  return request;
}

void addParameter(xmlNode* parent, const char* element, const CimXmlParameter& p, bool intrinsic) {
  xmlNode* param = xml::addElement(parent, nullptr, element);
  xml::setAttribute(param, "NAME", p.name);
  switch (p.kind) {
    case CimXmlParameter::Kind::Null: break;
    case CimXmlParameter::Kind::Value:
      if (intrinsic && among(p.name, kClassParameters)) {
        xml::setAttribute(xml::addElement(param, nullptr, "CLASSNAME"), "NAME", p.values.front());
      } else {
        xml::addText(param, nullptr, "VALUE", p.values.front());
      }
      break;
    case CimXmlParameter::Kind::Array: {
      xmlNode* array = xml::addElement(param, nullptr, "VALUE.ARRAY");
      for (const std::string& v : p.values) xml::addText(array, nullptr, "VALUE", v);
      break;
    }
    case CimXmlParameter::Kind::Reference:
      xml::addInstanceName(xml::addElement(param, nullptr, "VALUE.REFERENCE"), pathOf(p.reference));
      break;
  }
}

Epr eprOf(const cimom::ObjectPath& path) {
  Epr epr;
  epr.resourceUri = path.className();
  for (const cimom::KeyBinding& k : path.keys()) epr.selectors.emplace_back(k.name, k.value.toText());
  epr.path = std::make_shared<const cimom::ObjectPath>(path);
  return epr;
}

// The texts of a VALUE, VALUE.ARRAY or reference element into `item` under `name`. Answers
// name their paths' namespaces, so paths are read with none of their own.
void readValue(const xmlNode* holder, const std::string& name, WsmanItem& item) {
  if (const xmlNode* v = xml::childElement(holder, nullptr, "VALUE")) {
    item.values[name] = {xml::textOf(v)};
  } else if (const xmlNode* array = xml::childElement(holder, nullptr, "VALUE.ARRAY")) {
    std::vector<std::string>& values = item.values[name];
    for (const xmlNode* e : xml::childElements(array, nullptr, "VALUE")) values.push_back(xml::textOf(e));
  } else if (const xmlNode* ref = xml::childElement(holder, nullptr, "VALUE.REFERENCE")) {
    if (const xmlNode* target = xml::firstChildElement(ref)) {
      if (auto path = xml::readInstancePath(target, {})) item.references[name] = eprOf(*path);
    }
  } else if (const xmlNode* refs = xml::childElement(holder, nullptr, "VALUE.REFARRAY")) {
    // A list of references: their paths' texts (`{count: N}`, `{contains: ...}` look at them).
    std::vector<std::string>& values = item.values[name];
    for (const xmlNode* r : xml::childElements(refs, nullptr, "VALUE.REFERENCE")) {
      const xmlNode* target = xml::firstChildElement(r);
      if (!target) continue;
      if (auto path = xml::readInstancePath(target, {})) values.push_back(path->toString());
    }
  } else {
    item.nulls.push_back(name);
  }
}

// An INSTANCE's properties as an item.
WsmanItem itemOf(const xmlNode* instance) {
  WsmanItem item;
  item.element = xml::attribute(instance, "CLASSNAME");
  for (const xmlNode* p : xml::childElements(instance)) {
    const std::string kind = xml::localName(p);
    if (kind == "PROPERTY" || kind == "PROPERTY.ARRAY" || kind == "PROPERTY.REFERENCE") {
      readValue(p, xml::attribute(p, "NAME"), item);
    }
  }
  return item;
}

}  // namespace

bool CimXmlClient::isIntrinsic(const std::string& method) { return among(method, kIntrinsic); }

WsmanOutcome CimXmlClient::send(const std::string& method, const std::string& object, const std::string& body) {
  const std::string headers = "CIMOperation: MethodCall\r\nCIMMethod: " + encoded(method) + "\r\nCIMObject: " + object +
                              "\r\nCIMProtocolVersion: 1.0";
  const http::HttpResult result = http_.post("/cimom", "application/xml; charset=\"utf-8\"", body, headers);
  WsmanOutcome outcome;
  outcome.httpStatus = result.status;
  outcome.error = result.error;
  if (result.status != 200) return outcome;
  std::string error;
  xml::XmlDoc doc = xml::parseUntrusted(result.body, error);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  const xmlNode* message = root ? xml::childElement(root, nullptr, "MESSAGE") : nullptr;
  const xmlNode* simple = message ? xml::childElement(message, nullptr, "SIMPLERSP") : nullptr;
  const std::vector<xmlNode*> responses = simple ? xml::childElements(simple) : std::vector<xmlNode*>{};
  if (responses.empty()) {
    outcome.error = "the answer is no CIM-XML response: " + (error.empty() ? result.body.substr(0, 200) : error);
    return outcome;
  }
  const xmlNode* response = responses.front();
  if (const xmlNode* failure = xml::childElement(response, nullptr, "ERROR")) {
    const int code = std::atoi(xml::attribute(failure, "CODE").c_str());
    outcome.fault = cimom::cimStatusName(static_cast<cimom::CimStatus>(code));
    outcome.faultReason = xml::attribute(failure, "DESCRIPTION");
    return outcome;
  }
  if (const xmlNode* values = xml::childElement(response, nullptr, "IRETURNVALUE")) {
    for (const xmlNode* e : xml::childElements(values)) {
      const std::string kind = xml::localName(e);
      const xmlNode* instance = kind == "INSTANCE" ? e : xml::childElement(e, nullptr, "INSTANCE");
      if (instance) {
        outcome.items.push_back(itemOf(instance));
        continue;
      }
      // Names (INSTANCENAME, INSTANCEPATH, OBJECTPATH): an item of the path, under "path".
      const xmlNode* name = kind == "OBJECTPATH" ? xml::firstChildElement(e) : e;
      if (!name) continue;
      if (auto path = xml::readInstancePath(name, {})) {
        WsmanItem item;
        item.element = path->className();
        item.references["path"] = eprOf(*path);
        outcome.items.push_back(std::move(item));
      }
    }
  } else {
    WsmanItem item;
    item.element = xml::attribute(response, "NAME");
    if (const xmlNode* rv = xml::childElement(response, nullptr, "RETURNVALUE")) readValue(rv, "ReturnValue", item);
    for (const xmlNode* p : xml::childElements(response, nullptr, "PARAMVALUE")) readValue(p, xml::attribute(p, "NAME"), item);
    outcome.items.push_back(std::move(item));
  }
  return outcome;
}

WsmanOutcome CimXmlClient::intrinsic(const std::string& method, const CimXmlTarget& target,
                                     const std::vector<CimXmlParameter>& parameters) {
  xml::XmlDoc doc = xml::newDocument();
  xmlNode* call = startMessage(doc, "IMETHODCALL", method);
  xml::addLocalNamespacePath(call, target.nameSpace);
  if (!target.className.empty() || target.path) {
    const bool objectName = among(method, kObjectNameMethods);
    const bool instance = target.path || !target.keys.empty();
    xmlNode* param = xml::addElement(call, nullptr, "IPARAMVALUE");
    xml::setAttribute(param, "NAME", objectName ? "ObjectName" : instance ? "InstanceName" : "ClassName");
    if (instance) {
      cimom::ObjectPath path = pathOf(target);
      path.setNameSpace({});
      xml::addInstanceName(param, path);
    } else {
      xml::setAttribute(xml::addElement(param, nullptr, "CLASSNAME"), "NAME", target.className);
    }
  }
  for (const CimXmlParameter& p : parameters) addParameter(call, "IPARAMVALUE", p, true);
  return send(method, encoded(target.nameSpace), xml::serialize(doc.get()));
}

WsmanOutcome CimXmlClient::extrinsic(const std::string& method, const CimXmlTarget& target,
                                     const std::vector<CimXmlParameter>& parameters) {
  xml::XmlDoc doc = xml::newDocument();
  xmlNode* call = startMessage(doc, "METHODCALL", method);
  cimom::ObjectPath path = pathOf(target);
  path.setNameSpace({});
  if (!path.keys().empty()) {
    xmlNode* local = xml::addElement(call, nullptr, "LOCALINSTANCEPATH");
    xml::addLocalNamespacePath(local, target.nameSpace);
    xml::addInstanceName(local, path);
  } else {
    xmlNode* local = xml::addElement(call, nullptr, "LOCALCLASSPATH");
    xml::addLocalNamespacePath(local, target.nameSpace);
    xml::setAttribute(xml::addElement(local, nullptr, "CLASSNAME"), "NAME", path.className());
  }
  for (const CimXmlParameter& p : parameters) addParameter(call, "PARAMVALUE", p, false);
  path.setNameSpace(target.nameSpace);
  return send(method, encoded(path.toString()), xml::serialize(doc.get()));
}

}  // namespace cimdouble::app
