// What the MOF parser produces: declarations with untyped literals and source positions.
// The compiler types them against the schema (mof_compiler.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cimom/diagnostic.h"

namespace cimdouble::cimom {

struct MofLiteral {
  enum class Kind { Null, Integer, Real, String, Char, Boolean, Alias, Array };
  Kind kind = Kind::Null;
  bool negative = false;
  uint64_t magnitude = 0;
  double real = 0;
  std::string text;  // String value or alias name
  char16_t character = 0;
  bool boolean = false;
  std::vector<MofLiteral> elements;  // Array
  SourcePosition position;
};

struct MofQualifier {
  std::string name;
  std::optional<MofLiteral> value;
  std::vector<std::string> flavors;
  SourcePosition position;
};

struct MofType {
  std::string name;  // intrinsic type name, or the referenced class for a reference
  bool isReference = false;
  bool array = false;
  std::optional<uint32_t> arraySize;
  SourcePosition position;
};

struct MofProperty {
  std::vector<MofQualifier> qualifiers;
  MofType type;
  std::string name;
  std::optional<MofLiteral> defaultValue;
  SourcePosition position;
};

struct MofParameter {
  std::vector<MofQualifier> qualifiers;
  MofType type;
  std::string name;
  SourcePosition position;
};

struct MofMethod {
  std::vector<MofQualifier> qualifiers;
  MofType returnType;
  std::string name;
  std::vector<MofParameter> parameters;
  SourcePosition position;
};

struct MofClass {
  std::vector<MofQualifier> qualifiers;
  std::string name;
  std::string superclass;
  SourcePosition superclassPosition;
  std::vector<MofProperty> properties;
  std::vector<MofMethod> methods;
  SourcePosition position;
};

struct MofPropertyValue {
  std::string name;
  MofLiteral value;
  SourcePosition position;
};

struct MofInstance {
  std::vector<MofQualifier> qualifiers;
  std::string className;
  std::string alias;
  std::vector<MofPropertyValue> values;
  SourcePosition position;
};

struct MofQualifierDecl {
  std::string name;
  MofType type;
  std::optional<MofLiteral> defaultValue;
  std::vector<std::string> scopes;
  std::vector<std::string> flavors;
  SourcePosition position;
};

struct MofPragma {
  std::string name;
  std::string argument;
  SourcePosition position;
};

}  // namespace cimdouble::cimom
