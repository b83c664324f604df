#include "xml/cim_xml.h"

#include <algorithm>

#include "cimom/case_insensitive.h"
#include "cimom/object_path.h"
#include "cimom/value_coercion.h"
#include "xml/xml.h"

namespace cimdouble::xml {
namespace {

using cimom::CimType;
using cimom::Value;

std::string scalarText(CimType type, const cimom::Scalar& s) {
  if (type == CimType::Instance) {
    const auto& embedded = std::get<cimom::InstancePtr>(s);
    return embedded ? instanceToCimXml(*embedded) : std::string();
  }
  return cimom::scalarToText(type, s);
}

void writeQualifiers(xmlNode* parent, const cimom::QualifierList& qualifiers) {
  for (const cimom::Qualifier& q : qualifiers) {
    if (q.value.isNull()) continue;
    xmlNode* node = addElement(parent, nullptr, "QUALIFIER");
    setAttribute(node, "NAME", q.name);
    setAttribute(node, "TYPE", cimXmlTypeName(q.value.type()));
    if (q.propagated) setAttribute(node, "PROPAGATED", "true");
    if (q.value.isArray()) {
      xmlNode* array = addElement(node, nullptr, "VALUE.ARRAY");
      for (const cimom::Scalar& s : q.value.elements()) addText(array, nullptr, "VALUE", scalarText(q.value.type(), s));
    } else {
      addText(node, nullptr, "VALUE", scalarText(q.value.type(), q.value.scalar()));
    }
  }
}

}  // namespace

const char* cimXmlTypeName(CimType type) {
  if (type == CimType::Instance) return "string";  // EmbeddedInstance strings
  if (type == CimType::Reference) return "reference";
  return cimom::cimTypeName(type).data();
}

void addLocalNamespacePath(xmlNode* parent, std::string_view nameSpace) {
  xmlNode* path = addElement(parent, nullptr, "LOCALNAMESPACEPATH");
  for (std::size_t at = 0; at < nameSpace.size();) {
    const std::size_t slash = std::min(nameSpace.find_first_of("/\\", at), nameSpace.size());
    if (slash > at) setAttribute(addElement(path, nullptr, "NAMESPACE"), "NAME", std::string(nameSpace.substr(at, slash - at)));
    at = slash + 1;
  }
}

void addInstanceName(xmlNode* parent, const cimom::ObjectPath& path) {
  xmlNode* name = addElement(parent, nullptr, "INSTANCENAME");
  setAttribute(name, "CLASSNAME", path.className());
  for (const cimom::KeyBinding& key : path.keys()) {
    xmlNode* binding = addElement(name, nullptr, "KEYBINDING");
    setAttribute(binding, "NAME", key.name);
    const Value& v = key.value;
    if (v.type() == CimType::Reference && !v.isNull()) {
      addInstancePath(addElement(binding, nullptr, "VALUE.REFERENCE"), v.asReference(), {});
      continue;
    }
    // DSP0201 3.2.4.9: VALUETYPE says how to read the text, TYPE (2.4) its CIM type.
    const bool text = v.type() == CimType::String || v.type() == CimType::Char16 || v.type() == CimType::DateTime;
    xmlNode* value = addText(binding, nullptr, "KEYVALUE", v.isNull() || v.isArray() ? std::string() : scalarText(v.type(), v.scalar()));
    setAttribute(value, "VALUETYPE", text ? "string" : v.type() == CimType::Boolean ? "boolean" : "numeric");
    setAttribute(value, "TYPE", cimXmlTypeName(v.type()));
  }
}

void addInstancePath(xmlNode* parent, const cimom::ObjectPath& path, std::string_view host) {
  const cimom::ServerNamespace where = cimom::splitServer(path.nameSpace());
  if (where.nameSpace.empty()) {
    addInstanceName(parent, path);
    return;
  }
  const std::string_view server = where.server.empty() ? host : where.server;
  if (server.empty()) {
    xmlNode* local = addElement(parent, nullptr, "LOCALINSTANCEPATH");
    addLocalNamespacePath(local, where.nameSpace);
    addInstanceName(local, path);
    return;
  }
  xmlNode* full = addElement(parent, nullptr, "INSTANCEPATH");
  xmlNode* nsPath = addElement(full, nullptr, "NAMESPACEPATH");
  addText(nsPath, nullptr, "HOST", std::string(server));
  addLocalNamespacePath(nsPath, where.nameSpace);
  addInstanceName(full, path);
}

std::string readNamespacePath(const xmlNode* localNamespacePath) {
  std::string out;
  for (xmlNode* segment : childElements(localNamespacePath, nullptr, "NAMESPACE")) {
    out += (out.empty() ? "" : "/") + attribute(segment, "NAME");
  }
  return out;
}

cimom::Result<cimom::ObjectPath> readInstanceName(const xmlNode* instanceName, const std::string& nameSpace) {
  const std::string className = attribute(instanceName, "CLASSNAME");
  if (className.empty()) return cimom::makeError(cimom::CimStatus::InvalidParameter, "an INSTANCENAME has no CLASSNAME");
  cimom::ObjectPath path(nameSpace, className);
  for (xmlNode* binding : childElements(instanceName)) {
    // A single-key class may give its key without a binding (DSP0201 3.2.4.9).
    const bool bare = localName(binding) == "KEYVALUE";
    if (!bare && localName(binding) != "KEYBINDING") continue;
    const std::string name = bare ? std::string() : attribute(binding, "NAME");
    if (xmlNode* value = bare ? binding : childElement(binding, nullptr, "KEYVALUE")) {
      // VALUETYPE says how to read the text; the store types numbers against the class.
      const std::string type = attribute(value, "VALUETYPE");
      const std::string text = textOf(value);
      if (type == "boolean") {
        path.setKey(name, Value::boolean(cimom::iequals(trimWhitespace(text), "true")));
      } else if (type == "numeric") {
        const std::string number = trimWhitespace(text);
        auto parsed = cimom::parseValue(number.rfind('-', 0) == 0 ? CimType::SInt64 : CimType::UInt64, number);
        if (!parsed) return cimom::makeError(cimom::CimStatus::InvalidParameter, "key " + name + ": " + parsed.error().message);
        path.setKey(name, std::move(parsed).value());
      } else {
        path.setKey(name, Value::string(text));
      }
    } else if (xmlNode* reference = childElement(binding, nullptr, "VALUE.REFERENCE")) {
      std::vector<xmlNode*> inner = childElements(reference);
      if (inner.empty()) return cimom::makeError(cimom::CimStatus::InvalidParameter, "key " + name + ": an empty VALUE.REFERENCE");
      auto referenced = readInstancePath(inner.front(), nameSpace);
      if (!referenced) return referenced.error();
      path.setKey(name, Value::reference(std::move(referenced).value()));
    }
  }
  return path;
}

cimom::Result<cimom::ObjectPath> readInstancePath(const xmlNode* path, const std::string& nameSpace) {
  const std::string kind = localName(path);
  if (kind == "INSTANCENAME") return readInstanceName(path, nameSpace);
  xmlNode* name = childElement(path, nullptr, "INSTANCENAME");
  if (kind == "LOCALINSTANCEPATH" && name) return readInstanceName(name, readNamespacePath(childElement(path, nullptr, "LOCALNAMESPACEPATH")));
  if (kind == "INSTANCEPATH" && name) {
    xmlNode* nsPath = childElement(path, nullptr, "NAMESPACEPATH");
    return readInstanceName(name, readNamespacePath(nsPath ? childElement(nsPath, nullptr, "LOCALNAMESPACEPATH") : nullptr));
  }
  return cimom::makeError(cimom::CimStatus::InvalidParameter, "a reference to no instance (" + kind + ")");
}

xmlNode* addInstance(xmlNode* parent, const cimom::Instance& instance, ReferenceForm references,
                     const std::vector<std::string>* propertyList) {
  xmlNode* root = addElement(parent, nullptr, "INSTANCE");
  setAttribute(root, "CLASSNAME", instance.className());
  for (const auto& p : instance.properties()) {
    if (propertyList && std::none_of(propertyList->begin(), propertyList->end(),
                                     [&p](const std::string& n) { return cimom::iequals(n, p.name); })) {
      continue;
    }
    const Value& v = p.value;
    if (v.type() == CimType::Reference) {
      xmlNode* prop = addElement(root, nullptr, "PROPERTY.REFERENCE");
      setAttribute(prop, "NAME", p.name);
      if (v.isNull()) continue;
      xmlNode* ref = addElement(prop, nullptr, "VALUE.REFERENCE");
      if (references == ReferenceForm::Text) addText(ref, nullptr, "INSTANCEPATH", v.asReference().toString());
      else addInstancePath(ref, v.asReference(), {});
      continue;
    }
    xmlNode* prop = addElement(root, nullptr, v.isArray() ? "PROPERTY.ARRAY" : "PROPERTY");
    setAttribute(prop, "NAME", p.name);
    setAttribute(prop, "TYPE", cimXmlTypeName(v.type()));
    if (v.type() == CimType::Instance) setAttribute(prop, "EmbeddedObject", "instance");
    if (v.isNull()) continue;
    if (v.isArray()) {
      xmlNode* array = addElement(prop, nullptr, "VALUE.ARRAY");
      for (const cimom::Scalar& s : v.elements()) addText(array, nullptr, "VALUE", scalarText(v.type(), s));
    } else {
      addText(prop, nullptr, "VALUE", scalarText(v.type(), v.scalar()));
    }
  }
  return root;
}

std::string instanceToCimXml(const cimom::Instance& instance) {
  XmlDoc doc = newDocument();
  xmlNode* holder = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("holder"));
  xmlDocSetRootElement(doc.get(), holder);
  return serializeNode(addInstance(holder, instance, ReferenceForm::Text));
}

cimom::Result<cimom::Instance> instanceFromCimXml(std::string_view text, const cimom::ClassRepository& repository,
                                                  const std::string& nameSpace, const std::string& what) {
  std::string error;
  // The text is UTF-8 whatever its declaration says: it came out of a UTF-8 (or decoded) envelope.
  XmlDoc doc = parseUntrusted(text, error, "UTF-8");
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root || !isElement(root, nullptr, "INSTANCE") || root->ns) {
    return cimom::makeError(cimom::CimStatus::InvalidParameter,
                            what + " is not an embedded instance in CIM-XML form (<INSTANCE CLASSNAME=...>)" +
                                (error.empty() ? "" : ": " + error) + ".");
  }
  cimom::Instance instance(attribute(root, "CLASSNAME"), nameSpace);
  cimom::ClassPtr cls = repository.findClass(nameSpace, instance.className());
  for (xmlNode* prop : childElements(root)) {
    const std::string kind = localName(prop);
    if (kind != "PROPERTY" && kind != "PROPERTY.ARRAY" && kind != "PROPERTY.REFERENCE") continue;
    const std::string name = attribute(prop, "NAME");
    if (name.empty() || name.rfind("__", 0) == 0) continue;  // WMI system properties
    const cimom::PropertyDecl* decl = cls ? cls->property(name) : nullptr;
    cimom::TypeSpec type;
    if (decl) {
      type = decl->type;
    } else {
      auto parsed = cimom::parseCimTypeName(attribute(prop, "TYPE"));
      type.type = kind == "PROPERTY.REFERENCE" ? CimType::Reference : parsed.value_or(CimType::String);
      type.array = kind == "PROPERTY.ARRAY";
    }
    Value value = Value::null(type.type, type.array);
    if (kind == "PROPERTY.REFERENCE") {
      if (xmlNode* ref = childElement(prop, nullptr, "VALUE.REFERENCE")) {
        xmlNode* pathNode = firstChildElement(ref);
        // WMI's text path inside INSTANCEPATH, or DSP0201's structure (CIM-XML clients).
        const bool structured = firstChildElement(pathNode) != nullptr;
        auto path = structured ? readInstancePath(pathNode, nameSpace)
                               : cimom::ObjectPath::parse(pathNode ? textOf(pathNode) : textOf(ref));
        if (!path) return cimom::makeError(cimom::CimStatus::InvalidParameter, what + "." + name + ": " + path.error().message);
        value = Value::reference(std::move(path).value());
      }
    } else if (xmlNode* array = childElement(prop, nullptr, "VALUE.ARRAY")) {
      std::vector<std::string> texts;
      for (xmlNode* v : childElements(array, nullptr, "VALUE")) texts.push_back(textOf(v));
      auto parsed = cimom::parseArray(type.type, texts);
      if (!parsed) return cimom::makeError(cimom::CimStatus::TypeMismatch, what + "." + name + ": " + parsed.error().message);
      value = std::move(parsed).value();
    } else if (xmlNode* v = childElement(prop, nullptr, "VALUE")) {
      auto parsed = cimom::parseValue(type.type == CimType::Instance ? CimType::String : type.type, textOf(v));
      if (!parsed) return cimom::makeError(cimom::CimStatus::TypeMismatch, what + "." + name + ": " + parsed.error().message);
      value = std::move(parsed).value();
      if (type.array) value = Value::array(value.type(), {value.scalar()});
    }
    instance.set(decl ? decl->name : name, std::move(value));
  }
  return instance;
}

xmlNode* addClass(xmlNode* parent, const cimom::ClassDecl& cls, const ClassParts& parts) {
  xmlNode* root = addElement(parent, nullptr, "CLASS");
  setAttribute(root, "NAME", cls.name);
  if (!cls.superclass.empty()) setAttribute(root, "SUPERCLASS", cls.superclass);
  std::string derivation;
  for (const std::string& ancestor : cls.superclassChain) derivation += (derivation.empty() ? "" : ",") + ancestor;
  if (!derivation.empty() && parts.derivation) setAttribute(root, "DERIVATION", derivation);
  if (parts.qualifiers) writeQualifiers(root, cls.qualifiers);
  for (const cimom::PropertyDecl& p : cls.properties) {
    if (parts.localOnly && p.propagated) continue;
    if (parts.propertyList && std::none_of(parts.propertyList->begin(), parts.propertyList->end(),
                                           [&p](const std::string& n) { return cimom::iequals(n, p.name); })) {
      continue;
    }
    const bool ref = p.type.type == CimType::Reference;
    xmlNode* prop = addElement(root, nullptr, ref ? "PROPERTY.REFERENCE" : (p.type.array ? "PROPERTY.ARRAY" : "PROPERTY"));
    setAttribute(prop, "NAME", p.name);
    if (ref) setAttribute(prop, "REFERENCECLASS", p.type.referenceClass);
    else setAttribute(prop, "TYPE", cimXmlTypeName(p.type.type));
    if (parts.classOrigin) setAttribute(prop, "CLASSORIGIN", p.classOrigin);
    if (p.propagated) setAttribute(prop, "PROPAGATED", "true");
    if (parts.qualifiers) writeQualifiers(prop, p.qualifiers);
    if (!p.defaultValue.isNull() && !ref) {
      if (p.defaultValue.isArray()) {
        xmlNode* array = addElement(prop, nullptr, "VALUE.ARRAY");
        for (const cimom::Scalar& s : p.defaultValue.elements()) addText(array, nullptr, "VALUE", scalarText(p.defaultValue.type(), s));
      } else {
        addText(prop, nullptr, "VALUE", scalarText(p.defaultValue.type(), p.defaultValue.scalar()));
      }
    }
  }
  for (const cimom::MethodDecl& m : cls.methods) {
    if (parts.localOnly && m.propagated) continue;
    xmlNode* method = addElement(root, nullptr, "METHOD");
    setAttribute(method, "NAME", m.name);
    setAttribute(method, "TYPE", cimXmlTypeName(m.returnType));
    if (parts.classOrigin) setAttribute(method, "CLASSORIGIN", m.classOrigin);
    if (m.propagated) setAttribute(method, "PROPAGATED", "true");
    if (parts.qualifiers) writeQualifiers(method, m.qualifiers);
    for (const cimom::ParameterDecl& p : m.parameters) {
      const bool ref = p.type.type == CimType::Reference;
      const char* element = ref ? (p.type.array ? "PARAMETER.REFARRAY" : "PARAMETER.REFERENCE")
                                : (p.type.array ? "PARAMETER.ARRAY" : "PARAMETER");
      xmlNode* param = addElement(method, nullptr, element);
      setAttribute(param, "NAME", p.name);
      if (ref) setAttribute(param, "REFERENCECLASS", p.type.referenceClass);
      else setAttribute(param, "TYPE", cimXmlTypeName(p.type.type));
      if (parts.qualifiers) writeQualifiers(param, p.qualifiers);
    }
  }
  return root;
}

std::string classToCimXml(const cimom::ClassDecl& cls) {
  XmlDoc doc = newDocument();
  xmlNode* holder = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("holder"));
  xmlDocSetRootElement(doc.get(), holder);
  return serializeNode(addClass(holder, cls, ClassParts{}));
}

}  // namespace cimdouble::xml
