// WS-Transfer Get, Put, Delete, Create (wire reference §6), and the MI client's GetClass.
#include <set>

#include "cimom/case_insensitive.h"
#include "xml/cim_xml.h"
#include "wsman/operations.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

std::string actionResponse(const char* action) { return std::string(action) + "Response"; }

// GetClass: resource URI .../cim-xml/2/cim-schema/2/* with selectors __cimnamespace and ClassName.
std::string getClass(OperationContext& ctx, const Request& request, ResourceTarget target) {
  const Selector* className = request.selector("ClassName");
  if (!className || className->value.empty()) {
    throw WsmanFault(Fault::InvalidSelectors, "GetClass needs the selector ClassName.", "InsufficientSelectors");
  }
  target.className = className->value;
  cimom::ClassPtr cls = requireClass(ctx, target);
  ResponseEnvelope response(actionResponse(ns::kTransferGet), request.messageId);
  std::string error;
  XmlDoc classDoc = parseUntrusted(classToCimXml(*cls), error);
  xmlAddChild(response.body(), xmlDocCopyNode(xmlDocGetRootElement(classDoc.get()), response.doc(), 1));
  return response.serialize();
}

cimom::InstancePtr fetch(OperationContext& ctx, const cimom::ObjectPath& path) {
  auto instance = ctx.store.get(path);
  if (!instance) throwForCimError(instance.error());
  return std::move(instance).value();
}

// The instance a Get, Put or Delete addresses: resource URI, class, selectors, instance.
struct Addressed {
  ResourceTarget target;
  cimom::ClassPtr cls;     // the class the URI names
  cimom::ObjectPath path;
  cimom::InstancePtr instance;
  cimom::ClassPtr actual;  // the instance's own class (a subclass of cls, or cls)
};

Addressed addressedInstance(OperationContext& ctx, const Request& request, ResourceTarget target) {
  Addressed a{std::move(target), nullptr, {}, nullptr, nullptr};
  a.cls = requireClass(ctx, a.target);
  a.path = pathFromSelectors(ctx, request, a.target, *a.cls);
  a.instance = fetch(ctx, a.path);
  a.actual = ctx.repository.findClass(a.target.nameSpace, a.instance->className());
  return a;
}

}  // namespace

std::string transferGet(OperationContext& ctx, const Request& request) {
  ResourceTarget target = resolveTarget(ctx, request);
  if (target.cimXmlSchema) return getClass(ctx, request, target);
  const Addressed a = addressedInstance(ctx, request, std::move(target));
  ResponseEnvelope response(actionResponse(ns::kTransferGet), request.messageId);
  writeInstance(response.body(), xmlContext(ctx, a.target), *a.instance);
  return response.serialize();
}

std::string transferPut(OperationContext& ctx, const Request& request) {
  const Addressed a = addressedInstance(ctx, request, resolveTarget(ctx, request));
  const ResourceTarget& target = a.target;
  const cimom::ClassPtr& cls = a.cls;
  const cimom::ClassPtr& actual = a.actual;
  const cimom::InstancePtr& current = a.instance;
  xmlNode* body = request.bodyElement();
  if (!body || (!cimom::iequals(localName(body), current->className()) && !cimom::iequals(localName(body), cls->name))) {
    throw WsmanFault(Fault::InvalidRepresentation,
                     "The Put body must be the instance element " + current->className() + ".", "InvalidValues");
  }
  // The MI client names the properties it changed; other clients send the whole instance,
  // and only what differs counts as a change.
  std::set<std::string, cimom::CaseInsensitiveLess> modifiedList;
  for (const Option& o : request.options) {
    if (o.name == "wmiarray:__MIInstanceModifiedPropertiesList") modifiedList.insert(o.value);
  }
  const XmlContext xml = xmlContext(ctx, target);
  cimom::Instance updated = *current;
  std::set<std::string, cimom::CaseInsensitiveLess> seen;
  for (xmlNode* element : childElements(body)) {
    const std::string name = localName(element);
    if (!seen.insert(name).second) continue;
    const cimom::PropertyDecl* decl = actual->property(name);
    if (!decl) {
      throw WsmanFault(Fault::InvalidRepresentation, "Class " + actual->name + " has no property " + name + ".",
                       "InvalidValues");
    }
    if (!modifiedList.empty() && !modifiedList.count(name)) continue;
    std::vector<xmlNode*> elements;
    for (xmlNode* e : childElements(body)) {
      if (cimom::iequals(localName(e), name)) elements.push_back(e);
    }
    cimom::Value value = readValue(elements, decl->type, xml, actual->name + "." + decl->name,
                                   decl->embeddedInstanceClass().has_value());
    const cimom::Value* old = current->get(decl->name);
    if (old && *old == value) continue;
    if (!decl->isWritable()) {
      throw WsmanFault(Fault::InvalidRepresentation,
                       "The property " + decl->name + " of class " + actual->name + " is read-only.", "InvalidValues");
    }
    updated.set(decl->name, std::move(value));
  }
  auto stored = ctx.store.modify(target.nameSpace, updated);
  if (!stored) throwForCimError(stored.error());
  ResponseEnvelope response(actionResponse(ns::kTransferPut), request.messageId);
  writeInstance(response.body(), xml, *fetch(ctx, a.path));
  return response.serialize();
}

std::string transferDelete(OperationContext& ctx, const Request& request) {
  const Addressed a = addressedInstance(ctx, request, resolveTarget(ctx, request));
  if (!cimom::hasBoolQualifier(a.actual->qualifiers, "SupportsDelete")) {
    throw WsmanFault(Fault::UnsupportedFeature, "Instances of class " + a.actual->name + " cannot be deleted.");
  }
  auto removed = ctx.store.remove(a.path);
  if (!removed) throwForCimError(removed.error());
  ResponseEnvelope response(actionResponse(ns::kTransferDelete), request.messageId);
  return response.serialize();
}

std::string transferCreate(OperationContext& ctx, const Request& request) {
  ResourceTarget target = resolveTarget(ctx, request);
  cimom::ClassPtr cls = requireClass(ctx, target);
  if (!cimom::hasBoolQualifier(cls->qualifiers, "SupportsCreate")) {
    throw WsmanFault(Fault::UnsupportedFeature, "Instances of class " + cls->name + " cannot be created.");
  }
  xmlNode* body = request.bodyElement();
  if (!body) throw WsmanFault(Fault::InvalidRepresentation, "Create needs an instance in the Body.", "MissingValues");
  const XmlContext xml = xmlContext(ctx, target);
  cimom::Instance instance(cls->name, target.nameSpace);
  for (xmlNode* element : childElements(body)) {
    const cimom::PropertyDecl* decl = cls->property(localName(element));
    if (!decl) throw WsmanFault(Fault::InvalidRepresentation, "Class " + cls->name + " has no property " + localName(element) + ".", "InvalidValues");
    instance.set(decl->name, readValue({element}, decl->type, xml, cls->name + "." + decl->name, decl->embeddedInstanceClass().has_value()));
  }
  auto path = ctx.store.create(target.nameSpace, instance);
  if (!path) throwForCimError(path.error());
  ResponseEnvelope response(actionResponse(ns::kTransferCreate), request.messageId);
  xmlNode* created = addElement(response.body(), response.transfer(), "ResourceCreated");
  writeEprContent(created, xml, *path);
  return response.serialize();
}

}  // namespace cimdouble::wsman
