// The intrinsic methods that change instances (DSP0200 1.4 §5.3.2.6-8, 5.3.2.13): as WS-Man's
// Put, Create and Delete allow them. ModifyInstance and SetProperty change writable properties
// only (one that is sent unchanged is no change). Clients such as wbemcli send back the whole
// instance they read, in which a clock-driven property (a job's ElapsedTime) has moved on
// meanwhile: a read-only property is refused only where it is named (PropertyList,
// SetProperty), else left as it is. CreateInstance and DeleteInstance need a class with
// SupportsCreate / SupportsDelete, as WMI's providers declare them.
#include "cimom/case_insensitive.h"
#include "cimom/class_decl.h"
#include "cimom/value_coercion.h"
#include "cimxml/operations.h"
#include "cimxml/parameters.h"
#include "xml/cim_xml.h"

namespace cimdouble::cimxml {
namespace {

using cimom::CimStatus;

cimom::Instance instanceParameter(const OperationContext& ctx, const xmlNode* node, const std::string& view,
                                  const std::string& what) {
  return valueOr(xml::instanceFromCimXml(xml::serializeNode(const_cast<xmlNode*>(node)), ctx.repository, view, what));
}

// Changes `current` into what `changes` holds, property by property; refuses a read-only one.
cimom::Instance changed(const cimom::ClassDecl& cls, const cimom::Instance& current, const cimom::Instance& changes,
                        const std::optional<std::vector<std::string>>& only) {
  cimom::Instance updated = current;
  for (const auto& p : changes.properties()) {
    if (only && std::none_of(only->begin(), only->end(), [&p](const std::string& n) { return cimom::iequals(n, p.name); })) {
      continue;
    }
    const cimom::PropertyDecl* decl = cls.property(p.name);
    if (!decl) fail(CimStatus::NoSuchProperty, cls.name + " has no property " + p.name);
    auto value = cimom::coerceValue(p.value, decl->type, cls.name + "." + decl->name);
    if (!value) fail(CimStatus::TypeMismatch, value.error().message);
    const cimom::Value* old = current.get(decl->name);
    if (old && *old == *value) continue;
    if (!decl->isWritable()) {
      if (!only) continue;
      fail(CimStatus::Failed, "the property " + decl->name + " of class " + cls.name + " is read-only");
    }
    updated.set(decl->name, std::move(value).value());
  }
  return updated;
}

struct Addressed {
  cimom::ObjectPath path;
  cimom::InstancePtr instance;
  cimom::ClassPtr cls;  // the instance's own class
};

Addressed addressed(const OperationContext& ctx, cimom::ObjectPath path, const std::string& view) {
  Addressed a;
  a.path = std::move(path);
  requireClass(ctx, view, a.path.className());
  a.instance = valueOr(ctx.store.get(a.path));
  a.cls = requireClass(ctx, view, a.instance->className());
  return a;
}

void modifyInstance(const OperationContext& ctx, const Request& request, const std::string& view) {
  const xmlNode* named = elementParameter(request, "ModifiedInstance", "VALUE.NAMEDINSTANCE");
  const xmlNode* name = xml::childElement(named, nullptr, "INSTANCENAME");
  const xmlNode* instance = xml::childElement(named, nullptr, "INSTANCE");
  if (!name || !instance) fail(CimStatus::InvalidParameter, "ModifiedInstance holds no INSTANCENAME and INSTANCE");
  const Addressed a = addressed(ctx, valueOr(xml::readInstanceName(name, view)), view);
  const cimom::Instance changes = instanceParameter(ctx, instance, view, "ModifiedInstance");
  valueOr(ctx.store.modify(view, changed(*a.cls, *a.instance, changes, propertyList(request))));
}

void setProperty(const OperationContext& ctx, const Request& request, const std::string& view) {
  const Addressed a = addressed(ctx, instanceNameParameter(request, view), view);
  const std::string property = xml::trimWhitespace(valueText(request, "PropertyName"));
  const cimom::PropertyDecl* decl = a.cls->property(property);
  if (!decl) fail(CimStatus::NoSuchProperty, a.cls->name + " has no property " + property);
  cimom::Value value = cimom::Value::null(decl->type.type, decl->type.array);
  if (xmlNode* given = request.parameter("NewValue")) {
    value = readParameterValue(ctx, given, decl->type, decl->embeddedInstanceClass().has_value(), view, a.cls->name + "." + decl->name);
  }
  cimom::Instance changes(a.instance->className(), view);
  changes.set(decl->name, std::move(value));
  valueOr(ctx.store.modify(view, changed(*a.cls, *a.instance, changes, std::vector<std::string>{decl->name})));
}

void createInstance(const OperationContext& ctx, const Request& request, ResponseWriter& response, const std::string& view) {
  requireNamespace(ctx, view);
  const cimom::Instance instance = instanceParameter(ctx, elementParameter(request, "NewInstance", "INSTANCE"), view, "NewInstance");
  const cimom::ClassPtr cls = requireClass(ctx, view, instance.className());
  if (!cimom::hasBoolQualifier(cls->qualifiers, "SupportsCreate")) {
    fail(CimStatus::NotSupported, "instances of class " + cls->name + " cannot be created");
  }
  cimom::ObjectPath path = valueOr(ctx.store.create(view, instance));
  path.setNameSpace({});
  xml::addInstanceName(response.returnValue(), path);
}

void deleteInstance(const OperationContext& ctx, const Request& request, const std::string& view) {
  const Addressed a = addressed(ctx, instanceNameParameter(request, view), view);
  if (!cimom::hasBoolQualifier(a.cls->qualifiers, "SupportsDelete")) {
    fail(CimStatus::NotSupported, "instances of class " + a.cls->name + " cannot be deleted");
  }
  cimom::ObjectPath path = a.instance->path(*a.cls);
  path.setNameSpace(view);
  if (cimom::Status removed = ctx.store.remove(path); !removed) fail(removed.error());
}

}  // namespace

bool runInstanceChange(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  const std::string view = viewOf(ctx, request.nameSpace);
  const std::string& m = request.method;
  if (cimom::iequals(m, "ModifyInstance")) modifyInstance(ctx, request, view);
  else if (cimom::iequals(m, "SetProperty")) setProperty(ctx, request, view);
  else if (cimom::iequals(m, "CreateInstance")) createInstance(ctx, request, response, view);
  else if (cimom::iequals(m, "DeleteInstance")) deleteInstance(ctx, request, view);
  else return false;
  return true;
}

}  // namespace cimdouble::cimxml
