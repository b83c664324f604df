// The intrinsic methods of DSP0200 1.4 §5.3.2: their parameters (IPARAMVALUE, defaults as the
// spec gives them) and answers (IRETURNVALUE holding what §5.3.2.x says each returns).
#include <algorithm>
#include <functional>
#include <optional>

#include "cimom/case_insensitive.h"
#include "cimxml/operations.h"
#include "cimxml/parameters.h"
#include "xml/cim_xml.h"

namespace cimdouble::cimxml {
namespace {

using cimom::CimStatus;

xml::ClassParts classParts(const Request& request, bool localOnlyByDefault,
                           const std::optional<std::vector<std::string>>& properties) {
  xml::ClassParts parts;
  parts.derivation = false;
  parts.localOnly = boolParameter(request, "LocalOnly", localOnlyByDefault);
  parts.qualifiers = boolParameter(request, "IncludeQualifiers", true);
  parts.classOrigin = boolParameter(request, "IncludeClassOrigin", false);
  parts.propertyList = properties ? &*properties : nullptr;
  return parts;
}

// VALUE.OBJECTWITHPATH: the INSTANCEPATH (with the server as HOST) and the INSTANCE.
void writeObjectWithPath(const OperationContext& ctx, xmlNode* parent, const cimom::Instance& instance,
                         const std::string& nameSpace, const std::vector<std::string>* properties) {
  xmlNode* object = xml::addElement(parent, nullptr, "VALUE.OBJECTWITHPATH");
  xml::addInstancePath(object, pathOf(ctx, instance, nameSpace), ctx.host);
  xml::addInstance(object, instance, xml::ReferenceForm::Structured, properties);
}

// CLASSPATH: the NAMESPACEPATH (with the server as HOST) and the CLASSNAME.
void writeClassPath(const OperationContext& ctx, xmlNode* parent, const cimom::ClassDecl& cls, const std::string& nameSpace) {
  xmlNode* classPath = xml::addElement(parent, nullptr, "CLASSPATH");
  xmlNode* nsPath = xml::addElement(classPath, nullptr, "NAMESPACEPATH");
  xml::addText(nsPath, nullptr, "HOST", ctx.host);
  xml::addLocalNamespacePath(nsPath, ctx.repository.displayName(nameSpace));
  xml::setAttribute(xml::addElement(classPath, nullptr, "CLASSNAME"), "NAME", cls.name);
}

void writeClassWithPath(const OperationContext& ctx, xmlNode* parent, const cimom::ClassDecl& cls,
                        const std::string& nameSpace, const xml::ClassParts& parts) {
  xmlNode* object = xml::addElement(parent, nullptr, "VALUE.OBJECTWITHPATH");
  writeClassPath(ctx, object, cls, nameSpace);
  xml::addClass(object, cls, parts);
}

std::vector<cimom::ClassPtr> classesBelow(const OperationContext& ctx, const std::string& nameSpace,
                                          const std::string& className, bool deep) {
  requireNamespace(ctx, nameSpace);
  if (!className.empty()) {
    requireClass(ctx, nameSpace, className);
    return ctx.repository.subclasses(nameSpace, className, deep);
  }
  std::vector<cimom::ClassPtr> out;
  for (const cimom::ClassPtr& cls : ctx.repository.classes(nameSpace)) {
    if (deep || cls->superclass.empty()) out.push_back(cls);
  }
  return out;
}

// The ObjectName of an association operation: an instance, or a class (schema associations).
struct ObjectName {
  cimom::ObjectPath path;
  bool isClass = false;
};

ObjectName objectName(const Request& request, const std::string& nameSpace) {
  xmlNode* p = request.parameter("ObjectName");
  if (!p) fail(CimStatus::InvalidParameter, "the ObjectName parameter is missing");
  if (xmlNode* instance = xml::childElement(p, nullptr, "INSTANCENAME")) return {valueOr(xml::readInstanceName(instance, nameSpace)), false};
  if (xmlNode* cls = xml::childElement(p, nullptr, "CLASSNAME")) return {cimom::ObjectPath(nameSpace, xml::attribute(cls, "NAME")), true};
  fail(CimStatus::InvalidParameter, "ObjectName is neither an INSTANCENAME nor a CLASSNAME");
}

void associationOperation(const OperationContext& ctx, const Request& request, ResponseWriter& response,
                          bool associators, bool namesOnly) {
  const std::string view = viewOf(ctx, request.nameSpace);
  requireNamespace(ctx, view);
  const ObjectName object = objectName(request, view);
  cimom::AssociationFilter filter = associationFilter(request, associators);
  filter.classDefsOnly = object.isClass;
  const cimom::QueryResult result = valueOr(associators ? ctx.query.associators(view, object.path, filter)
                                                        : ctx.query.references(view, object.path, filter));
  const auto properties = propertyList(request);
  xmlNode* out = response.returnValue();
  for (const cimom::InstancePtr& instance : result.instances) {
    if (namesOnly) {
      xml::addInstancePath(xml::addElement(out, nullptr, "OBJECTPATH"), pathOf(ctx, *instance, view), ctx.host);
    } else {
      writeObjectWithPath(ctx, out, *instance, view, properties ? &*properties : nullptr);
    }
  }
  const xml::ClassParts parts = classParts(request, false, properties);
  for (const cimom::ClassPtr& cls : result.classes) {
    if (namesOnly) {
      writeClassPath(ctx, xml::addElement(out, nullptr, "OBJECTPATH"), *cls, view);
    } else {
      writeClassWithPath(ctx, out, *cls, view, parts);
    }
  }
}

void getClass(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  const std::string view = viewOf(ctx, request.nameSpace);
  cimom::ClassPtr cls = requireClass(ctx, view, classParameter(request, "ClassName", true));
  const auto properties = propertyList(request);
  xml::addClass(response.returnValue(), *cls, classParts(request, true, properties));
}

void enumerateClasses(const OperationContext& ctx, const Request& request, ResponseWriter& response, bool namesOnly) {
  const std::string view = viewOf(ctx, request.nameSpace);
  const auto found = classesBelow(ctx, view, classParameter(request, "ClassName", false),
                                  boolParameter(request, "DeepInheritance", false));
  xmlNode* out = response.returnValue();
  const xml::ClassParts parts = classParts(request, true, std::nullopt);
  for (const cimom::ClassPtr& cls : found) {
    if (namesOnly) xml::setAttribute(xml::addElement(out, nullptr, "CLASSNAME"), "NAME", cls->name);
    else xml::addClass(out, *cls, parts);
  }
}

void getInstance(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  const std::string view = viewOf(ctx, request.nameSpace);
  requireNamespace(ctx, view);
  const cimom::ObjectPath path = instanceNameParameter(request, view);
  requireClass(ctx, view, path.className());
  const cimom::InstancePtr instance = valueOr(ctx.store.get(path));
  const auto properties = propertyList(request);
  xml::addInstance(response.returnValue(), *instance, xml::ReferenceForm::Structured, properties ? &*properties : nullptr);
}

void enumerateInstances(const OperationContext& ctx, const Request& request, ResponseWriter& response, bool namesOnly) {
  const std::string view = viewOf(ctx, request.nameSpace);
  const cimom::ClassPtr cls = requireClass(ctx, view, classParameter(request, "ClassName", true));
  const std::vector<cimom::InstancePtr> found = valueOr(ctx.store.enumerate(view, cls->name));
  auto properties = propertyList(request);
  if (!namesOnly && !properties && !boolParameter(request, "DeepInheritance", true)) {
    // DeepInheritance false: the properties of the class asked for, whatever the instance's class.
    properties.emplace();
    for (const cimom::PropertyDecl& property : cls->properties) properties->push_back(property.name);
  }
  xmlNode* out = response.returnValue();
  for (const cimom::InstancePtr& instance : found) {
    const cimom::ObjectPath path = pathOf(ctx, *instance, view);
    if (namesOnly) {
      xml::addInstanceName(out, path);
      continue;
    }
    xmlNode* named = xml::addElement(out, nullptr, "VALUE.NAMEDINSTANCE");
    xml::addInstanceName(named, path);
    xml::addInstance(named, *instance, xml::ReferenceForm::Structured, properties ? &*properties : nullptr);
  }
}

void execQuery(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  const std::string view = viewOf(ctx, request.nameSpace);
  requireNamespace(ctx, view);
  requireQueryLanguage(request, "QueryLanguage");
  const cimom::QueryResult result = valueOr(ctx.query.execute(view, valueText(request, "Query")));
  xmlNode* out = response.returnValue();
  for (const cimom::InstancePtr& instance : result.instances) writeObjectWithPath(ctx, out, *instance, view, nullptr);
}

void getProperty(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  const std::string view = viewOf(ctx, request.nameSpace);
  requireNamespace(ctx, view);
  const cimom::InstancePtr instance = valueOr(ctx.store.get(instanceNameParameter(request, view)));
  const std::string property = xml::trimWhitespace(valueText(request, "PropertyName"));
  const cimom::Value* value = instance->get(property);
  if (!value) fail(CimStatus::NoSuchProperty, instance->className() + " has no property " + property);
  if (!value->isNull()) writeValue(response.returnValue(), *value, ctx.host);
}

using Operation = std::function<void(const OperationContext&, const Request&, ResponseWriter&)>;

const std::vector<std::pair<std::string, Operation>>& operations() {
  static const std::vector<std::pair<std::string, Operation>> table = {
      {"GetClass", getClass},
      {"EnumerateClasses", [](auto& c, auto& r, auto& w) { enumerateClasses(c, r, w, false); }},
      {"EnumerateClassNames", [](auto& c, auto& r, auto& w) { enumerateClasses(c, r, w, true); }},
      {"GetInstance", getInstance},
      {"EnumerateInstances", [](auto& c, auto& r, auto& w) { enumerateInstances(c, r, w, false); }},
      {"EnumerateInstanceNames", [](auto& c, auto& r, auto& w) { enumerateInstances(c, r, w, true); }},
      {"Associators", [](auto& c, auto& r, auto& w) { associationOperation(c, r, w, true, false); }},
      {"AssociatorNames", [](auto& c, auto& r, auto& w) { associationOperation(c, r, w, true, true); }},
      {"References", [](auto& c, auto& r, auto& w) { associationOperation(c, r, w, false, false); }},
      {"ReferenceNames", [](auto& c, auto& r, auto& w) { associationOperation(c, r, w, false, true); }},
      {"ExecQuery", execQuery},
      {"GetProperty", getProperty},
  };
  return table;
}

}  // namespace

std::string viewOf(const OperationContext& ctx, const std::string& nameSpace) { return cimom::onServer(ctx.server, nameSpace); }

void runIntrinsic(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  for (const auto& [name, operation] : operations()) {
    if (cimom::iequals(name, request.method)) return operation(ctx, request, response);
  }
  if (runPullOperation(ctx, request, response) || runInstanceChange(ctx, request, response)) return;
  // The rest of §5.3.2 (class changes, qualifiers) is not
  // served: CIM_ERR_NOT_SUPPORTED, as a server without them answers.
  fail(CimStatus::NotSupported, "the intrinsic method " + request.method + " is not supported by this server");
}

}  // namespace cimdouble::cimxml
