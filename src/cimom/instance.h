// A CIM instance: a class name and property values. Instances the store hands out are
// complete (every property of the class, in schema order, NULL where unset) and immutable;
// a change is a new instance replacing the old one (copy-on-write keeps readers lock-free).
//
// Names and values are kept apart: the names are one shared list (every instance the store
// completes from a class shares its class's list), the values a plain vector. A store of
// 100,000 jobs would otherwise hold 4.6 million copies of the same property names.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cimom/object_path.h"
#include "cimom/value.h"

namespace cimdouble::cimom {

struct ClassDecl;

// A property given by name, as builders and method parameters carry them.
struct PropertyValue {
  std::string name;
  Value value;
};

// One property of an instance, as properties() shows it.
struct PropertyRef {
  const std::string& name;
  const Value& value;
};

using PropertyNames = std::vector<std::string>;

// What instances of one class in one namespace have in common: the store gives all of them
// one shape, so each instance is its values and a pointer.
struct InstanceShape {
  std::string className;
  std::string nameSpace;
  std::shared_ptr<const PropertyNames> names;  // null while there are no properties
};

class Instance {
 public:
  Instance();
  explicit Instance(std::string className, std::string nameSpace = {});
  // An instance with exactly the properties of `shape`, all NULL until setAt(); the shape is
  // shared, not copied.
  explicit Instance(std::shared_ptr<const InstanceShape> shape);

  const std::string& className() const { return shape_->className; }
  const std::string& nameSpace() const { return shape_->nameSpace; }
  void setNameSpace(std::string nameSpace);
  const std::shared_ptr<const InstanceShape>& shape() const { return shape_; }
  // The server (cluster node) whose per-server views hold the instance; empty: every
  // server's (instance_store.h). Not a property: WMI shows it only as __SERVER.
  const std::string& server() const { return server_; }
  void setServer(std::string server) { server_ = std::move(server); }

  class Properties;
  Properties properties() const;
  std::size_t propertyCount() const { return values_.size(); }

  // nullptr when the instance has no such property.
  const Value* get(std::string_view name) const;
  // Sets or adds; the name keeps the spelling of the first set.
  void set(std::string_view name, Value value);
  // Sets the property at `index` of the names this instance was built with.
  void setAt(std::size_t index, Value value) { values_[index] = std::move(value); }
  bool remove(std::string_view name);

  // The path of this instance from the key properties `keyNames` of its class.
  ObjectPath path(const ClassDecl& cls) const;

  bool operator==(const Instance& other) const;

 private:
  std::optional<std::size_t> indexOf(std::string_view name) const;
  InstanceShape& ownShape();   // the shape, copied first if another instance shares it
  PropertyNames& ownNames();   // the names, likewise

  std::shared_ptr<const InstanceShape> shape_;  // never null
  std::vector<Value> values_;                   // values_[i] is the value of shape_->names[i]
  std::string server_;
};

// The properties of an instance in order, as {name, value} pairs.
class Instance::Properties {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = PropertyRef;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = PropertyRef;

    iterator(const Instance* instance, std::size_t index) : instance_(instance), index_(index) {}
    PropertyRef operator*() const { return {(*instance_->shape_->names)[index_], instance_->values_[index_]}; }
    iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator==(const iterator& other) const { return index_ == other.index_; }
    bool operator!=(const iterator& other) const { return index_ != other.index_; }

   private:
    const Instance* instance_;
    std::size_t index_;
  };

  explicit Properties(const Instance& instance) : instance_(&instance) {}
  iterator begin() const { return {instance_, 0}; }
  iterator end() const { return {instance_, instance_->values_.size()}; }
  std::size_t size() const { return instance_->values_.size(); }
  bool empty() const { return size() == 0; }
  PropertyRef operator[](std::size_t index) const { return *iterator(instance_, index); }

 private:
  const Instance* instance_;
};

inline Instance::Properties Instance::properties() const { return Properties(*this); }

using InstancePtr = std::shared_ptr<const Instance>;

}  // namespace cimdouble::cimom
