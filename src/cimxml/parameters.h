// What the intrinsic operations share: reading IPARAMVALUEs as DSP0200 defines them (with
// their defaults), the checks every operation makes, and naming instances in answers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cimom/wql/ast.h"
#include "cimxml/operations.h"

namespace cimdouble::cimxml {

// A parameter's <VALUE> text ("" when absent).
std::string valueText(const Request& request, const char* name);
// A boolean parameter; `byDefault` when absent. Throws InvalidParameter for other text.
bool boolParameter(const Request& request, const char* name, bool byDefault);
// The query language parameter `name` (ExecQuery's QueryLanguage, OpenQueryInstances'
// FilterQueryLanguage) names one served: WQL, or the SELECT subset of DMTF CQL that SMI-S
// clients send ("DMTF:CQL", and its older names "CIM:CQL" and "CQL"), which WQL's grammar reads.
// CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED otherwise.
void requireQueryLanguage(const Request& request, const char* name);
// A CLASSNAME parameter; "" when absent (and not `required`).
std::string classParameter(const Request& request, const char* name, bool required);
// PropertyList: NULL (absent) means every property, an empty array none.
std::optional<std::vector<std::string>> propertyList(const Request& request);
// The `element` a parameter holds (INSTANCENAME, INSTANCE, VALUE.NAMEDINSTANCE, ...); throws
// InvalidParameter when the parameter or its element is missing.
const xmlNode* elementParameter(const Request& request, const char* parameter, const char* element);
// The InstanceName parameter, as a path in `nameSpace`.
cimom::ObjectPath instanceNameParameter(const Request& request, const std::string& nameSpace);
// The association parameters AssocClass, ResultClass, Role, ResultRole.
cimom::AssociationFilter associationFilter(const Request& request, bool associators);

cimom::ClassPtr requireClass(const OperationContext& ctx, const std::string& nameSpace, const std::string& name);
void requireNamespace(const OperationContext& ctx, const std::string& nameSpace);
// An instance's path in the namespace the client named; an associator from another namespace
// in its own, as WS-Man names it.
cimom::ObjectPath pathOf(const OperationContext& ctx, const cimom::Instance& instance, const std::string& nameSpace);

}  // namespace cimdouble::cimxml
