#include "wsman/instance_xml.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "cimom/case_insensitive.h"
#include "cimom/object_path.h"
#include "cimom/utf8.h"
#include "xml/cim_xml.h"
#include "wsman/fault.h"
#include "wsman/response.h"
#include "wsman/wsman_names.h"
#include "xml/xml_text.h"

namespace cimdouble::wsman {
namespace {

using cimom::CimType;
using cimom::Value;

xmlNs* findOrDeclare(xmlNode* node, const char* uri, const char* prefix) {
  if (xmlNs* found = xmlSearchNsByHref(node->doc, node, reinterpret_cast<const xmlChar*>(uri))) return found;
  return declareNs(node, uri, prefix);
}

// The prefixes a piece of text can use where it goes: what xmlSearchNsByHref finds there.
// Unset: not declared, so the text declares it on the element that needs it, where
// findOrDeclare would have (the bytes are the same as when these were built as nodes).
struct Scope {
  std::optional<std::string> xsi;
  std::optional<std::string> cim;
  std::optional<std::string> a;
  std::optional<std::string> w;
};

std::optional<std::string> prefixAt(xmlNode* node, const char* uri) {
  const xmlNs* found = xmlSearchNsByHref(node->doc, node, reinterpret_cast<const xmlChar*>(uri));
  if (!found) return std::nullopt;
  return found->prefix ? std::string(reinterpret_cast<const char*>(found->prefix)) : std::string();
}

Scope scopeAt(xmlNode* node) {
  return {prefixAt(node, ns::kXsi), prefixAt(node, ns::kCimCommon), prefixAt(node, ns::kAddressing), prefixAt(node, ns::kWsman)};
}

// Writes one element of text at a time: the start tag stays open for attributes until the
// content or the end comes.
class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) {}

  void open(const std::string& prefix, std::string_view name) {
    out_ += '<';
    qualified(prefix, name);
  }
  // Declares `prefix` (which must not be in scope yet) and returns it.
  const char* declare(const char* prefix, const char* uri) {
    out_ += " xmlns:";
    out_ += prefix;
    out_ += "=\"";
    appendEscapedAttribute(out_, uri);
    out_ += '"';
    return prefix;
  }
  void attribute(const std::string& prefix, std::string_view name, std::string_view value) {
    out_ += ' ';
    qualified(prefix, name);
    out_ += "=\"";
    appendEscapedAttribute(out_, value);
    out_ += '"';
  }
  void endStart() { out_ += '>'; }
  void emptyEnd() { out_ += "/>"; }
  void text(std::string_view text) { appendEscapedText(out_, text); }
  void close(const std::string& prefix, std::string_view name) {
    out_ += "</";
    qualified(prefix, name);
    out_ += '>';
  }
  // <name>text</name>, with both tags even for "" (xmlNewTextChild makes an empty text node).
  void textElement(const std::string& prefix, std::string_view name, std::string_view content) {
    open(prefix, name);
    endStart();
    text(content);
    close(prefix, name);
  }
  // Ends an open start tag with `content`, or as an empty element when there is none
  // (xmlNodeAddContent adds no node for "").
  void contentAndClose(const std::string& prefix, std::string_view name, std::string_view content) {
    if (content.empty()) return emptyEnd();
    endStart();
    text(content);
    close(prefix, name);
  }

 private:
  void qualified(const std::string& prefix, std::string_view name) {
    if (!prefix.empty()) {
      out_ += prefix;
      out_ += ':';
    }
    out_ += name;
  }

  std::string& out_;
};

void appendEprContent(TextWriter& out, const XmlContext& ctx, const cimom::ObjectPath& path, const std::string& a,
                      const std::string& w) {
  out.textElement(a, "Address", ns::kAnonymous);
  out.open(a, "ReferenceParameters");
  out.endStart();
  // A reference into the instances the request's namespace shows is shown in that namespace:
  // root/HyperVCluster/v2 and root/virtualization/v2 are views of one state (instance_store.h).
  const std::string nameSpace =
      path.nameSpace().empty() ||
              ctx.repository.instanceNamespace(path.nameSpace()) == ctx.repository.instanceNamespace(ctx.nameSpace)
          ? ctx.nameSpace
          : ctx.repository.displayName(path.nameSpace());
  out.textElement(w, "ResourceURI", classResourceUri(ctx.style, nameSpace, path.className()));
  out.open(w, "SelectorSet");
  out.endStart();
  for (const cimom::KeyBinding& key : path.keys()) {
    out.open(w, "Selector");
    out.attribute("", "Name", key.name);
    if (key.value.isNull()) {
      out.emptyEnd();
    } else if (key.value.type() == CimType::Reference) {
      out.endStart();
      out.open(a, "EndpointReference");
      out.endStart();
      appendEprContent(out, ctx, key.value.asReference(), a, w);
      out.close(a, "EndpointReference");
      out.close(w, "Selector");
    } else {
      out.contentAndClose(w, "Selector", cimom::scalarToText(key.value.type(), key.value.scalar()));
    }
  }
  out.open(w, "Selector");
  out.attribute("", "Name", "__cimnamespace");
  out.endStart();
  out.text(nameSpace);
  out.close(w, "Selector");
  out.close(w, "SelectorSet");
  out.close(a, "ReferenceParameters");
}

// One element `name` per element of `value` (see writeValue), as text.
void appendValue(TextWriter& out, const std::string& prefix, const std::string& name, const Value& value,
                 const XmlContext& ctx, const Scope& scope) {
  if (value.isNull()) {
    if (value.isArray() && !ctx.preciseArrays) return;  // WinRM leaves NULL arrays out
    out.open(prefix, name);
    if (value.isArray()) {
      // What an MI client asks for with msftwinrm:UsePreciseArrays (§5.2, as OMI writes it): a
      // NULL array said so, so that a missing element means an empty array.
      out.declare("msftwinrm", ns::kMsWsman);
      out.attribute("msftwinrm", "IsNullArray", "true");
    }
    const std::string xsi = scope.xsi ? *scope.xsi : out.declare("xsi", ns::kXsi);
    out.attribute(xsi, "nil", "true");
    out.emptyEnd();
    return;
  }
  value.forEachElement([&](const cimom::Scalar& s) {
    out.open(prefix, name);
    switch (value.type()) {
      case CimType::DateTime: {
        const cimom::DateTime& dt = std::get<cimom::DateTime>(s);
        const std::string cim = scope.cim ? *scope.cim : out.declare("cim", ns::kCimCommon);
        out.endStart();
        out.textElement(cim, dt.isInterval() ? "Interval" : "Datetime", dt.toXs());
        out.close(prefix, name);
        return;
      }
      case CimType::Reference: {
        const std::string a = scope.a ? *scope.a : out.declare("a", ns::kAddressing);
        const std::string w = scope.w ? *scope.w : out.declare("w", ns::kWsman);
        out.endStart();
        appendEprContent(out, ctx, *std::get<std::shared_ptr<const cimom::ObjectPath>>(s), a, w);
        out.close(prefix, name);
        return;
      }
      case CimType::Instance: {
        // Hyper-V's embedded instances are strings holding CIM-XML, escaped in the element.
        const auto& embedded = std::get<cimom::InstancePtr>(s);
        out.contentAndClose(prefix, name, embedded ? instanceToCimXml(*embedded) : std::string());
        return;
      }
      default:
        out.contentAndClose(prefix, name, cimom::scalarToText(value.type(), s));
    }
  });
}

// WinRM writes a WMI instance's properties ASCII-sorted by name, upper case before lower
// (wire reference §5.1), not in MOF order. Instances of one class share their names, so the
// order is worked out once per shape: kept for the last one this thread wrote.
const std::vector<std::size_t>& winrmPropertyOrder(const cimom::Instance& instance) {
  thread_local std::shared_ptr<const cimom::PropertyNames> names;
  thread_local std::vector<std::size_t> order;
  const std::shared_ptr<const cimom::PropertyNames>& current = instance.shape()->names;
  if (current != names || order.size() != instance.propertyCount()) {
    names = current;
    order.resize(instance.propertyCount());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const cimom::Instance::Properties properties = instance.properties();
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return properties[x].name < properties[y].name; });
  }
  return order;
}

}  // namespace

void writeValue(xmlNode* parent, xmlNs* ns, const std::string& name, const Value& value, const XmlContext& ctx) {
  std::string text;
  TextWriter out(text);
  const std::string prefix = ns && ns->prefix ? reinterpret_cast<const char*>(ns->prefix) : "";
  appendValue(out, prefix, name, value, ctx, scopeAt(parent));
  if (!text.empty()) addSplice(parent, std::move(text));
}

xmlNode* writeInstance(xmlNode* parent, const XmlContext& ctx, const cimom::Instance& instance) {
  std::string text;
  text.reserve(64 * instance.propertyCount());
  TextWriter out(text);
  Scope scope = scopeAt(parent);
  out.open("p", instance.className());
  // An instance of another namespace (an associator across namespaces) keeps its own class URI.
  const bool foreign = !instance.nameSpace().empty() &&
                       ctx.repository.instanceNamespace(instance.nameSpace()) != ctx.repository.instanceNamespace(ctx.nameSpace);
  out.declare("p", classResourceUri(ctx.style, foreign ? ctx.repository.displayName(instance.nameSpace()) : ctx.nameSpace,
                                    instance.className()).c_str());
  if (!scope.xsi) scope.xsi = out.declare("xsi", ns::kXsi);
  scope.cim = out.declare("cim", ns::kCimCommon);
  out.attribute(*scope.xsi, "type", "p:" + instance.className() + "_Type");
  out.endStart();
  const cimom::Instance::Properties properties = instance.properties();
  for (std::size_t index : winrmPropertyOrder(instance)) {
    const cimom::PropertyRef property = properties[index];
    appendValue(out, "p", property.name, property.value, ctx, scope);
  }
  out.close("p", instance.className());
  return addSplice(parent, std::move(text));
}

void writeEprContent(xmlNode* parent, const XmlContext& ctx, const cimom::ObjectPath& path) {
  const xmlNs* a = findOrDeclare(parent, ns::kAddressing, "a");
  const xmlNs* w = findOrDeclare(parent, ns::kWsman, "w");
  const auto prefixOf = [](const xmlNs* n) { return n->prefix ? std::string(reinterpret_cast<const char*>(n->prefix)) : std::string(); };
  std::string text;
  TextWriter out(text);
  appendEprContent(out, ctx, path, prefixOf(a), prefixOf(w));
  addSplice(parent, std::move(text));
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

namespace {

// "Msvm_VirtualSystemSettingData" from xsi:type="p1:Msvm_VirtualSystemSettingData_Type"; empty
// for any other type (cim:cimString, which the MI client puts on plain strings) or none.
std::string instanceTypeOf(const xmlNode* element) {
  std::string type = attribute(element, "type", ns::kXsi);
  if (const std::size_t colon = type.find(':'); colon != std::string::npos) type.erase(0, colon + 1);
  constexpr std::string_view kSuffix = "_Type";
  if (type.size() <= kSuffix.size() || type.compare(type.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) return {};
  return type.substr(0, type.size() - kSuffix.size());
}

std::shared_ptr<cimom::Instance> readNestedInstance(const std::string& className, const std::vector<xmlNode*>& properties,
                                                    const XmlContext& ctx, const std::string& what) {
  cimom::ClassPtr cls = ctx.repository.findClass(ctx.nameSpace, className);
  if (!cls) {
    throw WsmanFault(Fault::InvalidParameter,
                     what + ": an embedded instance of a class of namespace " + ctx.nameSpace + " was expected, not " +
                         className + ".",
                     "TypeMismatch");
  }
  auto instance = std::make_shared<cimom::Instance>(cls->name, ctx.nameSpace);
  for (xmlNode* p : properties) {
    const cimom::PropertyDecl* decl = cls->property(localName(p));
    if (!decl) {
      throw WsmanFault(Fault::InvalidParameter, what + ": class " + cls->name + " has no property " + localName(p) + ".",
                       "InvalidValue");
    }
    instance->set(decl->name, readValue({p}, decl->type, ctx, what + "." + decl->name, false));
  }
  return instance;
}

}  // namespace

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
      // A NULL array as the MI client says it with msftwinrm:UsePreciseArrays (§5.2).
      if (elements.size() == 1) return Value::null(type.type, true);
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
      if (const std::string typed = instanceTypeOf(element); !typed.empty()) {
        // The MI client's form: the parameter element is the instance, typed
        // xsi:type="pN:<Class>_Type", with its properties as children (wire reference §5.2).
        scalars.push_back(cimom::InstancePtr(readNestedInstance(typed, nested, ctx, what)));
      } else if (!nested.empty()) {
        if (nested.size() > 1) {
          throw WsmanFault(Fault::InvalidParameter,
                           what + ": one embedded instance of a class of namespace " + ctx.nameSpace +
                               " was expected, not several elements.",
                           "TypeMismatch");
        }
        const std::string className = localName(nested.front());
        scalars.push_back(cimom::InstancePtr(readNestedInstance(className, childElements(nested.front()), ctx, what)));
      } else {
        auto instance = instanceFromCimXml(textOf(element), ctx.repository, ctx.nameSpace, what);
        if (!instance) {
          const bool mistyped = instance.error().status == cimom::CimStatus::TypeMismatch;
          throw WsmanFault(Fault::InvalidParameter, instance.error().message, mistyped ? "TypeMismatch" : "InvalidValue");
        }
        scalars.push_back(cimom::InstancePtr(std::make_shared<cimom::Instance>(std::move(instance).value())));
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
