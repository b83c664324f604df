// The parsed form of a WQL query (dialect http://schemas.microsoft.com/wbem/wsman/1/WQL):
// SELECT, ASSOCIATORS OF and REFERENCES OF. Positions are 1-based character offsets into the
// query text, so an error can say where it is.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cimdouble::cimom {

struct WqlLiteral {
  enum class Kind { Null, String, Integer, Real, Boolean };
  Kind kind = Kind::Null;
  std::string text;  // String
  bool negative = false;
  uint64_t magnitude = 0;  // Integer
  double real = 0;         // Real
  bool boolean = false;    // Boolean
};

struct WqlOperand {
  enum class Kind { Property, Literal };
  Kind kind = Kind::Literal;
  std::string property;  // as written; __CLASS, __PATH, __RELPATH, __NAMESPACE, __THIS are system properties
  WqlLiteral literal;
  std::size_t position = 0;
};

enum class WqlCompare { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual };

struct WqlExpr {
  enum class Kind { And, Or, Not, Compare, IsNull, IsNotNull, Isa, Like, NotLike };
  Kind kind = Kind::Compare;
  std::vector<std::unique_ptr<WqlExpr>> children;  // And, Or (two), Not (one)
  WqlOperand left;
  WqlOperand right;       // Compare; Isa/Like: the string literal
  WqlCompare op = WqlCompare::Equal;
  std::size_t position = 0;
};

// The WHERE part of ASSOCIATORS OF / REFERENCES OF, shared with the DSP0227 association filter.
struct AssociationFilter {
  std::string assocClass;       // only associations of this class (or a subclass)
  std::string resultClass;      // associators: results of this class; references: associations of this class
  std::string role;             // the source's role (reference property name) in the association
  std::string resultRole;       // associators: the result's role
  std::string requiredQualifier;
  std::string requiredAssocQualifier;
  bool classDefsOnly = false;
  bool schemaOnly = false;
  bool keysOnly = false;
};

struct WqlQuery {
  enum class Kind { Select, Associators, References };
  Kind kind = Kind::Select;
  // SELECT
  bool selectAll = true;
  std::vector<std::string> properties;
  std::vector<std::size_t> propertyPositions;
  std::string className;
  std::size_t classPosition = 0;
  std::unique_ptr<WqlExpr> where;
  // ASSOCIATORS OF / REFERENCES OF
  std::string objectPath;
  std::size_t objectPathPosition = 0;
  AssociationFilter association;
};

}  // namespace cimdouble::cimom
