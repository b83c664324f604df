#include <boost/test/unit_test.hpp>

#include "cimom/datetime.h"

using namespace cimdouble::cimom;

BOOST_AUTO_TEST_SUITE(datetime)

BOOST_AUTO_TEST_CASE(timestamp_round_trips) {
  auto t = DateTime::parseDmtf("20240501101112.123456+060");
  BOOST_REQUIRE(t.ok());
  BOOST_TEST(t->isTimestamp());
  BOOST_TEST(t->toDmtf() == "20240501101112.123456+060");
  BOOST_TEST(t->toXs() == "2024-05-01T10:11:12.123456+01:00");
  BOOST_TEST(t->offsetMinutes() == 60);
  auto utc = DateTime::parseDmtf("20240501091112.123456+000");
  BOOST_TEST((*t == *utc));  // same instant
  BOOST_TEST(utc->toXs() == "2024-05-01T09:11:12.123456Z");
  auto negative = DateTime::parseDmtf("20240501091112.000000-300");
  BOOST_TEST(negative->toXs() == "2024-05-01T09:11:12.000000-05:00");
}

BOOST_AUTO_TEST_CASE(interval_round_trips) {
  auto five = DateTime::parseDmtf("00000000000500.000000:000");
  BOOST_REQUIRE(five.ok());
  BOOST_TEST(five->isInterval());
  BOOST_TEST(five->micros() == 300'000'000);
  BOOST_TEST(five->toXs() == "PT5M");
  BOOST_TEST(DateTime::interval(0).toXs() == "PT0S");
  BOOST_TEST(DateTime::interval(0).toDmtf() == "00000000000000.000000:000");
  auto mixed = DateTime::parseDmtf("00000001020304.000005:000");
  BOOST_TEST(mixed->toXs() == "P1DT2H3M4.000005S");
  BOOST_TEST(DateTime::parseDmtf("99999999235959.999999:000").ok());
}

BOOST_AUTO_TEST_CASE(invalid_dmtf_values_are_refused) {
  BOOST_TEST(!DateTime::parseDmtf("2024050110111.123456+060").ok());   // 24 chars
  BOOST_TEST(!DateTime::parseDmtf("20241301101112.123456+060").ok());  // month 13
  BOOST_TEST(!DateTime::parseDmtf("20240230101112.123456+000").ok());  // 30 February
  BOOST_TEST(!DateTime::parseDmtf("20230229101112.123456+000").ok());  // not a leap year
  BOOST_TEST(DateTime::parseDmtf("20240229101112.123456+000").ok());   // leap year
  BOOST_TEST(!DateTime::parseDmtf("20240501241112.123456+000").ok());  // hour 24
  BOOST_TEST(!DateTime::parseDmtf("20240501106012.123456+000").ok());  // minute 60
  BOOST_TEST(!DateTime::parseDmtf("20240501101112,123456+000").ok());  // no dot
  BOOST_TEST(!DateTime::parseDmtf("20240501101112.123456*000").ok());  // bad sign
  BOOST_TEST(!DateTime::parseDmtf("00000000000500.000000:001").ok());  // interval must end :000
  BOOST_TEST(!DateTime::parseDmtf("2024050110111a.123456+000").ok());
  BOOST_TEST(!DateTime::parseDmtf("20240501101112.123456+0a0").ok());
  auto error = DateTime::parseDmtf("20241301101112.123456+060");
  BOOST_TEST(error.error().message.find("month") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wildcards_follow_dsp0004) {
  auto anyYear = DateTime::parseDmtf("****0501101112.123456+000");
  BOOST_REQUIRE(anyYear.ok());
  BOOST_TEST(anyYear->hasWildcards());
  BOOST_TEST(anyYear->toDmtf() == "****0501101112.123456+000");
  auto reduced = DateTime::parseDmtf("20240501101112.12****+000");
  BOOST_REQUIRE(reduced.ok());
  BOOST_TEST(reduced->toDmtf() == "20240501101112.12****+000");
  // Microseconds may only end in asterisks; fields are all digits or all asterisks.
  BOOST_TEST(!DateTime::parseDmtf("20240501101112.1*3456+000").ok());
  BOOST_TEST(!DateTime::parseDmtf("20*40501101112.123456+000").ok());
  BOOST_TEST(!DateTime::parseDmtf("20240501101112.123456+***").ok());  // offset never a wildcard
  auto concrete = DateTime::parseDmtf("20240501101112.123456+000");
  BOOST_TEST(concrete->matches(*anyYear));
  BOOST_TEST(concrete->matches(*reduced));
  BOOST_TEST(!DateTime::parseDmtf("20240502101112.123456+000")->matches(*anyYear));
  // Wildcard values have no order.
  BOOST_TEST(((*concrete <=> *anyYear) == std::partial_ordering::unordered));
  auto wildInterval = DateTime::parseDmtf("********000500.000000:000");
  BOOST_TEST(wildInterval.ok());
}

BOOST_AUTO_TEST_CASE(xs_forms_parse) {
  auto t = DateTime::parseXsDateTime("2010-12-31T12:30:03.123456+06:00");
  BOOST_REQUIRE(t.ok());
  BOOST_TEST(t->toDmtf() == "20101231123003.123456+360");
  BOOST_TEST(DateTime::parseXsDateTime("2024-05-01T10:11:12Z")->toDmtf() == "20240501101112.000000+000");
  BOOST_TEST(DateTime::parseXsDateTime("2024-05-01T10:11:12.5Z")->toDmtf() == "20240501101112.500000+000");
  BOOST_TEST(DateTime::parseXsDateTime("2024-05-01T10:11:12")->toDmtf() == "20240501101112.000000+000");
  BOOST_TEST(!DateTime::parseXsDateTime("2024-13-01T10:11:12Z").ok());
  BOOST_TEST(!DateTime::parseXsDateTime("2024-05-01 10:11:12Z").ok());
  BOOST_TEST(DateTime::parseXsDuration("PT60.000S")->micros() == 60'000'000);
  BOOST_TEST(DateTime::parseXsDuration("PT20S")->micros() == 20'000'000);
  BOOST_TEST(DateTime::parseXsDuration("P1DT2H3M4.000005S")->toDmtf() == "00000001020304.000005:000");
  BOOST_TEST(DateTime::parseXsDuration("P0D")->micros() == 0);
  BOOST_TEST(DateTime::parseXsDuration("P0Y0M1D")->micros() == 86'400'000'000LL);
  BOOST_TEST(!DateTime::parseXsDuration("P1Y").ok());  // a year has no fixed length
  BOOST_TEST(!DateTime::parseXsDuration("-PT5S").ok());
  BOOST_TEST(!DateTime::parseXsDuration("PT").ok());
  BOOST_TEST(!DateTime::parseXsDuration("P").ok());
  BOOST_TEST(!DateTime::parseXsDuration("PT5H3H").ok());
  BOOST_TEST(!DateTime::parseXsDuration("PT1.5M").ok());
  BOOST_TEST(DateTime::parseAny("00000000000500.000000:000")->isInterval());
  BOOST_TEST(DateTime::parseAny("PT5M")->isInterval());
  BOOST_TEST(DateTime::parseAny("2024-05-01T10:11:12Z")->isTimestamp());
  BOOST_TEST(!DateTime::parseAny("yesterday").ok());
}

BOOST_AUTO_TEST_CASE(comparison_and_arithmetic) {
  auto a = DateTime::parseDmtf("20240501101112.000000+000");
  auto b = DateTime::parseDmtf("20240501101113.000000+000");
  BOOST_TEST((*a < *b));
  BOOST_TEST((*b > *a));
  auto five = DateTime::parseDmtf("00000000000500.000000:000");
  auto later = a->plus(*five);
  BOOST_REQUIRE(later.ok());
  BOOST_TEST(later->toDmtf() == "20240501101612.000000+000");
  // Across a month and year boundary, keeping the zone.
  auto eve = DateTime::parseDmtf("20231231235959.999999+060");
  auto next = eve->plus(DateTime::interval(1));
  BOOST_TEST(next->toDmtf() == "20240101000000.000000+060");
  auto gap = b->minus(*a);
  BOOST_TEST(gap->isInterval());
  BOOST_TEST(gap->micros() == 1'000'000);
  BOOST_TEST(five->plus(*five)->toDmtf() == "00000000001000.000000:000");
  BOOST_TEST(!five->plus(*a).ok());  // interval + timestamp makes no sense
  BOOST_TEST(((*five <=> *a) == std::partial_ordering::unordered));
  BOOST_TEST(DateTime::timestamp(0).toDmtf() == "19700101000000.000000+000");
  BOOST_TEST(DateTime::timestamp(-1).toDmtf() == "19691231235959.999999+000");
}

BOOST_AUTO_TEST_SUITE_END()
