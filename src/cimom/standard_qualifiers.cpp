// The qualifier declarations every namespace starts with: DSP0004 Annex A (standard
// qualifiers) and the Microsoft qualifiers that Hyper-V's own MOF uses. A qualifier not in
// this table, and not declared by a MOF file, is an error ("unknown qualifier").
#include "cimom/class_repository.h"

namespace cimdouble::cimom {
namespace {

struct Row {
  const char* name;
  CimType type;
  bool array;
  unsigned scopes;
  unsigned flavors;
  const char* booleanDefault;  // "true"/"false" for boolean qualifiers, nullptr = NULL default
};

constexpr unsigned kFeature = kScopeProperty | kScopeReference | kScopeMethod | kScopeParameter;
constexpr unsigned kClassLike = kScopeClass | kScopeAssociation | kScopeIndication;

constexpr Row kRows[] = {
    // DSP0004 standard qualifiers, in the order of Annex A.
    {"Abstract", CimType::Boolean, false, kClassLike, kFlavorRestricted, "false"},
    {"Aggregate", CimType::Boolean, false, kScopeReference, kFlavorDisableOverride, "false"},
    {"Aggregation", CimType::Boolean, false, kScopeAssociation, kFlavorDisableOverride, "false"},
    {"ArrayType", CimType::String, false, kScopeProperty | kScopeParameter, kFlavorDisableOverride, nullptr},
    {"Association", CimType::Boolean, false, kScopeAssociation | kScopeClass, kFlavorDisableOverride, "false"},
    {"BitMap", CimType::String, true, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"BitValues", CimType::String, true, kScopeProperty | kScopeMethod | kScopeParameter, kFlavorTranslatable, nullptr},
    {"ClassConstraint", CimType::String, true, kClassLike, 0, nullptr},
    {"Composition", CimType::Boolean, false, kScopeAssociation, kFlavorDisableOverride, "false"},
    {"Correlatable", CimType::String, true, kScopeProperty, 0, nullptr},
    {"Counter", CimType::Boolean, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, "false"},
    {"Deprecated", CimType::String, true, kScopeAny, 0, nullptr},
    {"Description", CimType::String, false, kScopeAny, kFlavorTranslatable, nullptr},
    {"DisplayName", CimType::String, false, kScopeAny, kFlavorTranslatable, nullptr},
    {"EmbeddedInstance", CimType::String, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"EmbeddedObject", CimType::Boolean, false, kScopeProperty | kScopeMethod | kScopeParameter, kFlavorDisableOverride, "false"},
    {"Exception", CimType::Boolean, false, kScopeClass | kScopeIndication, kFlavorDisableOverride, "false"},
    {"Experimental", CimType::Boolean, false, kScopeAny, kFlavorRestricted, "false"},
    {"Gauge", CimType::Boolean, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, "false"},
    {"In", CimType::Boolean, false, kScopeParameter, kFlavorDisableOverride, "true"},
    {"Indication", CimType::Boolean, false, kScopeClass | kScopeIndication, kFlavorDisableOverride, "false"},
    {"IsPUnit", CimType::Boolean, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, "false"},
    {"Key", CimType::Boolean, false, kScopeProperty | kScopeReference, kFlavorDisableOverride, "false"},
    {"MappingStrings", CimType::String, true, kScopeAny, 0, nullptr},
    {"Max", CimType::UInt32, false, kScopeReference, 0, nullptr},
    {"MaxLen", CimType::UInt32, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"MaxValue", CimType::SInt64, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"MethodConstraint", CimType::String, true, kScopeMethod, 0, nullptr},
    {"Min", CimType::UInt32, false, kScopeReference, 0, nullptr},
    {"MinLen", CimType::UInt32, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"MinValue", CimType::SInt64, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"ModelCorrespondence", CimType::String, true, kScopeAny, 0, nullptr},
    {"NullValue", CimType::String, false, kScopeProperty, kFlavorDisableOverride, nullptr},
    {"OctetString", CimType::Boolean, false, kScopeProperty | kScopeMethod | kScopeParameter, kFlavorDisableOverride, "false"},
    {"Out", CimType::Boolean, false, kScopeParameter, kFlavorDisableOverride, "false"},
    {"Override", CimType::String, false, kScopeProperty | kScopeReference | kScopeMethod, kFlavorRestricted, nullptr},
    {"Propagated", CimType::String, false, kScopeProperty, kFlavorDisableOverride, nullptr},
    {"PropertyConstraint", CimType::String, true, kScopeProperty | kScopeReference, 0, nullptr},
    {"PUnit", CimType::String, false, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"Read", CimType::Boolean, false, kScopeProperty, 0, "true"},
    {"Required", CimType::Boolean, false, kFeature, kFlavorDisableOverride, "false"},
    {"Revision", CimType::String, false, kClassLike, kFlavorTranslatable, nullptr},
    {"Schema", CimType::String, false, kScopeProperty | kScopeMethod, kFlavorDisableOverride, nullptr},
    {"Static", CimType::Boolean, false, kScopeProperty | kScopeMethod, kFlavorDisableOverride, "false"},
    {"Terminal", CimType::Boolean, false, kClassLike, 0, "false"},
    {"UMLPackagePath", CimType::String, false, kClassLike, kFlavorRestricted, nullptr},
    {"Units", CimType::String, false, kScopeProperty | kScopeMethod | kScopeParameter, kFlavorTranslatable, nullptr},
    {"ValueMap", CimType::String, true, kScopeProperty | kScopeMethod | kScopeParameter, 0, nullptr},
    {"Values", CimType::String, true, kScopeProperty | kScopeMethod | kScopeParameter, kFlavorTranslatable, nullptr},
    {"Version", CimType::String, false, kClassLike, kFlavorRestricted | kFlavorTranslatable, nullptr},
    {"Weak", CimType::Boolean, false, kScopeReference, kFlavorDisableOverride, "false"},
    {"Write", CimType::Boolean, false, kScopeProperty, 0, "false"},
    // Microsoft (WMI) qualifiers found in Hyper-V's MOF.
    {"AMENDMENT", CimType::Boolean, false, kClassLike, 0, "false"},
    {"Dynamic", CimType::Boolean, false, kClassLike, 0, "false"},
    {"Provider", CimType::String, false, kClassLike, 0, nullptr},
    {"Locale", CimType::SInt32, false, kClassLike, 0, nullptr},
    {"Privileges", CimType::String, true, kScopeProperty | kScopeMethod, 0, nullptr},
    {"Implemented", CimType::Boolean, false, kScopeMethod, 0, "false"},
    {"ID", CimType::SInt32, false, kScopeParameter, 0, nullptr},
    {"Singleton", CimType::Boolean, false, kClassLike, 0, "false"},
    {"SupportsCreate", CimType::Boolean, false, kClassLike, 0, "false"},
    {"SupportsDelete", CimType::Boolean, false, kClassLike, 0, "false"},
    {"SupportsUpdate", CimType::Boolean, false, kClassLike, 0, "false"},
    {"CreateBy", CimType::String, false, kClassLike, 0, nullptr},
    {"DeleteBy", CimType::String, false, kClassLike, 0, nullptr},
    {"DisplayDescription", CimType::String, false, kScopeAny, kFlavorTranslatable, nullptr},
};

std::vector<QualifierDecl> buildDecls() {
  std::vector<QualifierDecl> decls;
  for (const Row& row : kRows) {
    QualifierDecl d;
    d.name = row.name;
    d.type = row.type;
    d.array = row.array;
    d.scopes = row.scopes;
    d.flavors = row.flavors;
    d.defaultValue = row.booleanDefault ? Value::boolean(std::string_view(row.booleanDefault) == "true")
                                        : Value::null(row.type, row.array);
    decls.push_back(std::move(d));
  }
  return decls;
}

}  // namespace

const std::vector<QualifierDecl>& standardQualifierDecls() {
  static const std::vector<QualifierDecl> decls = buildDecls();
  return decls;
}

}  // namespace cimdouble::cimom
