#include "cimom/value_pool.h"

namespace cimdouble::cimom {
namespace {

// Type, array-ness and each element's text with its length in front, so that no two
// different values share a key (the elements' texts alone could: {"a, b"} and {"a", "b"}).
std::string keyOf(const Value& value) {
  std::string key = std::to_string(static_cast<int>(value.type())) + (value.isArray() ? "[" : ":");
  value.forEachElement([&](const Scalar& element) {
    const std::string text = scalarToText(value.type(), element);
    key += std::to_string(text.size());
    key += '/';
    key += text;
  });
  return key;
}

bool poolable(const Value& value) {
  // Inline values (numbers, booleans) have nothing to share; embedded instances no exact key.
  if (value.isNull() || value.type() == CimType::Instance) return false;
  return value.isArray() || value.type() == CimType::String || value.type() == CimType::DateTime ||
         value.type() == CimType::Reference;
}

}  // namespace

Value ValuePool::share(const Value& value) {
  if (!poolable(value)) return value;
  return values_.try_emplace(keyOf(value), value).first->second;
}

}  // namespace cimdouble::cimom
