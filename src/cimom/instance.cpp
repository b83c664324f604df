#include "cimom/instance.h"

#include "cimom/case_insensitive.h"
#include "cimom/class_decl.h"

namespace cimdouble::cimom {

namespace {

// Owners of a shape or name list made here are the only ones who may write to it, and they
// do so only while nobody shares it (use_count 1): make_shared of a non-const object keeps
// the const_casts below writes to non-const objects.
template <typename T>
T& exclusive(std::shared_ptr<const T>& shared) {
  if (!shared) shared = std::make_shared<T>();
  else if (shared.use_count() > 1) shared = std::make_shared<T>(*shared);
  return const_cast<T&>(*shared);
}

const std::shared_ptr<const InstanceShape>& emptyShape() {
  static const std::shared_ptr<const InstanceShape> empty = std::make_shared<InstanceShape>();
  return empty;
}

}  // namespace

Instance::Instance() : shape_(emptyShape()) {}

Instance::Instance(std::string className, std::string nameSpace)
    : shape_(std::make_shared<InstanceShape>(InstanceShape{std::move(className), std::move(nameSpace), nullptr})) {}

Instance::Instance(std::shared_ptr<const InstanceShape> shape) : shape_(std::move(shape)) {
  values_.resize(shape_->names ? shape_->names->size() : 0);
}

void Instance::setNameSpace(std::string nameSpace) { ownShape().nameSpace = std::move(nameSpace); }

std::optional<std::size_t> Instance::indexOf(std::string_view name) const {
  const PropertyNames* names = shape_->names.get();
  if (!names) return std::nullopt;
  for (std::size_t i = 0; i < names->size(); ++i) {
    if (iequals((*names)[i], name)) return i;
  }
  return std::nullopt;
}

// Only instances sharing the shape can see it, and none can start sharing it while this
// (non-const) instance is being changed: a count of one means it is ours.
InstanceShape& Instance::ownShape() { return exclusive(shape_); }

PropertyNames& Instance::ownNames() { return exclusive(ownShape().names); }

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
  return ObjectPath(nameSpace(), className(), std::move(keys));
}

bool Instance::operator==(const Instance& other) const {
  if (!iequals(className(), other.className()) || values_.size() != other.values_.size() ||
      !iequals(server_, other.server_)) {
    return false;
  }
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const Value* v = other.get((*shape_->names)[i]);
    if (!v || !(*v == values_[i])) return false;
  }
  return true;
}

}  // namespace cimdouble::cimom
