// A typed CIM value: a scalar or an array of one CIM type, or NULL.
//
// NULL is distinct from empty: a NULL string is not "", and a NULL array is not an array
// with no elements (DSP0004 §5.2; WS-Man shows the difference as xsi:nil vs an empty element).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cimom/cim_type.h"
#include "cimom/datetime.h"
#include "cimom/result.h"

namespace cimdouble::cimom {

class ObjectPath;
class Instance;

// One element. Integers live in the 64-bit variant of their signedness; real32 values are
// stored rounded to float precision; char16 is one UTF-16 code unit.
using Scalar = std::variant<bool, uint64_t, int64_t, double, char16_t, std::string, DateTime,
                            std::shared_ptr<const ObjectPath>, std::shared_ptr<const Instance>>;

class Value {
 public:
  // A NULL string: what an unset property of unknown type is.
  Value() = default;
  Value(const Value& other) noexcept;
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other) noexcept;
  Value& operator=(Value&& other) noexcept;
  ~Value() { release(); }

  static Value null(CimType type, bool array = false);
  static Value boolean(bool v);
  static Value unsignedInt(CimType type, uint64_t v);  // caller guarantees the range
  static Value signedInt(CimType type, int64_t v);     // caller guarantees the range
  static Value real(CimType type, double v);
  static Value char16(char16_t v);
  static Value string(std::string v);
  static Value datetime(DateTime v);
  static Value reference(ObjectPath path);
  static Value instance(std::shared_ptr<const Instance> instance);
  static Value array(CimType type, std::vector<Scalar> elements);
  // A non-NULL scalar; the caller guarantees `scalar` holds the representation of `type`.
  static Value fromScalar(CimType type, Scalar scalar);

  CimType type() const { return type_; }
  bool isArray() const { return array_; }
  bool isNull() const { return null_; }

  // Scalar access. Precondition: !isNull() && !isArray() and the type matches; otherwise
  // std::bad_variant_access, as reading the wrong alternative of a Scalar throws.
  Scalar scalar() const;
  bool asBool() const { return inlineOf(type_ == CimType::Boolean).b; }
  uint64_t asUnsigned() const { return inlineOf(isInteger(type_) && !isSignedInteger(type_)).u; }
  int64_t asSigned() const { return inlineOf(isSignedInteger(type_)).i; }
  double asReal() const { return inlineOf(isReal(type_)).d; }
  const std::string& asString() const { return std::get<std::string>(sharedOf().scalar); }
  const DateTime& asDateTime() const { return std::get<DateTime>(sharedOf().scalar); }
  const ObjectPath& asReference() const { return *std::get<std::shared_ptr<const ObjectPath>>(sharedOf().scalar); }
  const std::shared_ptr<const Instance>& asInstance() const {
    return std::get<std::shared_ptr<const Instance>>(sharedOf().scalar);
  }

  // Array access: the elements of an array, none for a NULL one. Precondition: isArray().
  const std::vector<Scalar>& elements() const;
  // Calls visit(const Scalar&) with the scalar, or with each element of the array, without
  // copying strings. Precondition: !isNull().
  template <typename Visit>
  void forEachElement(Visit&& visit) const {
    if (array_) {
      for (const Scalar& s : small_.many->elements) visit(s);
    } else if (!isInlineType(type_)) {
      visit(small_.one->scalar);
    } else {
      visit(scalar());
    }
  }

  // Canonical text of a scalar: decimal integers, "true"/"false", shortest round-trip reals,
  // DMTF datetimes, WMI object paths. Arrays render as "{a,b}" and NULL as "NULL" (for
  // diagnostics and `schema show`).
  std::string toText() const;

  // Equal type, array-ness, NULL-ness and elements. Strings compare case-sensitively here;
  // key comparison (case-insensitive) is ObjectPath's business.
  bool operator==(const Value& other) const;

 private:
  // Values are small because a store holds millions of them (one per property of every
  // instance): booleans, integers, reals and char16 sit inline; strings, datetimes,
  // references, embedded instances and arrays sit in an immutable, reference-counted block
  // that copies share. 16 bytes in all.
  struct SharedScalar {
    std::atomic<uint32_t> references{1};
    Scalar scalar;
  };
  struct SharedArray {
    std::atomic<uint32_t> references{1};
    std::vector<Scalar> elements;
  };
  union Payload {
    bool b;
    uint64_t u;
    int64_t i;
    double d;
    char16_t c;
    SharedScalar* one;
    SharedArray* many;
  };

  static Value inlineScalar(CimType type, Payload payload);
  const Payload& inlineOf(bool rightType) const {
    if (!rightType || null_ || array_) throw std::bad_variant_access();
    return small_;
  }
  const SharedScalar& sharedOf() const {
    if (null_ || array_ || isInlineType(type_)) throw std::bad_variant_access();
    return *small_.one;
  }
  bool shared() const { return !null_ && (array_ || !isInlineType(type_)); }
  static bool isInlineType(CimType type);
  void retain() const;
  void release() noexcept;

  CimType type_ = CimType::String;
  bool array_ = false;
  bool null_ = true;
  Payload small_{.u = 0};
};

// Text of one element of the given type (see Value::toText).
std::string scalarToText(CimType type, const Scalar& scalar);

// Parses the text form of one element of `type`: "true"/"false"/"1"/"0" (any case) for
// boolean; decimal, or hexadecimal with 0x, for integers, range-checked (70000 is not a
// uint16); reals with INF/-INF/NaN; exactly one UTF-16 code unit for char16; either datetime
// notation; a WMI object path for a reference. Instances have no text form here.
Result<Scalar> parseScalar(CimType type, std::string_view text);
Result<Value> parseValue(CimType type, std::string_view text);
Result<Value> parseArray(CimType type, const std::vector<std::string>& texts);

// Range-checked construction from an integer literal already parsed by someone else (the
// MOF lexer): `negative` with `magnitude` is the number.
Result<Scalar> integerScalar(CimType type, bool negative, uint64_t magnitude);

}  // namespace cimdouble::cimom
