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

// The strings here are appended piece by piece, not as "'" + std::string(...): at -O3 GCC 12
// reports a false -Wrestrict (an overlapping memcpy of 2^63 bytes) in the prepend of a literal
// to a std::string temporary (GCC bug 105329).
CimError conversionError(CimType type, std::string_view text, std::string_view why) {
  std::string message = "'";
  message += text;
  message += "' is not a valid ";
  message += cimTypeName(type);
  message += ": ";
  message += why;
  return makeError(CimStatus::TypeMismatch, message);
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
  std::string shown = negative ? "-" : "";  // appended, not prepended (see conversionError)
  shown += std::to_string(magnitude);
  if (negative && magnitude != 0) {
    const uint64_t limit = bounds.min == 0 ? 0 : static_cast<uint64_t>(-(bounds.min + 1)) + 1;
    if (magnitude > limit) return conversionError(type, shown, "out of range");
    return Scalar{static_cast<int64_t>(0 - magnitude)};
  }
  if (magnitude > bounds.max) return conversionError(type, shown, "out of range");
  if (isSignedInteger(type)) return Scalar{static_cast<int64_t>(magnitude)};
  return Scalar{magnitude};
}

bool Value::isInlineType(CimType type) {
  return type != CimType::String && type != CimType::DateTime && type != CimType::Reference &&
         type != CimType::Instance;
}

void Value::retain() const {
  if (!shared()) return;
  // Relaxed is enough for taking a reference: the block is immutable and the copy we take it
  // from keeps it alive meanwhile (what shared_ptr does too).
  if (array_) small_.many->references.fetch_add(1, std::memory_order_relaxed);
  else small_.one->references.fetch_add(1, std::memory_order_relaxed);
}

void Value::release() noexcept {
  if (!shared()) return;
  if (array_) {
    if (small_.many->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete small_.many;
  } else {
    if (small_.one->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete small_.one;
  }
  null_ = true;
}

Value::Value(const Value& other) noexcept
    : type_(other.type_), array_(other.array_), null_(other.null_), small_(other.small_) {
  retain();
}

Value::Value(Value&& other) noexcept
    : type_(other.type_), array_(other.array_), null_(other.null_), small_(other.small_) {
  other.null_ = true;  // the block, if any, is ours now; the moved-from value is a NULL
}

Value& Value::operator=(const Value& other) noexcept {
  if (this == &other) return *this;
  other.retain();
  release();
  type_ = other.type_;
  array_ = other.array_;
  null_ = other.null_;
  small_ = other.small_;
  return *this;
}

Value& Value::operator=(Value&& other) noexcept {
  if (this == &other) return *this;
  release();
  type_ = other.type_;
  array_ = other.array_;
  null_ = other.null_;
  small_ = other.small_;
  other.null_ = true;
  return *this;
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
  if (isInlineType(type)) {
    if (type == CimType::Boolean) v.small_.b = std::get<bool>(scalar);
    else if (isReal(type)) v.small_.d = std::get<double>(scalar);
    else if (type == CimType::Char16) v.small_.c = std::get<char16_t>(scalar);
    else if (isSignedInteger(type)) v.small_.i = std::get<int64_t>(scalar);
    else v.small_.u = std::get<uint64_t>(scalar);
  } else {
    v.small_.one = new SharedScalar{{1}, std::move(scalar)};
  }
  v.null_ = false;
  return v;
}

static_assert(sizeof(Value) == 16, "a Value is a type, two flags and one word");

const std::vector<Scalar>& Value::elements() const {
  static const std::vector<Scalar> none;
  if (!array_) throw std::bad_variant_access();
  return null_ ? none : small_.many->elements;
}

Scalar Value::scalar() const {
  if (null_ || array_) throw std::bad_variant_access();
  switch (type_) {
    case CimType::Boolean: return small_.b;
    case CimType::Real32:
    case CimType::Real64: return small_.d;
    case CimType::Char16: return small_.c;
    case CimType::String:
    case CimType::DateTime:
    case CimType::Reference:
    case CimType::Instance: return small_.one->scalar;
    default: return isSignedInteger(type_) ? Scalar{small_.i} : Scalar{small_.u};
  }
}

// Inline values are set directly, without a Scalar on the way (cheaper, and GCC's
// -Wmaybe-uninitialized misreads the variant's destruction under ASan).
Value Value::inlineScalar(CimType type, Payload payload) {
  Value v;
  v.type_ = type;
  v.small_ = payload;
  v.null_ = false;
  return v;
}

Value Value::boolean(bool b) { return inlineScalar(CimType::Boolean, {.b = b}); }
Value Value::unsignedInt(CimType type, uint64_t u) { return inlineScalar(type, {.u = u}); }
Value Value::signedInt(CimType type, int64_t s) { return inlineScalar(type, {.i = s}); }
Value Value::real(CimType type, double d) {
  return inlineScalar(type, {.d = type == CimType::Real32 ? static_cast<double>(static_cast<float>(d)) : d});
}
Value Value::char16(char16_t c) { return inlineScalar(CimType::Char16, {.c = c}); }
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
  v.small_.many = new SharedArray{{1}, std::move(elements)};
  v.null_ = false;
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
  if (!array_) return scalarToText(type_, scalar());
  const std::vector<Scalar>& items = elements();
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    if (type_ == CimType::String || type_ == CimType::DateTime || type_ == CimType::Reference) {
      out += '"';
      out += scalarToText(type_, items[i]);
      out += '"';
    } else {
      out += scalarToText(type_, items[i]);
    }
  }
  return out + "}";
}

namespace {

bool sameElement(CimType type, const Scalar& a, const Scalar& b) {
  if (type == CimType::Reference) {
    return *std::get<std::shared_ptr<const ObjectPath>>(a) == *std::get<std::shared_ptr<const ObjectPath>>(b);
  }
  if (type == CimType::Instance) {
    const auto& x = std::get<std::shared_ptr<const Instance>>(a);
    const auto& y = std::get<std::shared_ptr<const Instance>>(b);
    return x == y || (x && y && *x == *y);
  }
  if (type == CimType::Real32 || type == CimType::Real64) {
    const double x = std::get<double>(a);
    const double y = std::get<double>(b);
    return x == y || (std::isnan(x) && std::isnan(y));
  }
  return a == b;
}

}  // namespace

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_ || array_ != other.array_ || null_ != other.null_) return false;
  if (null_) return true;
  if (!array_) {
    if (!isInlineType(type_)) {
      return small_.one == other.small_.one || sameElement(type_, small_.one->scalar, other.small_.one->scalar);
    }
    return sameElement(type_, scalar(), other.scalar());
  }
  if (small_.many == other.small_.many) return true;
  const std::vector<Scalar>& mine = elements();
  const std::vector<Scalar>& theirs = other.elements();
  if (mine.size() != theirs.size()) return false;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    if (!sameElement(type_, mine[i], theirs[i])) return false;
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
