#include "wsman/cim_xml.h"

#include "cimom/case_insensitive.h"
#include "cimom/object_path.h"
#include "cimom/value_coercion.h"
#include "wsman/fault.h"
#include "wsman/xml.h"

namespace cimdouble::wsman {
namespace {

using cimom::CimType;
using cimom::Value;

const char* typeName(CimType type) {
  if (type == CimType::Instance) return "string";  // EmbeddedInstance strings
  if (type == CimType::Reference) return "reference";
  return cimom::cimTypeName(type).data();
}

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
    setAttribute(node, "TYPE", typeName(q.value.type()));
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

std::string instanceToCimXml(const cimom::Instance& instance) {
  XmlDoc doc = newDocument();
  xmlNode* root = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("INSTANCE"));
  xmlDocSetRootElement(doc.get(), root);
  setAttribute(root, "CLASSNAME", instance.className());
  for (const auto& p : instance.properties()) {
    const Value& v = p.value;
    if (v.type() == CimType::Reference) {
      xmlNode* prop = addElement(root, nullptr, "PROPERTY.REFERENCE");
      setAttribute(prop, "NAME", p.name);
      if (!v.isNull()) addText(addElement(prop, nullptr, "VALUE.REFERENCE"), nullptr, "INSTANCEPATH", v.asReference().toString());
      continue;
    }
    xmlNode* prop = addElement(root, nullptr, v.isArray() ? "PROPERTY.ARRAY" : "PROPERTY");
    setAttribute(prop, "NAME", p.name);
    setAttribute(prop, "TYPE", typeName(v.type()));
    if (v.type() == CimType::Instance) setAttribute(prop, "EmbeddedObject", "instance");
    if (v.isNull()) continue;
    if (v.isArray()) {
      xmlNode* array = addElement(prop, nullptr, "VALUE.ARRAY");
      for (const cimom::Scalar& s : v.elements()) addText(array, nullptr, "VALUE", scalarText(v.type(), s));
    } else {
      addText(prop, nullptr, "VALUE", scalarText(v.type(), v.scalar()));
    }
  }
  return serialize(doc.get());
}

cimom::Instance instanceFromCimXml(std::string_view text, const cimom::ClassRepository& repository,
                                   const std::string& nameSpace, const std::string& what) {
  std::string error;
  // The text is UTF-8 whatever its declaration says: it came out of a UTF-8 (or decoded) envelope.
  XmlDoc doc = parseUntrusted(text, error, "UTF-8");
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root || !isElement(root, nullptr, "INSTANCE") || root->ns) {
    throw WsmanFault(Fault::InvalidParameter,
                     what + " is not an embedded instance in CIM-XML form (<INSTANCE CLASSNAME=...>)" +
                         (error.empty() ? "" : ": " + error) + ".",
                     "InvalidValue");
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
        xmlNode* pathNode = childElements(ref).empty() ? nullptr : childElements(ref).front();
        auto path = cimom::ObjectPath::parse(pathNode ? textOf(pathNode) : textOf(ref));
        if (!path) throw WsmanFault(Fault::InvalidParameter, what + "." + name + ": " + path.error().message, "InvalidValue");
        value = Value::reference(std::move(path).value());
      }
    } else if (xmlNode* array = childElement(prop, nullptr, "VALUE.ARRAY")) {
      std::vector<std::string> texts;
      for (xmlNode* v : childElements(array, nullptr, "VALUE")) texts.push_back(textOf(v));
      auto parsed = cimom::parseArray(type.type, texts);
      if (!parsed) throw WsmanFault(Fault::InvalidParameter, what + "." + name + ": " + parsed.error().message, "TypeMismatch");
      value = std::move(parsed).value();
    } else if (xmlNode* v = childElement(prop, nullptr, "VALUE")) {
      auto parsed = cimom::parseValue(type.type == CimType::Instance ? CimType::String : type.type, textOf(v));
      if (!parsed) throw WsmanFault(Fault::InvalidParameter, what + "." + name + ": " + parsed.error().message, "TypeMismatch");
      value = std::move(parsed).value();
      if (type.array) value = Value::array(value.type(), {value.scalar()});
    }
    instance.set(decl ? decl->name : name, std::move(value));
  }
  return instance;
}

std::string classToCimXml(const cimom::ClassDecl& cls) {
  XmlDoc doc = newDocument();
  xmlNode* root = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("CLASS"));
  xmlDocSetRootElement(doc.get(), root);
  setAttribute(root, "NAME", cls.name);
  if (!cls.superclass.empty()) setAttribute(root, "SUPERCLASS", cls.superclass);
  std::string derivation;
  for (const std::string& ancestor : cls.superclassChain) derivation += (derivation.empty() ? "" : ",") + ancestor;
  if (!derivation.empty()) setAttribute(root, "DERIVATION", derivation);
  writeQualifiers(root, cls.qualifiers);
  for (const cimom::PropertyDecl& p : cls.properties) {
    const bool ref = p.type.type == CimType::Reference;
    xmlNode* prop = addElement(root, nullptr, ref ? "PROPERTY.REFERENCE" : (p.type.array ? "PROPERTY.ARRAY" : "PROPERTY"));
    setAttribute(prop, "NAME", p.name);
    if (ref) setAttribute(prop, "REFERENCECLASS", p.type.referenceClass);
    else setAttribute(prop, "TYPE", typeName(p.type.type));
    setAttribute(prop, "CLASSORIGIN", p.classOrigin);
    if (p.propagated) setAttribute(prop, "PROPAGATED", "true");
    writeQualifiers(prop, p.qualifiers);
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
    xmlNode* method = addElement(root, nullptr, "METHOD");
    setAttribute(method, "NAME", m.name);
    setAttribute(method, "TYPE", typeName(m.returnType));
    setAttribute(method, "CLASSORIGIN", m.classOrigin);
    if (m.propagated) setAttribute(method, "PROPAGATED", "true");
    writeQualifiers(method, m.qualifiers);
    for (const cimom::ParameterDecl& p : m.parameters) {
      const bool ref = p.type.type == CimType::Reference;
      const char* element = ref ? (p.type.array ? "PARAMETER.REFARRAY" : "PARAMETER.REFERENCE")
                                : (p.type.array ? "PARAMETER.ARRAY" : "PARAMETER");
      xmlNode* param = addElement(method, nullptr, element);
      setAttribute(param, "NAME", p.name);
      if (ref) setAttribute(param, "REFERENCECLASS", p.type.referenceClass);
      else setAttribute(param, "TYPE", typeName(p.type.type));
      writeQualifiers(param, p.qualifiers);
    }
  }
  return serialize(doc.get());
}

}  // namespace cimdouble::wsman
