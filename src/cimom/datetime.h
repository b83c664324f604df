// CIM datetime values (DSP0004 §5.2.4): a point in time ("timestamp") or a duration
// ("interval"), each with its DMTF text form and the XML Schema form DSP0230 puts on the wire.
//
//   timestamp  yyyymmddhhmmss.mmmmmmsutc     e.g. 20240501101112.123456+060
//   interval   ddddddddhhmmss.mmmmmm:000     e.g. 00000000000500.000000:000 (five minutes)
//   xs forms   2024-05-01T10:11:12.123456+01:00 and P1DT2H3M4.000005S
//
// Wildcards: a field that is not significant is written as asterisks. A whole field is either
// digits or asterisks, except the microseconds, which may end in asterisks to give reduced
// precision ("123***"). The UTC offset is never a wildcard. A value with wildcards has no
// order; it can only be matched against a complete value.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "cimom/result.h"

namespace cimdouble::cimom {

class DateTime {
 public:
  // The zero interval, which is also what a default-constructed value is.
  DateTime() = default;

  static Result<DateTime> parseDmtf(std::string_view text);
  static Result<DateTime> parseXsDateTime(std::string_view text);
  static Result<DateTime> parseXsDuration(std::string_view text);
  // Either notation: what WS-Man clients send for a datetime parameter or property.
  static Result<DateTime> parseAny(std::string_view text);

  // A timestamp `microsUtc` microseconds after 1970-01-01T00:00:00Z, shown in the zone
  // `offsetMinutes` east of UTC.
  static DateTime timestamp(int64_t microsUtc, int offsetMinutes = 0);
  static DateTime interval(int64_t micros);

  bool isInterval() const { return interval_; }
  bool isTimestamp() const { return !interval_; }
  bool hasWildcards() const { return wildcardFields_ != 0 || microPrecision_ < 6; }

  // Timestamp: microseconds since the epoch in UTC. Interval: its length in microseconds.
  // Meaningless when hasWildcards().
  int64_t micros() const;
  int offsetMinutes() const { return offset_; }

  std::string toDmtf() const;
  // xs:dateTime for a timestamp, xs:duration for an interval. Wildcard values have no xs
  // form; they are rendered with their wildcard fields as zero.
  std::string toXs() const;

  // timestamp + interval = timestamp; interval + interval = interval.
  Result<DateTime> plus(const DateTime& interval) const;
  // timestamp - timestamp = interval (clamped at zero); interval - interval likewise.
  Result<DateTime> minus(const DateTime& other) const;

  // Equal kinds without wildcards are ordered by time (timestamps in different zones compare
  // by the instant). Anything else is unordered.
  std::partial_ordering operator<=>(const DateTime& other) const;
  // Same instant / same length; with wildcards, exact equality of the text form.
  bool operator==(const DateTime& other) const;
  // Wildcard match: every significant field of `pattern` equals the field of *this.
  bool matches(const DateTime& pattern) const;

 private:
  enum Field : unsigned { kYearOrDays = 1, kMonth = 2, kDay = 4, kHour = 8, kMinute = 16, kSecond = 32 };

  bool interval_ = true;
  // Timestamp: year, month, day. Interval: days in `year_`, month and day unused.
  int64_t year_ = 0;
  int month_ = 0;
  int day_ = 0;
  int hour_ = 0;
  int minute_ = 0;
  int second_ = 0;
  int micro_ = 0;
  int microPrecision_ = 6;  // significant digits of micro_ (6 = all; fewer = trailing '*')
  int offset_ = 0;          // minutes east of UTC
  unsigned wildcardFields_ = 0;

  static Result<DateTime> fromFields(bool interval, int64_t yearOrDays, int month, int day, int hour,
                                     int minute, int second, int micro, int offset);
};

}  // namespace cimdouble::cimom
