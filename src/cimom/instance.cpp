#include "cimom/instance.h"

#include "cimom/case_insensitive.h"
#include "cimom/class_decl.h"

namespace cimdouble::cimom {

const Value* Instance::get(std::string_view name) const {
  for (const PropertyValue& p : properties_) {
    if (iequals(p.name, name)) return &p.value;
  }
  return nullptr;
}

void Instance::set(std::string_view name, Value value) {
  for (PropertyValue& p : properties_) {
    if (iequals(p.name, name)) {
      p.value = std::move(value);
      return;
    }
  }
  properties_.push_back({std::string(name), std::move(value)});
}

bool Instance::remove(std::string_view name) {
  for (auto it = properties_.begin(); it != properties_.end(); ++it) {
    if (iequals(it->name, name)) {
      properties_.erase(it);
      return true;
    }
  }
  return false;
}

ObjectPath Instance::path(const ClassDecl& cls) const {
  std::vector<KeyBinding> keys;
  for (const PropertyDecl* key : cls.keyProperties()) {
    const Value* v = get(key->name);
    keys.push_back({key->name, v ? *v : Value::null(key->type.type)});
  }
  return ObjectPath(namespace_, className_, std::move(keys));
}

bool Instance::operator==(const Instance& other) const {
  if (!iequals(className_, other.className_) || properties_.size() != other.properties_.size()) return false;
  for (const PropertyValue& p : properties_) {
    const Value* v = other.get(p.name);
    if (!v || !(*v == p.value)) return false;
  }
  return true;
}

}  // namespace cimdouble::cimom
