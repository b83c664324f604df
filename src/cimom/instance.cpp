#include "cimom/instance.h"

#include "cimom/case_insensitive.h"
#include "cimom/class_decl.h"

namespace cimdouble::cimom {

Instance::Instance(std::string className, std::string nameSpace, std::shared_ptr<const PropertyNames> names)
    : className_(std::move(className)), namespace_(std::move(nameSpace)), names_(std::move(names)) {
  values_.resize(names_ ? names_->size() : 0);
}

std::optional<std::size_t> Instance::indexOf(std::string_view name) const {
  if (!names_) return std::nullopt;
  for (std::size_t i = 0; i < names_->size(); ++i) {
    if (iequals((*names_)[i], name)) return i;
  }
  return std::nullopt;
}

PropertyNames& Instance::ownNames() {
  // Only instances sharing the list can see it, and none can start sharing it while this
  // (non-const) instance is being changed: a count of one means the list is ours.
  if (!names_) names_ = std::make_shared<PropertyNames>();
  else if (names_.use_count() > 1) names_ = std::make_shared<PropertyNames>(*names_);
  // Every list is made non-const by make_shared<PropertyNames>, so writing to our own is
  // not a write through a const object.
  return const_cast<PropertyNames&>(*names_);
}

const Value* Instance::get(std::string_view name) const {
  auto index = indexOf(name);
  return index ? &values_[*index] : nullptr;
}

void Instance::set(std::string_view name, Value value) {
  if (auto index = indexOf(name)) {
    values_[*index] = std::move(value);
    return;
  }
  ownNames().emplace_back(name);
  values_.push_back(std::move(value));
}

bool Instance::remove(std::string_view name) {
  auto index = indexOf(name);
  if (!index) return false;
  PropertyNames& names = ownNames();
  names.erase(names.begin() + static_cast<std::ptrdiff_t>(*index));
  values_.erase(values_.begin() + static_cast<std::ptrdiff_t>(*index));
  return true;
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
  if (!iequals(className_, other.className_) || values_.size() != other.values_.size()) return false;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const Value* v = other.get((*names_)[i]);
    if (!v || !(*v == values_[i])) return false;
  }
  return true;
}

}  // namespace cimdouble::cimom
