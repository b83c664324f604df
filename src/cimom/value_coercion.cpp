#include "cimom/value_coercion.h"

#include "cimom/object_path.h"

namespace cimdouble::cimom {
namespace {

CimError mismatch(std::string_view what, const Value& value, const TypeSpec& type, std::string_view detail = {}) {
  std::string message = std::string(what) + ": a " + std::string(cimTypeName(value.type())) +
                        (value.isArray() ? " array" : "") + " value does not fit type " + type.toString();
  if (!detail.empty()) message += " (" + std::string(detail) + ")";
  return makeError(CimStatus::TypeMismatch, std::move(message));
}

Result<Scalar> coerceScalar(const Scalar& s, CimType from, const TypeSpec& to, std::string_view what,
                            const Value& whole) {
  if (from == to.type) return s;
  if (isInteger(from) && isInteger(to.type)) {
    const bool negative = std::holds_alternative<int64_t>(s) && std::get<int64_t>(s) < 0;
    const uint64_t magnitude = std::holds_alternative<int64_t>(s)
                                   ? (negative ? 0 - static_cast<uint64_t>(std::get<int64_t>(s))
                                               : static_cast<uint64_t>(std::get<int64_t>(s)))
                                   : std::get<uint64_t>(s);
    auto r = integerScalar(to.type, negative, magnitude);
    if (!r) return mismatch(what, whole, to, r.error().message);
    return r;
  }
  if (isInteger(from) && isReal(to.type)) {
    double d = std::holds_alternative<int64_t>(s) ? static_cast<double>(std::get<int64_t>(s))
                                                   : static_cast<double>(std::get<uint64_t>(s));
    if (to.type == CimType::Real32) d = static_cast<double>(static_cast<float>(d));
    return Scalar{d};
  }
  if (isReal(from) && isReal(to.type)) {
    double d = std::get<double>(s);
    if (to.type == CimType::Real32) d = static_cast<double>(static_cast<float>(d));
    return Scalar{d};
  }
  if (from == CimType::String && to.type != CimType::Instance) {
    auto r = parseScalar(to.type, std::get<std::string>(s));
    if (!r) return mismatch(what, whole, to, r.error().message);
    return r;
  }
  if (from == CimType::Instance && to.type == CimType::String) return s;  // EmbeddedInstance string
  if (from == CimType::Char16 && to.type == CimType::String) return Scalar{scalarToText(from, s)};
  return mismatch(what, whole, to);
}

}  // namespace

Result<Value> coerceValue(const Value& value, const TypeSpec& type, std::string_view what) {
  if (value.isNull()) return Value::null(type.type, type.array);
  if (value.isArray() != type.array) {
    return mismatch(what, value, type, type.array ? "an array is expected" : "a single value is expected");
  }
  if (value.type() == type.type) return value;
  // An embedded instance keeps its Instance representation inside a string property.
  const CimType resultType = value.type() == CimType::Instance && type.type == CimType::String ? CimType::Instance
                                                                                                 : type.type;
  if (!type.array) {
    auto c = coerceScalar(value.scalar(), value.type(), type, what, value);
    if (!c) return c.error();
    return Value::fromScalar(resultType, std::move(c).value());
  }
  std::vector<Scalar> out;
  out.reserve(value.elements().size());
  for (const Scalar& s : value.elements()) {
    auto c = coerceScalar(s, value.type(), type, what, value);
    if (!c) return c.error();
    out.push_back(std::move(c).value());
  }
  return Value::array(resultType, std::move(out));
}

}  // namespace cimdouble::cimom
