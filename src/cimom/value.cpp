#include "cimom/value.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "cimom/case_insensitive.h"
#include "cimom/instance.h"
#include "cimom/object_path.h"
#include "cimom/utf8.h"

namespace cimdouble::cimom {
namespace {

CimError conversionError(CimType type, std::string_view text, std::string_view why) {
  return makeError(CimStatus::TypeMismatch, "'" + std::string(text) + "' is not a valid " +
                                                std::string(cimTypeName(type)) + ": " + std::string(why));
}

struct Bounds {
  int64_t min;
  uint64_t max;
};

Bounds integerBounds(CimType type) {
  switch (type) {
    case CimType::UInt8: return {0, std::numeric_limits<uint8_t>::max()};
    case CimType::SInt8: return {std::numeric_limits<int8_t>::min(), std::numeric_limits<int8_t>::max()};
    case CimType::UInt16: return {0, std::numeric_limits<uint16_t>::max()};
    case CimType::SInt16: return {std::numeric_limits<int16_t>::min(), std::numeric_limits<int16_t>::max()};
    case CimType::UInt32: return {0, std::numeric_limits<uint32_t>::max()};
    case CimType::SInt32: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
    case CimType::UInt64: return {0, std::numeric_limits<uint64_t>::max()};
    default: return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  }
}

std::string realToText(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-INF" : "INF";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;  // 64 bytes always hold the shortest round-trip form of a double
  return std::string(buf, p);
}

Result<Scalar> parseInteger(CimType type, std::string_view text) {
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  }
  if (digits.empty()) return conversionError(type, text, "no digits");
  uint64_t magnitude = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec == std::errc::result_out_of_range) return conversionError(type, text, "out of range");
  if (ec != std::errc() || p != digits.data() + digits.size()) return conversionError(type, text, "not an integer");
  auto scalar = integerScalar(type, negative, magnitude);
  if (!scalar) return conversionError(type, text, "out of range");
  return scalar;
}

Result<Scalar> parseReal(CimType type, std::string_view text) {
  double v = 0;
  if (iequals(text, "INF") || iequals(text, "+INF")) {
    v = std::numeric_limits<double>::infinity();
  } else if (iequals(text, "-INF")) {
    v = -std::numeric_limits<double>::infinity();
  } else if (iequals(text, "NaN")) {
    v = std::numeric_limits<double>::quiet_NaN();
  } else {
    std::string_view t = text;
    if (!t.empty() && t[0] == '+') t.remove_prefix(1);
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec == std::errc::result_out_of_range) return conversionError(type, text, "out of range");
    if (ec != std::errc() || p != t.data() + t.size() || t.empty()) return conversionError(type, text, "not a number");
    if (type == CimType::Real32 && std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()) {
      return conversionError(type, text, "out of range");
    }
  }
  if (type == CimType::Real32) v = static_cast<double>(static_cast<float>(v));
  return Scalar{v};
}

}  // namespace

Result<Scalar> integerScalar(CimType type, bool negative, uint64_t magnitude) {
  const Bounds bounds = integerBounds(type);
  const std::string shown = (negative ? "-" : "") + std::to_string(magnitude);
  if (negative && magnitude != 0) {
    const uint64_t limit = bounds.min == 0 ? 0 : static_cast<uint64_t>(-(bounds.min + 1)) + 1;
    if (magnitude > limit) return conversionError(type, shown, "out of range");
    return Scalar{static_cast<int64_t>(0 - magnitude)};
  }
  if (magnitude > bounds.max) return conversionError(type, shown, "out of range");
  if (isSignedInteger(type)) return Scalar{static_cast<int64_t>(magnitude)};
  return Scalar{magnitude};
}

Value Value::null(CimType type, bool array) {
  Value v;
  v.type_ = type;
  v.array_ = array;
  v.null_ = true;
  return v;
}

Value Value::fromScalar(CimType type, Scalar scalar) {
  Value v;
  v.type_ = type;
  v.array_ = false;
  v.null_ = false;
  v.elements_.push_back(std::move(scalar));
  return v;
}

Value Value::boolean(bool b) { return fromScalar(CimType::Boolean, b); }
Value Value::unsignedInt(CimType type, uint64_t u) { return fromScalar(type, u); }
Value Value::signedInt(CimType type, int64_t s) { return fromScalar(type, s); }
Value Value::real(CimType type, double d) {
  return fromScalar(type, type == CimType::Real32 ? static_cast<double>(static_cast<float>(d)) : d);
}
Value Value::char16(char16_t c) { return fromScalar(CimType::Char16, c); }
Value Value::string(std::string s) { return fromScalar(CimType::String, std::move(s)); }
Value Value::datetime(DateTime d) { return fromScalar(CimType::DateTime, d); }
Value Value::reference(ObjectPath path) {
  return fromScalar(CimType::Reference, std::make_shared<const ObjectPath>(std::move(path)));
}
Value Value::instance(std::shared_ptr<const Instance> instance) {
  return fromScalar(CimType::Instance, std::move(instance));
}

Value Value::array(CimType type, std::vector<Scalar> elements) {
  Value v;
  v.type_ = type;
  v.array_ = true;
  v.null_ = false;
  v.elements_ = std::move(elements);
  return v;
}

std::string scalarToText(CimType type, const Scalar& s) {
  switch (type) {
    case CimType::Boolean: return std::get<bool>(s) ? "true" : "false";
    case CimType::Real32:
    case CimType::Real64: return realToText(std::get<double>(s));
    case CimType::Char16: return encodeUtf8(std::u16string(1, std::get<char16_t>(s)));
    case CimType::String: return std::get<std::string>(s);
    case CimType::DateTime: return std::get<DateTime>(s).toDmtf();
    case CimType::Reference: return std::get<std::shared_ptr<const ObjectPath>>(s)->toString();
    case CimType::Instance: {
      const auto& inst = std::get<std::shared_ptr<const Instance>>(s);
      return inst ? "instance of " + inst->className() : "NULL";
    }
    default:
      if (isSignedInteger(type)) return std::to_string(std::get<int64_t>(s));
      return std::to_string(std::get<uint64_t>(s));
  }
}

std::string Value::toText() const {
  if (null_) return "NULL";
  if (!array_) return scalarToText(type_, elements_.front());
  std::string out = "{";
  for (std::size_t i = 0; i < elements_.size(); ++i) {
    if (i) out += ", ";
    if (type_ == CimType::String || type_ == CimType::DateTime || type_ == CimType::Reference) {
      out += "\"" + scalarToText(type_, elements_[i]) + "\"";
    } else {
      out += scalarToText(type_, elements_[i]);
    }
  }
  return out + "}";
}

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_ || array_ != other.array_ || null_ != other.null_) return false;
  if (null_) return true;
  if (elements_.size() != other.elements_.size()) return false;
  for (std::size_t i = 0; i < elements_.size(); ++i) {
    const Scalar& a = elements_[i];
    const Scalar& b = other.elements_[i];
    if (type_ == CimType::Reference) {
      if (!(*std::get<std::shared_ptr<const ObjectPath>>(a) == *std::get<std::shared_ptr<const ObjectPath>>(b))) {
        return false;
      }
    } else if (type_ == CimType::Instance) {
      const auto& x = std::get<std::shared_ptr<const Instance>>(a);
      const auto& y = std::get<std::shared_ptr<const Instance>>(b);
      if (x != y && (!x || !y || !(*x == *y))) return false;
    } else if (type_ == CimType::Real32 || type_ == CimType::Real64) {
      const double x = std::get<double>(a);
      const double y = std::get<double>(b);
      if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
    } else if (!(a == b)) {
      return false;
    }
  }
  return true;
}

Result<Scalar> parseScalar(CimType type, std::string_view text) {
  switch (type) {
    case CimType::Boolean:
      if (iequals(text, "true") || text == "1") return Scalar{true};
      if (iequals(text, "false") || text == "0") return Scalar{false};
      return conversionError(type, text, "expected true or false");
    case CimType::Real32:
    case CimType::Real64: return parseReal(type, text);
    case CimType::Char16: {
      auto units = decodeUtf8(text);
      if (!units) return conversionError(type, text, "not valid UTF-8");
      if (units->size() != 1) return conversionError(type, text, "expected exactly one UTF-16 character");
      return Scalar{units->front()};
    }
    case CimType::String:
      if (!decodeUtf8(text)) return conversionError(type, text, "not valid UTF-8");
      return Scalar{std::string(text)};
    case CimType::DateTime: {
      auto dt = DateTime::parseAny(text);
      if (!dt) return dt.error();
      return Scalar{*dt};
    }
    case CimType::Reference: {
      auto path = ObjectPath::parse(text);
      if (!path) return path.error();
      return Scalar{std::make_shared<const ObjectPath>(std::move(path).value())};
    }
    case CimType::Instance: return conversionError(type, text, "an embedded instance has no text form here");
    default: return parseInteger(type, text);
  }
}

Result<Value> parseValue(CimType type, std::string_view text) {
  auto s = parseScalar(type, text);
  if (!s) return s.error();
  return Value::fromScalar(type, std::move(s).value());
}

Result<Value> parseArray(CimType type, const std::vector<std::string>& texts) {
  std::vector<Scalar> elements;
  elements.reserve(texts.size());
  for (const std::string& text : texts) {
    auto s = parseScalar(type, text);
    if (!s) return s.error();
    elements.push_back(std::move(s).value());
  }
  return Value::array(type, std::move(elements));
}

}  // namespace cimdouble::cimom
