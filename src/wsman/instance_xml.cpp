#include "wsman/instance_xml.h"

#include "cimom/case_insensitive.h"
#include "cimom/object_path.h"
#include "cimom/utf8.h"
#include "wsman/cim_xml.h"
#include "wsman/fault.h"
#include "wsman/response.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

using cimom::CimType;
using cimom::Value;

xmlNs* findOrDeclare(xmlNode* node, const char* uri, const char* prefix) {
  if (xmlNs* found = xmlSearchNsByHref(node->doc, node, reinterpret_cast<const xmlChar*>(uri))) return found;
  return declareNs(node, uri, prefix);
}

void writeScalar(xmlNode* element, CimType type, const cimom::Scalar& s, const XmlContext& ctx) {
  switch (type) {
    case CimType::DateTime: {
      const cimom::DateTime& dt = std::get<cimom::DateTime>(s);
      xmlNs* cim = findOrDeclare(element, ns::kCimCommon, "cim");
      addText(element, cim, dt.isInterval() ? "Interval" : "Datetime", dt.toXs());
      return;
    }
    case CimType::Reference:
      writeEprContent(element, ctx, *std::get<std::shared_ptr<const cimom::ObjectPath>>(s));
      return;
    case CimType::Instance: {
      // Hyper-V's embedded instances are strings holding CIM-XML, escaped in the element.
      const auto& embedded = std::get<cimom::InstancePtr>(s);
      if (embedded) xmlNodeAddContent(element, reinterpret_cast<const xmlChar*>(instanceToCimXml(*embedded).c_str()));
      return;
    }
    default:
      xmlNodeAddContent(element, reinterpret_cast<const xmlChar*>(cimom::scalarToText(type, s).c_str()));
  }
}

}  // namespace

void writeValue(xmlNode* parent, xmlNs* ns, const std::string& name, const Value& value, const XmlContext& ctx) {
  if (value.isNull()) {
    if (value.isArray()) return;  // WinRM leaves NULL arrays out
    xmlNode* element = addElement(parent, ns, name.c_str());
    setAttribute(element, "nil", "true", findOrDeclare(element, ns::kXsi, "xsi"));
    return;
  }
  value.forEachElement([&](const cimom::Scalar& s) {
    xmlNode* element = addElement(parent, ns, name.c_str());
    writeScalar(element, value.type(), s, ctx);
  });
}

xmlNode* writeInstance(xmlNode* parent, const XmlContext& ctx, const cimom::Instance& instance) {
  const std::string uri = classResourceUri(ctx.style, ctx.nameSpace, instance.className());
  xmlNode* element = xmlNewChild(parent, nullptr, reinterpret_cast<const xmlChar*>(instance.className().c_str()), nullptr);
  xmlNs* p = declareNs(element, uri.c_str(), "p");
  xmlSetNs(element, p);
  xmlNs* xsi = findOrDeclare(element, ns::kXsi, "xsi");
  declareNs(element, ns::kCimCommon, "cim");
  setAttribute(element, "type", "p:" + instance.className() + "_Type", xsi);
  for (const auto& property : instance.properties()) {
    writeValue(element, p, property.name, property.value, ctx);
  }
  return element;
}

void writeEprContent(xmlNode* parent, const XmlContext& ctx, const cimom::ObjectPath& path) {
  xmlNs* a = findOrDeclare(parent, ns::kAddressing, "a");
  xmlNs* w = findOrDeclare(parent, ns::kWsman, "w");
  addText(parent, a, "Address", ns::kAnonymous);
  xmlNode* parameters = addElement(parent, a, "ReferenceParameters");
  const std::string nameSpace = path.nameSpace().empty() ? ctx.nameSpace : ctx.repository.displayName(path.nameSpace());
  addText(parameters, w, "ResourceURI", classResourceUri(ctx.style, nameSpace, path.className()));
  xmlNode* selectors = addElement(parameters, w, "SelectorSet");
  for (const cimom::KeyBinding& key : path.keys()) {
    xmlNode* selector = addElement(selectors, w, "Selector");
    setAttribute(selector, "Name", key.name);
    if (key.value.isNull()) continue;
    if (key.value.type() == CimType::Reference) {
      xmlNode* epr = addElement(selector, a, "EndpointReference");
      writeEprContent(epr, ctx, key.value.asReference());
    } else {
      xmlNodeAddContent(selector, reinterpret_cast<const xmlChar*>(cimom::scalarToText(key.value.type(), key.value.scalar()).c_str()));
    }
  }
  xmlNode* nsSelector = addText(selectors, w, "Selector", nameSpace);
  setAttribute(nsSelector, "Name", "__cimnamespace");
}

xmlNode* writeEndpointReference(xmlNode* parent, const XmlContext& ctx, const cimom::ObjectPath& path) {
  xmlNs* a = findOrDeclare(parent, ns::kAddressing, "a");
  xmlNode* epr = addElement(parent, a, "EndpointReference");
  writeEprContent(epr, ctx, path);
  return epr;
}

cimom::ObjectPath readEndpointReference(const xmlNode* node, const XmlContext& ctx) {
  if (xmlNode* inner = childElement(node, ns::kAddressing, "EndpointReference")) node = inner;
  xmlNode* parameters = childElement(node, ns::kAddressing, "ReferenceParameters");
  xmlNode* uriNode = childElement(parameters, ns::kWsman, "ResourceURI");
  if (!parameters || !uriNode) {
    throw WsmanFault(Fault::InvalidParameter,
                     "An endpoint reference needs a:ReferenceParameters with w:ResourceURI and w:SelectorSet.", "InvalidValue");
  }
  const std::string uri = textOf(uriNode);
  const std::size_t slash = uri.rfind('/');
  cimom::ObjectPath path(ctx.nameSpace, slash == std::string::npos ? uri : uri.substr(slash + 1));
  if (uri.rfind(ns::kWmiPrefix, 0) == 0 && slash != std::string::npos) {
    path.setNameSpace(uri.substr(std::string(ns::kWmiPrefix).size(), slash - std::string(ns::kWmiPrefix).size()));
  }
  for (xmlNode* selector : childElements(childElement(parameters, ns::kWsman, "SelectorSet"), ns::kWsman, "Selector")) {
    const std::string name = attribute(selector, "Name");
    if (cimom::iequals(name, "__cimnamespace")) {
      path.setNameSpace(textOf(selector));
    } else if (xmlNode* nested = childElement(selector, ns::kAddressing, "EndpointReference")) {
      path.setKey(name, Value::reference(readEndpointReference(nested, ctx)));
    } else {
      path.setKey(name, Value::string(textOf(selector)));
    }
  }
  return path;
}

Value readValue(const std::vector<xmlNode*>& elements, const cimom::TypeSpec& type, const XmlContext& ctx,
                const std::string& what, bool embeddedInstance) {
  if (elements.empty()) return Value::null(type.type, type.array);
  if (!type.array && elements.size() > 1) {
    throw WsmanFault(Fault::InvalidParameter, what + " is a single value but was given " + std::to_string(elements.size()) + " times.",
                     "InvalidValue");
  }
  std::vector<cimom::Scalar> scalars;
  CimType resultType = type.type;
  for (xmlNode* element : elements) {
    if (attribute(element, "nil", ns::kXsi) == "true") {
      if (!type.array) return Value::null(type.type, false);
      throw WsmanFault(Fault::InvalidParameter, what + ": an array element cannot be nil.", "InvalidValue");
    }
    if (type.type == CimType::Reference) {
      scalars.push_back(std::make_shared<const cimom::ObjectPath>(readEndpointReference(element, ctx)));
      continue;
    }
    if (embeddedInstance) {
      // An embedded instance arrives as CIM-XML text (escaped or CDATA), or from an MI client
      // that holds a CimInstance as a nested WS-CIM instance element.
      std::vector<xmlNode*> nested = childElements(element);
      if (!nested.empty()) {
        auto instance = std::make_shared<cimom::Instance>(localName(nested.front()), ctx.nameSpace);
        cimom::ClassPtr cls = ctx.repository.findClass(ctx.nameSpace, instance->className());
        if (!cls || nested.size() > 1) {
          throw WsmanFault(Fault::InvalidParameter,
                           what + ": an embedded instance of a class of namespace " + ctx.nameSpace + " was expected, not " +
                               (nested.size() > 1 ? "several elements" : "an element " + localName(nested.front())) + ".",
                           "TypeMismatch");
        }
        for (xmlNode* p : childElements(nested.front())) {
          const cimom::PropertyDecl* decl = cls ? cls->property(localName(p)) : nullptr;
          cimom::TypeSpec ptype = decl ? decl->type : cimom::TypeSpec{};
          instance->set(localName(p), readValue({p}, ptype, ctx, what + "." + localName(p), false));
        }
        scalars.push_back(cimom::InstancePtr(std::move(instance)));
      } else {
        auto instance = instanceFromCimXml(textOf(element), ctx.repository, ctx.nameSpace, what);
        scalars.push_back(cimom::InstancePtr(std::make_shared<cimom::Instance>(std::move(instance))));
      }
      resultType = CimType::Instance;
      continue;
    }
    std::string text = textOf(element);
    std::vector<xmlNode*> children = childElements(element);
    if (type.type == CimType::DateTime) {
      // <cim:Datetime>, <cim:Interval>, <cim:CIM_DateTime>, <cim:Date>, <cim:Time> or bare text.
      if (!children.empty()) text = textOf(children.front());
    } else if (!children.empty()) {
      throw WsmanFault(Fault::InvalidParameter,
                       what + " is a " + std::string(cimom::cimTypeName(type.type)) + " value, not an element " + localName(children.front()) + ".",
                       "TypeMismatch");
    }
    if (type.type != CimType::String) text = trimWhitespace(std::move(text));
    auto scalar = cimom::parseScalar(type.type, text);
    if (!scalar) throw WsmanFault(Fault::InvalidParameter, what + ": " + scalar.error().message, "TypeMismatch");
    scalars.push_back(std::move(scalar).value());
  }
  if (!type.array) return Value::fromScalar(resultType, std::move(scalars.front()));
  return Value::array(resultType, std::move(scalars));
}

}  // namespace cimdouble::wsman
