#include "cimxml/parameters.h"

#include "cimom/case_insensitive.h"
#include "cimxml/cimxml_error.h"
#include "xml/cim_xml.h"

namespace cimdouble::cimxml {

using cimom::CimStatus;

std::string valueText(const Request& request, const char* name) {
  xmlNode* p = request.parameter(name);
  xmlNode* value = p ? xml::childElement(p, nullptr, "VALUE") : nullptr;
  return value ? xml::textOf(value) : std::string();
}

bool boolParameter(const Request& request, const char* name, bool byDefault) {
  xmlNode* p = request.parameter(name);
  xmlNode* value = p ? xml::childElement(p, nullptr, "VALUE") : nullptr;
  if (!value) return byDefault;
  const std::string text = xml::trimWhitespace(xml::textOf(value));
  if (cimom::iequals(text, "true")) return true;
  if (cimom::iequals(text, "false")) return false;
  fail(CimStatus::InvalidParameter, std::string(name) + " is a boolean, not '" + text + "'");
}

// A CLASSNAME parameter; "" when absent (and not `required`).
std::string classParameter(const Request& request, const char* name, bool required) {
  xmlNode* p = request.parameter(name);
  xmlNode* cls = p ? xml::childElement(p, nullptr, "CLASSNAME") : nullptr;
  if (cls) return xml::attribute(cls, "NAME");
  if (required) fail(CimStatus::InvalidParameter, std::string("the ") + name + " parameter (a CLASSNAME) is missing");
  return {};
}

// PropertyList: NULL (absent) means every property, an empty array none.
std::optional<std::vector<std::string>> propertyList(const Request& request) {
  xmlNode* p = request.parameter("PropertyList");
  xmlNode* array = p ? xml::childElement(p, nullptr, "VALUE.ARRAY") : nullptr;
  if (!array) return std::nullopt;
  std::vector<std::string> names;
  for (xmlNode* v : xml::childElements(array, nullptr, "VALUE")) names.push_back(xml::trimWhitespace(xml::textOf(v)));
  return names;
}

const xmlNode* elementParameter(const Request& request, const char* parameter, const char* element) {
  xmlNode* p = request.parameter(parameter);
  xmlNode* found = p ? xml::childElement(p, nullptr, element) : nullptr;
  if (!found) fail(CimStatus::InvalidParameter, std::string("the ") + parameter + " parameter (" + element + ") is missing");
  return found;
}

cimom::ObjectPath instanceNameParameter(const Request& request, const std::string& nameSpace) {
  return valueOr(xml::readInstanceName(elementParameter(request, "InstanceName", "INSTANCENAME"), nameSpace));
}

cimom::ClassPtr requireClass(const OperationContext& ctx, const std::string& nameSpace, const std::string& name) {
  if (!ctx.repository.hasNamespace(nameSpace)) fail(CimStatus::InvalidNamespace, "no namespace " + nameSpace);
  cimom::ClassPtr cls = ctx.repository.findClass(nameSpace, name);
  if (!cls) fail(CimStatus::InvalidClass, "no class " + name + " in " + nameSpace);
  return cls;
}

void requireNamespace(const OperationContext& ctx, const std::string& nameSpace) {
  if (!ctx.repository.hasNamespace(nameSpace)) fail(CimStatus::InvalidNamespace, "no namespace " + nameSpace);
}

// An instance's path in the namespace the client named (the store's view is ours alone); an
// associator from another namespace (root/interop's profile leads to the host of
// root/virtualization/v2) is named in its own, as WS-Man names it.
cimom::ObjectPath pathOf(const OperationContext& ctx, const cimom::Instance& instance, const std::string& nameSpace) {
  const bool foreign = !instance.nameSpace().empty() &&
                       ctx.repository.instanceNamespace(instance.nameSpace()) != ctx.repository.instanceNamespace(nameSpace);
  const std::string in(cimom::splitServer(foreign ? instance.nameSpace() : nameSpace).nameSpace);
  cimom::ClassPtr cls = ctx.repository.findClass(viewOf(ctx, in), instance.className());
  cimom::ObjectPath path = cls ? instance.path(*cls) : cimom::ObjectPath(in, instance.className());
  path.setNameSpace(ctx.repository.displayName(in));
  return path;
}

cimom::AssociationFilter associationFilter(const Request& request, bool associators) {
  cimom::AssociationFilter filter;
  filter.assocClass = associators ? classParameter(request, "AssocClass", false) : std::string();
  filter.resultClass = classParameter(request, "ResultClass", false);
  filter.role = valueText(request, "Role");
  filter.resultRole = associators ? valueText(request, "ResultRole") : std::string();
  return filter;
}

void requireQueryLanguage(const Request& request, const char* name) {
  const std::string language = xml::trimWhitespace(valueText(request, name));
  for (const char* served : {"WQL", "DMTF:CQL", "CIM:CQL", "CQL"}) {
    if (cimom::iequals(language, served)) return;
  }
  fail(cimom::CimStatus::QueryLanguageNotSupported, "the query language " + language + " is not supported (WQL, DMTF:CQL)");
}

}  // namespace cimdouble::cimxml
