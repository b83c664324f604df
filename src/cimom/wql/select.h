// A WQL SELECT bound to the schema: the class resolved, property names matched
// case-insensitively, literals typed against the properties they are compared with, and the
// WHERE clause ready to evaluate with SQL's three-valued logic (a comparison with NULL is
// UNKNOWN; only TRUE selects an instance).
//
// Binding rejects what WMI rejects, each as InvalidQuery (InvalidClass for an unknown class)
// with the position: unknown properties, array properties in WHERE ("WQL does not query
// arrays"), a literal that does not fit the property's type, LIKE on a non-string, ISA on
// something that is not an object, IS with anything but NULL (the parser sees to that).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance.h"
#include "cimom/result.h"
#include "cimom/wql/ast.h"

namespace cimdouble::cimom {

struct BoundExpr;  // wql_select.cpp

class BoundSelect {
 public:
  static Result<BoundSelect> bind(const WqlQuery& query, const ClassRepository& repository, std::string_view nameSpace);

  BoundSelect(BoundSelect&&) noexcept;
  BoundSelect& operator=(BoundSelect&&) noexcept;
  ~BoundSelect();

  const ClassPtr& queryClass() const { return class_; }
  // True when the WHERE clause (if any) is TRUE for `instance`.
  bool matches(const Instance& instance) const;
  // The instance as the query returns it: all properties for SELECT *, otherwise the selected
  // ones plus the keys, in schema order.
  InstancePtr project(const InstancePtr& instance) const;
  // When the WHERE clause pins every key of the class with '=' (joined by AND at the top), the
  // path those keys name: the engine then fetches one instance instead of scanning the class.
  const std::optional<ObjectPath>& keyPath() const { return keyPath_; }

 private:
  BoundSelect() = default;

  const ClassRepository* repository_ = nullptr;
  std::string namespace_;
  ClassPtr class_;
  std::vector<std::string> selected_;  // empty = all
  std::unique_ptr<BoundExpr> where_;
  std::optional<ObjectPath> keyPath_;
};

}  // namespace cimdouble::cimom
