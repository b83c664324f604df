#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>

#include "cimom/object_path.h"
#include "cimom/value.h"
#include "cimom/value_coercion.h"
#include "cimom/value_pool.h"

using namespace cimdouble::cimom;

BOOST_AUTO_TEST_SUITE(value)

BOOST_AUTO_TEST_CASE(integer_ranges_are_checked_not_wrapped) {
  BOOST_TEST(parseValue(CimType::UInt8, "255").ok());
  BOOST_TEST(!parseValue(CimType::UInt8, "256").ok());
  BOOST_TEST(!parseValue(CimType::UInt8, "-1").ok());
  BOOST_TEST(parseValue(CimType::SInt8, "-128")->asSigned() == -128);
  BOOST_TEST(!parseValue(CimType::SInt8, "-129").ok());
  BOOST_TEST(!parseValue(CimType::SInt8, "128").ok());
  BOOST_TEST(parseValue(CimType::UInt16, "65535")->asUnsigned() == 65535u);
  auto tooBig = parseValue(CimType::UInt16, "70000");
  BOOST_REQUIRE(!tooBig.ok());
  BOOST_TEST(tooBig.error().status == CimStatus::TypeMismatch);
  BOOST_TEST(tooBig.error().message.find("70000") != std::string::npos);
  BOOST_TEST(parseValue(CimType::SInt32, "-2147483648")->asSigned() == std::numeric_limits<int32_t>::min());
  BOOST_TEST(!parseValue(CimType::SInt32, "2147483648").ok());
  BOOST_TEST(parseValue(CimType::UInt32, "4294967295").ok());
  BOOST_TEST(!parseValue(CimType::UInt32, "4294967296").ok());
  BOOST_TEST(parseValue(CimType::UInt64, "18446744073709551615")->asUnsigned() == std::numeric_limits<uint64_t>::max());
  BOOST_TEST(!parseValue(CimType::UInt64, "18446744073709551616").ok());
  BOOST_TEST(parseValue(CimType::SInt64, "-9223372036854775808")->asSigned() == std::numeric_limits<int64_t>::min());
  BOOST_TEST(!parseValue(CimType::SInt64, "9223372036854775808").ok());
  BOOST_TEST(!parseValue(CimType::SInt64, "-9223372036854775809").ok());
  BOOST_TEST(parseValue(CimType::UInt16, "0x1000")->asUnsigned() == 4096u);
  BOOST_TEST(!parseValue(CimType::UInt16, "12abc").ok());
  BOOST_TEST(!parseValue(CimType::UInt16, "").ok());
  BOOST_TEST(!parseValue(CimType::UInt16, " 12").ok());
  BOOST_TEST(parseValue(CimType::SInt16, "+12")->asSigned() == 12);
  BOOST_TEST(parseValue(CimType::UInt8, "-0")->asUnsigned() == 0u);
}

BOOST_AUTO_TEST_CASE(booleans_accept_xs_forms) {
  BOOST_TEST(parseValue(CimType::Boolean, "true")->asBool());
  BOOST_TEST(parseValue(CimType::Boolean, "TRUE")->asBool());
  BOOST_TEST(parseValue(CimType::Boolean, "1")->asBool());
  BOOST_TEST(!parseValue(CimType::Boolean, "False")->asBool());
  BOOST_TEST(!parseValue(CimType::Boolean, "0")->asBool());
  BOOST_TEST(!parseValue(CimType::Boolean, "yes").ok());
  BOOST_TEST(Value::boolean(true).toText() == "true");
}

BOOST_AUTO_TEST_CASE(reals_and_special_values) {
  BOOST_TEST(parseValue(CimType::Real64, "1.5e3")->asReal() == 1500.0);
  BOOST_TEST(std::isinf(parseValue(CimType::Real64, "INF")->asReal()));
  BOOST_TEST(parseValue(CimType::Real64, "-INF")->asReal() < 0);
  BOOST_TEST(std::isnan(parseValue(CimType::Real32, "NaN")->asReal()));
  BOOST_TEST(!parseValue(CimType::Real32, "1e39").ok());
  BOOST_TEST(parseValue(CimType::Real64, "1e39").ok());
  BOOST_TEST(!parseValue(CimType::Real64, "1e400").ok());
  BOOST_TEST(!parseValue(CimType::Real64, "abc").ok());
  // real32 keeps float precision only.
  BOOST_TEST(parseValue(CimType::Real32, "0.1")->asReal() == static_cast<double>(0.1f));
  BOOST_TEST(Value::real(CimType::Real64, 0.1).toText() == "0.1");
  BOOST_TEST(Value::real(CimType::Real64, -std::numeric_limits<double>::infinity()).toText() == "-INF");
}

BOOST_AUTO_TEST_CASE(char16_is_one_utf16_unit) {
  BOOST_TEST(static_cast<int>(std::get<char16_t>(parseValue(CimType::Char16, "A")->scalar())) == 'A');
  BOOST_TEST(static_cast<int>(std::get<char16_t>(parseValue(CimType::Char16, "\xC3\xA9")->scalar())) == 0xE9);
  BOOST_TEST(!parseValue(CimType::Char16, "AB").ok());
  BOOST_TEST(!parseValue(CimType::Char16, "").ok());
  BOOST_TEST(!parseValue(CimType::Char16, "\xF0\x9F\x98\x80").ok());  // needs two UTF-16 units
  BOOST_TEST(Value::char16(u'\u00e9').toText() == "\xC3\xA9");
}

BOOST_AUTO_TEST_CASE(strings_must_be_valid_utf8) {
  BOOST_TEST(parseValue(CimType::String, "caf\xC3\xA9").ok());
  BOOST_TEST(!parseValue(CimType::String, "\xC3").ok());
  BOOST_TEST(!parseValue(CimType::String, "\xC0\x80").ok());      // overlong NUL
  BOOST_TEST(!parseValue(CimType::String, "\xED\xA0\x80").ok());  // encoded surrogate
}

BOOST_AUTO_TEST_CASE(null_is_not_empty) {
  const Value nullString = Value::null(CimType::String);
  const Value emptyString = Value::string("");
  BOOST_TEST(nullString.isNull());
  BOOST_TEST(!emptyString.isNull());
  BOOST_TEST(!(nullString == emptyString));
  const Value nullArray = Value::null(CimType::UInt16, true);
  const Value emptyArray = Value::array(CimType::UInt16, {});
  BOOST_TEST(nullArray.isNull());
  BOOST_TEST(!emptyArray.isNull());
  BOOST_TEST(emptyArray.elements().empty());
  BOOST_TEST(!(nullArray == emptyArray));
  BOOST_TEST(nullArray.toText() == "NULL");
  BOOST_TEST(emptyArray.toText() == "{}");
}

BOOST_AUTO_TEST_CASE(arrays_parse_every_element) {
  auto v = parseArray(CimType::UInt16, {"2", "6"});
  BOOST_REQUIRE(v.ok());
  BOOST_TEST(v->elements().size() == 2u);
  BOOST_TEST(v->toText() == "{2, 6}");
  BOOST_TEST(!parseArray(CimType::UInt16, {"2", "70000"}).ok());
}

BOOST_AUTO_TEST_CASE(coercion_fits_values_to_declared_types) {
  const TypeSpec uint16{CimType::UInt16, false, std::nullopt, {}};
  BOOST_TEST(coerceValue(Value::unsignedInt(CimType::UInt64, 7), uint16, "x")->asUnsigned() == 7u);
  BOOST_TEST(!coerceValue(Value::unsignedInt(CimType::UInt64, 70000), uint16, "x").ok());
  BOOST_TEST(!coerceValue(Value::signedInt(CimType::SInt64, -1), uint16, "x").ok());
  BOOST_TEST(coerceValue(Value::string("42"), uint16, "x")->asUnsigned() == 42u);
  BOOST_TEST(!coerceValue(Value::boolean(true), uint16, "x").ok());
  const TypeSpec array{CimType::UInt16, true, std::nullopt, {}};
  BOOST_TEST(!coerceValue(Value::unsignedInt(CimType::UInt16, 1), array, "x").ok());
  BOOST_TEST(coerceValue(Value::null(CimType::String), array, "x")->isNull());
  BOOST_TEST(coerceValue(Value::null(CimType::String), array, "x")->isArray());
  const TypeSpec real{CimType::Real64, false, std::nullopt, {}};
  BOOST_TEST(coerceValue(Value::signedInt(CimType::SInt32, -3), real, "x")->asReal() == -3.0);
}

BOOST_AUTO_TEST_CASE(copies_share_and_outlive_the_original) {
  Value copy;
  {
    Value original = Value::string(std::string(100, 'x'));
    copy = original;
    Value moved = std::move(original);
    BOOST_TEST(original.isNull());  // a moved-from value is a NULL, not a dangling one
    BOOST_TEST((moved == copy));
  }
  BOOST_TEST(copy.asString() == std::string(100, 'x'));
  Value array = Value::array(CimType::UInt16, {uint64_t{1}, uint64_t{2}});
  Value alias = array;
  const Value& same = alias;
  alias = same;  // self-assignment keeps the block
  BOOST_TEST(alias.elements().size() == 2u);
  BOOST_TEST((Value::unsignedInt(CimType::UInt16, 7).scalar() == Scalar{uint64_t{7}}));
  BOOST_TEST((Value::real(CimType::Real64, NAN) == Value::real(CimType::Real64, NAN)));
}

BOOST_AUTO_TEST_CASE(reading_the_wrong_kind_throws_instead_of_reinterpreting) {
  BOOST_CHECK_THROW(Value::string("x").asUnsigned(), std::bad_variant_access);
  BOOST_CHECK_THROW(Value::unsignedInt(CimType::UInt16, 1).asString(), std::bad_variant_access);
  BOOST_CHECK_THROW(Value::signedInt(CimType::SInt32, -1).asUnsigned(), std::bad_variant_access);
  BOOST_CHECK_THROW(Value::null(CimType::String).asString(), std::bad_variant_access);
  BOOST_CHECK_THROW(Value::null(CimType::Boolean).asBool(), std::bad_variant_access);
  BOOST_CHECK_THROW(Value::boolean(true).elements(), std::bad_variant_access);
  BOOST_TEST(Value::null(CimType::UInt16, true).elements().empty());  // a NULL array has none
}

BOOST_AUTO_TEST_CASE(a_pool_shares_equal_values_and_only_those) {
  ValuePool pool;
  Value first = pool.share(Value::string("Hyper-V migration"));
  Value second = pool.share(Value::string("Hyper-V migration"));
  BOOST_TEST(&first.asString() == &second.asString());  // one block
  // Element texts alone would make these two one value.
  Value joined = pool.share(Value::array(CimType::String, {std::string("a\", \"b")}));
  Value split = pool.share(Value::array(CimType::String, {std::string("a"), std::string("b")}));
  BOOST_TEST(joined.elements().size() == 1u);
  BOOST_TEST(split.elements().size() == 2u);
  // Same text, other type: not the same value.
  BOOST_TEST(pool.share(Value::string("20260101000000.000000+000")).type() == CimType::String);
}

BOOST_AUTO_TEST_SUITE_END()
