// A CIM instance: a class name and property values. Instances the store hands out are
// complete (every property of the class, in schema order, NULL where unset) and immutable;
// a change is a new instance replacing the old one (copy-on-write keeps readers lock-free).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cimom/object_path.h"
#include "cimom/value.h"

namespace cimdouble::cimom {

struct ClassDecl;

struct PropertyValue {
  std::string name;
  Value value;
};

class Instance {
 public:
  Instance() = default;
  explicit Instance(std::string className, std::string nameSpace = {})
      : className_(std::move(className)), namespace_(std::move(nameSpace)) {}

  const std::string& className() const { return className_; }
  const std::string& nameSpace() const { return namespace_; }
  void setNameSpace(std::string nameSpace) { namespace_ = std::move(nameSpace); }

  const std::vector<PropertyValue>& properties() const { return properties_; }
  // nullptr when the instance has no such property.
  const Value* get(std::string_view name) const;
  // Sets or adds; the name keeps the spelling of the first set.
  void set(std::string_view name, Value value);
  bool remove(std::string_view name);

  // The path of this instance from the key properties `keyNames` of its class.
  ObjectPath path(const ClassDecl& cls) const;

  bool operator==(const Instance& other) const;

 private:
  std::string className_;
  std::string namespace_;
  std::vector<PropertyValue> properties_;
};

using InstancePtr = std::shared_ptr<const Instance>;

}  // namespace cimdouble::cimom
