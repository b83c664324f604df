// The schema model: qualifiers, properties, methods and classes (DSP0004 §5, §7).
//
// A ClassDecl held by the repository is *resolved*: it lists every property and method,
// inherited ones included, in schema order (the root class's features first, each subclass's
// new features after; an override keeps its ancestor's position), with inherited qualifiers
// merged in according to their flavors.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cimom/case_insensitive.h"
#include "cimom/cim_type.h"
#include "cimom/value.h"

namespace cimdouble::cimom {

// DSP0004 §5.6.1 flavors, as bits. Defaults are EnableOverride + ToSubclass.
enum Flavor : unsigned {
  kFlavorDisableOverride = 1u << 0,
  kFlavorRestricted = 1u << 1,  // does not propagate to subclasses (the opposite of ToSubclass)
  kFlavorTranslatable = 1u << 2,
  kFlavorToInstance = 1u << 3,
  kFlavorAmended = 1u << 4,  // Microsoft: localized, lives in an amendment
};

// Where a qualifier may appear (DSP0004 §5.6.1 "Scope").
enum Scope : unsigned {
  kScopeClass = 1u << 0,
  kScopeAssociation = 1u << 1,
  kScopeIndication = 1u << 2,
  kScopeProperty = 1u << 3,
  kScopeReference = 1u << 4,
  kScopeMethod = 1u << 5,
  kScopeParameter = 1u << 6,
  kScopeQualifier = 1u << 7,
  kScopeAny = 0xFFu,
};

struct Qualifier {
  std::string name;
  Value value;
  unsigned flavors = 0;
  bool propagated = false;  // came from a superclass or overridden feature
};

using QualifierList = std::vector<Qualifier>;

const Qualifier* findQualifier(const QualifierList& list, std::string_view name);
// True when the boolean qualifier is present and not explicitly false (e.g. [Key]).
bool hasBoolQualifier(const QualifierList& list, std::string_view name);
// The string value of a string qualifier, if present (e.g. EmbeddedInstance("X")).
std::optional<std::string> stringQualifier(const QualifierList& list, std::string_view name);
// The elements of a string-array qualifier (ValueMap, Values), empty when absent.
std::vector<std::string> stringArrayQualifier(const QualifierList& list, std::string_view name);

struct QualifierDecl {
  std::string name;
  CimType type = CimType::Boolean;
  bool array = false;
  Value defaultValue;
  unsigned scopes = kScopeAny;
  unsigned flavors = 0;
};

// A value or parameter type: intrinsic, or a reference to a class.
struct TypeSpec {
  CimType type = CimType::String;
  bool array = false;
  std::optional<uint32_t> arraySize;  // fixed-size arrays, "uint8 Data[16]"
  std::string referenceClass;         // for CimType::Reference

  std::string toString() const;  // "uint16[]", "CIM_ConcreteJob REF"
};

struct PropertyDecl {
  std::string name;
  TypeSpec type;
  QualifierList qualifiers;
  Value defaultValue;        // NULL when the MOF gives none
  std::string classOrigin;   // the class that first declared it
  bool propagated = false;   // inherited unchanged from a superclass

  bool isKey() const { return hasBoolQualifier(qualifiers, "Key"); }
  bool isRequired() const { return hasBoolQualifier(qualifiers, "Required"); }
  bool isWritable() const { return hasBoolQualifier(qualifiers, "Write"); }
  std::optional<std::string> embeddedInstanceClass() const { return stringQualifier(qualifiers, "EmbeddedInstance"); }
};

struct ParameterDecl {
  std::string name;
  TypeSpec type;
  QualifierList qualifiers;

  // A parameter with neither In nor Out qualifier is an input (DSP0004: In defaults to true).
  bool isIn() const;
  bool isOut() const { return hasBoolQualifier(qualifiers, "Out"); }
};

struct MethodDecl {
  std::string name;
  CimType returnType = CimType::UInt32;
  std::vector<ParameterDecl> parameters;
  QualifierList qualifiers;
  std::string classOrigin;
  bool propagated = false;

  bool isStatic() const { return hasBoolQualifier(qualifiers, "Static"); }
  const ParameterDecl* parameter(std::string_view parameterName) const;
};

struct ClassDecl {
  std::string name;
  std::string superclass;  // empty for a root class
  QualifierList qualifiers;
  std::vector<PropertyDecl> properties;
  std::vector<MethodDecl> methods;
  // Filled by resolution: superclass, its superclass, ... up to the root.
  std::vector<std::string> superclassChain;

  bool isAssociation() const { return hasBoolQualifier(qualifiers, "Association"); }
  bool isAbstract() const { return hasBoolQualifier(qualifiers, "Abstract"); }
  bool isIndication() const { return hasBoolQualifier(qualifiers, "Indication"); }

  const PropertyDecl* property(std::string_view propertyName) const;
  std::optional<std::size_t> propertyIndex(std::string_view propertyName) const;
  const MethodDecl* method(std::string_view methodName) const;
  std::vector<const PropertyDecl*> keyProperties() const;
  // The property names in order, one list shared by every instance completed from the class.
  std::shared_ptr<const std::vector<std::string>> propertyNames() const;
  // The properties' positions by folded name and the shared name list; rebuilt by reindex()
  // after edits.
  void reindex();

 private:
  std::unordered_map<std::string, std::size_t, CaseInsensitiveHash, CaseInsensitiveEqual> propertyIndex_;
  std::shared_ptr<const std::vector<std::string>> propertyNames_;
};

}  // namespace cimdouble::cimom
