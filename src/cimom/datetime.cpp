#include "cimom/datetime.h"

#include <charconv>
#include <cstdio>
#include <optional>

namespace cimdouble::cimom {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
constexpr int64_t kMaxIntervalDays = 99'999'999;

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

bool isLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int64_t year, int month, bool yearKnown) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) return (!yearKnown || isLeap(year)) ? 29 : 28;
  return kDays[month - 1];
}

CimError invalid(std::string_view text, std::string_view why) {
  return makeError(CimStatus::InvalidParameter,
                   "invalid datetime '" + std::string(text) + "': " + std::string(why));
}

// Reads a fixed-width field that is either all digits or all asterisks.
// Returns nullopt for a wildcard field; sets `bad` on mixed or non-digit content.
std::optional<int64_t> fixedField(std::string_view text, std::size_t pos, std::size_t width, bool& bad) {
  std::string_view field = text.substr(pos, width);
  if (field.find_first_not_of('*') == std::string_view::npos) return std::nullopt;
  int64_t value = 0;
  for (char c : field) {
    if (c < '0' || c > '9') {
      bad = true;
      return 0;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string twoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// Parses an unsigned decimal number with an optional fraction ("4", "4.000005").
bool parseDecimal(std::string_view text, int64_t& whole, int64_t& micros) {
  const std::size_t dot = text.find('.');
  std::string_view w = text.substr(0, dot);
  if (w.empty()) return false;
  auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), whole);
  if (ec != std::errc() || p != w.data() + w.size() || whole < 0) return false;
  micros = 0;
  if (dot != std::string_view::npos) {
    std::string_view f = text.substr(dot + 1);
    if (f.empty()) return false;
    int digits = 0;
    for (char c : f) {
      if (c < '0' || c > '9') return false;
      if (digits < 6) {
        micros = micros * 10 + (c - '0');
        ++digits;
      }
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  return true;
}

}  // namespace

Result<DateTime> DateTime::fromFields(bool interval, int64_t yearOrDays, int month, int day, int hour,
                                      int minute, int second, int micro, int offset) {
  DateTime dt;
  dt.interval_ = interval;
  dt.year_ = yearOrDays;
  dt.month_ = month;
  dt.day_ = day;
  dt.hour_ = hour;
  dt.minute_ = minute;
  dt.second_ = second;
  dt.micro_ = micro;
  dt.offset_ = offset;
  return dt;
}

DateTime DateTime::timestamp(int64_t microsUtc, int offsetMinutes) {
  const int64_t local = microsUtc + static_cast<int64_t>(offsetMinutes) * 60 * kMicrosPerSecond;
  int64_t days = local / kMicrosPerDay;
  int64_t rest = local % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  DateTime dt;
  dt.interval_ = false;
  civilFromDays(days, dt.year_, dt.month_, dt.day_);
  dt.hour_ = static_cast<int>(rest / (3600 * kMicrosPerSecond));
  dt.minute_ = static_cast<int>(rest / (60 * kMicrosPerSecond) % 60);
  dt.second_ = static_cast<int>(rest / kMicrosPerSecond % 60);
  dt.micro_ = static_cast<int>(rest % kMicrosPerSecond);
  dt.offset_ = offsetMinutes;
  return dt;
}

DateTime DateTime::interval(int64_t micros) {
  if (micros < 0) micros = 0;
  const int64_t maxMicros = (kMaxIntervalDays + 1) * kMicrosPerDay - 1;
  if (micros > maxMicros) micros = maxMicros;
  DateTime dt;
  dt.interval_ = true;
  dt.year_ = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  dt.hour_ = static_cast<int>(rest / (3600 * kMicrosPerSecond));
  dt.minute_ = static_cast<int>(rest / (60 * kMicrosPerSecond) % 60);
  dt.second_ = static_cast<int>(rest / kMicrosPerSecond % 60);
  dt.micro_ = static_cast<int>(rest % kMicrosPerSecond);
  return dt;
}

Result<DateTime> DateTime::parseDmtf(std::string_view text) {
  if (text.size() != 25) return invalid(text, "expected 25 characters");
  if (text[14] != '.') return invalid(text, "expected '.' at position 15");
  const char sign = text[21];
  const bool interval = sign == ':';
  if (!interval && sign != '+' && sign != '-') {
    return invalid(text, "expected '+', '-' or ':' at position 22");
  }
  bool bad = false;
  DateTime dt;
  dt.interval_ = interval;
  auto take = [&](std::size_t pos, std::size_t width, unsigned flag, auto& out) {
    auto v = fixedField(text, pos, width, bad);
    if (v) {
      out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
    } else {
      dt.wildcardFields_ |= flag;
    }
  };
  if (interval) {
    take(0, 8, kYearOrDays, dt.year_);
    take(8, 2, kHour, dt.hour_);
    take(10, 2, kMinute, dt.minute_);
    take(12, 2, kSecond, dt.second_);
    if (text.substr(22) != "000") return invalid(text, "an interval must end in ':000'");
  } else {
    take(0, 4, kYearOrDays, dt.year_);
    take(4, 2, kMonth, dt.month_);
    take(6, 2, kDay, dt.day_);
    take(8, 2, kHour, dt.hour_);
    take(10, 2, kMinute, dt.minute_);
    take(12, 2, kSecond, dt.second_);
    std::string_view utc = text.substr(22);
    if (utc.find_first_not_of("0123456789") != std::string_view::npos) {
      return invalid(text, "the UTC offset must be three digits");
    }
    dt.offset_ = (utc[0] - '0') * 100 + (utc[1] - '0') * 10 + (utc[2] - '0');
    if (sign == '-') dt.offset_ = -dt.offset_;
  }
  if (bad) return invalid(text, "each field must be all digits or all asterisks");

  // Microseconds: digits, then optionally asterisks to the end (reduced precision).
  std::string_view micro = text.substr(15, 6);
  int precision = 0;
  int value = 0;
  while (precision < 6 && micro[precision] >= '0' && micro[precision] <= '9') {
    value = value * 10 + (micro[precision] - '0');
    ++precision;
  }
  for (int i = precision; i < 6; ++i) {
    if (micro[i] != '*') return invalid(text, "microseconds may only end in asterisks");
    value *= 10;
  }
  dt.micro_ = value;
  dt.microPrecision_ = precision;

  auto known = [&](unsigned flag) { return (dt.wildcardFields_ & flag) == 0; };
  if (known(kHour) && dt.hour_ > 23) return invalid(text, "hour out of range 00-23");
  if (known(kMinute) && dt.minute_ > 59) return invalid(text, "minutes out of range 00-59");
  if (known(kSecond) && dt.second_ > 59) return invalid(text, "seconds out of range 00-59");
  if (!interval) {
    if (known(kMonth) && (dt.month_ < 1 || dt.month_ > 12)) return invalid(text, "month out of range 01-12");
    if (known(kDay)) {
      const int maxDay = known(kMonth) ? daysInMonth(dt.year_, dt.month_, known(kYearOrDays)) : 31;
      if (dt.day_ < 1 || dt.day_ > maxDay) return invalid(text, "day out of range for the month");
    }
  }
  return dt;
}

Result<DateTime> DateTime::parseXsDateTime(std::string_view text) {
  // YYYY-MM-DDThh:mm:ss[.f+][Z|(+|-)hh:mm]
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
      text[13] != ':' || text[16] != ':') {
    return invalid(text, "expected YYYY-MM-DDThh:mm:ss");
  }
  bool bad = false;
  auto num = [&](std::size_t pos, std::size_t width) {
    auto v = fixedField(text, pos, width, bad);
    if (!v) bad = true;
    return v.value_or(0);
  };
  const int64_t year = num(0, 4);
  const int month = static_cast<int>(num(5, 2));
  const int day = static_cast<int>(num(8, 2));
  const int hour = static_cast<int>(num(11, 2));
  const int minute = static_cast<int>(num(14, 2));
  const int second = static_cast<int>(num(17, 2));
  if (bad) return invalid(text, "non-digit in a date or time field");
  std::size_t pos = 19;
  int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t end = pos + 1;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    int64_t whole = 0;
    if (!parseDecimal(std::string("0").append(text.substr(pos, end - pos)), whole, micros)) {
      return invalid(text, "bad fraction of a second");
    }
    pos = end;
  }
  int offset = 0;
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (!zone.empty()) {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') {
      return invalid(text, "expected a zone of Z or +hh:mm");
    }
    const int64_t zh = num(pos + 1, 2);
    const int64_t zm = num(pos + 4, 2);
    if (bad || zh > 14 || zm > 59) return invalid(text, "bad zone offset");
    offset = static_cast<int>(zh * 60 + zm) * (zone[0] == '-' ? -1 : 1);
  }
  if (month < 1 || month > 12) return invalid(text, "month out of range 01-12");
  if (day < 1 || day > daysInMonth(year, month, true)) return invalid(text, "day out of range for the month");
  if (hour > 23 || minute > 59 || second > 59) return invalid(text, "time out of range");
  return fromFields(false, year, month, day, hour, minute, second, static_cast<int>(micros), offset);
}

Result<DateTime> DateTime::parseXsDuration(std::string_view text) {
  // PnYnMnDTnHnMn[.f]S; years and months have no fixed length, so only zero is accepted.
  if (text.empty() || text[0] == '-') return invalid(text, "an interval cannot be negative");
  if (text[0] != 'P') return invalid(text, "an xs:duration starts with 'P'");
  std::size_t pos = 1;
  bool inTime = false;
  bool any = false;
  int64_t total = 0;
  int64_t lastUnit = INT64_MAX;
  while (pos < text.size()) {
    if (text[pos] == 'T') {
      if (inTime) return invalid(text, "second 'T'");
      inTime = true;
      ++pos;
      lastUnit = INT64_MAX;
      if (pos == text.size()) return invalid(text, "nothing after 'T'");
      continue;
    }
    std::size_t end = pos;
    while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.')) ++end;
    if (end == pos || end == text.size()) return invalid(text, "expected a number and a designator");
    int64_t whole = 0;
    int64_t micros = 0;
    if (!parseDecimal(text.substr(pos, end - pos), whole, micros)) return invalid(text, "bad number");
    if (whole > 100'000'000'000LL) return invalid(text, "value too large");
    const char unit = text[end];
    int64_t unitMicros = 0;
    if (!inTime && unit == 'Y') unitMicros = -1;
    else if (!inTime && unit == 'M') unitMicros = -2;
    else if (!inTime && unit == 'D') unitMicros = kMicrosPerDay;
    else if (inTime && unit == 'H') unitMicros = 3600 * kMicrosPerSecond;
    else if (inTime && unit == 'M') unitMicros = 60 * kMicrosPerSecond;
    else if (inTime && unit == 'S') unitMicros = kMicrosPerSecond;
    else return invalid(text, std::string("unexpected designator '") + unit + "'");
    if (micros != 0 && unit != 'S') return invalid(text, "only seconds may have a fraction");
    if (unitMicros < 0) {
      if (whole != 0) return invalid(text, "years and months have no fixed length; use days");
      unitMicros = lastUnit - 1 > 0 ? lastUnit - 1 : 1;  // keeps the ordering check below simple
    }
    if (unitMicros >= lastUnit) return invalid(text, "designators out of order");
    lastUnit = unitMicros;
    // Every component is checked before it is added: P100000000000D must not wrap int64 on
    // its way to the 99999999-day check below (it arrives unauthenticated, in OperationTimeout).
    int64_t component = 0;
    if (__builtin_mul_overflow(whole, unitMicros, &component) ||
        __builtin_add_overflow(component, unit == 'S' ? micros : 0, &component) ||
        __builtin_add_overflow(total, component, &total) || total / kMicrosPerDay > kMaxIntervalDays) {
      return invalid(text, "longer than 99999999 days");
    }
    any = true;
    pos = end + 1;
  }
  if (!any) return invalid(text, "no duration components");
  if (total / kMicrosPerDay > kMaxIntervalDays) return invalid(text, "longer than 99999999 days");
  return interval(total);
}

Result<DateTime> DateTime::parseAny(std::string_view text) {
  if (text.size() == 25 && (text[21] == ':' || text[21] == '+' || text[21] == '-') && text[14] == '.') {
    return parseDmtf(text);
  }
  if (!text.empty() && (text[0] == 'P' || text[0] == '-')) return parseXsDuration(text);
  if (text.size() >= 19 && text[4] == '-') return parseXsDateTime(text);
  return invalid(text, "neither a DMTF datetime nor an xs:dateTime/xs:duration");
}

int64_t DateTime::micros() const {
  const int64_t timeOfDay = ((hour_ * 60LL + minute_) * 60 + second_) * kMicrosPerSecond + micro_;
  if (interval_) return year_ * kMicrosPerDay + timeOfDay;
  return daysFromCivil(year_, month_, day_) * kMicrosPerDay + timeOfDay -
         static_cast<int64_t>(offset_) * 60 * kMicrosPerSecond;
}

std::string DateTime::toDmtf() const {
  char buf[32];
  auto field = [&](unsigned flag, int64_t value, int width) {
    if (wildcardFields_ & flag) return std::string(static_cast<std::size_t>(width), '*');
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(value));
    return std::string(buf);
  };
  std::string out;
  if (interval_) {
    out = field(kYearOrDays, year_, 8);
  } else {
    out = field(kYearOrDays, year_, 4) + field(kMonth, month_, 2) + field(kDay, day_, 2);
  }
  out += field(kHour, hour_, 2) + field(kMinute, minute_, 2) + field(kSecond, second_, 2) + ".";
  std::snprintf(buf, sizeof buf, "%06d", micro_);
  for (int i = microPrecision_; i < 6; ++i) buf[i] = '*';
  out += buf;
  if (interval_) {
    out += ":000";
  } else {
    std::snprintf(buf, sizeof buf, "%c%03d", offset_ < 0 ? '-' : '+', offset_ < 0 ? -offset_ : offset_);
    out += buf;
  }
  return out;
}

std::string DateTime::toXs() const {
  char buf[64];
  if (interval_) {
    // Minimal xs:duration: zero components are left out, the zero interval is PT0S.
    std::string out = "P";
    if (year_ != 0) out += std::to_string(year_) + "D";
    std::string time;
    if (hour_ != 0) time += std::to_string(hour_) + "H";
    if (minute_ != 0) time += std::to_string(minute_) + "M";
    if (second_ != 0 || micro_ != 0) {
      time += std::to_string(second_);
      if (micro_ != 0) {
        std::snprintf(buf, sizeof buf, ".%06d", micro_);
        std::string frac(buf);
        while (frac.back() == '0') frac.pop_back();
        time += frac;
      }
      time += "S";
    }
    if (!time.empty()) out += "T" + time;
    if (out == "P") out = "PT0S";
    return out;
  }
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%06d", static_cast<long long>(year_), month_,
                day_, hour_, minute_, second_, micro_);
  std::string out(buf);
  if (offset_ == 0) {
    out += "Z";
  } else {
    const int a = offset_ < 0 ? -offset_ : offset_;
    out += (offset_ < 0 ? "-" : "+") + twoDigits(a / 60) + ":" + twoDigits(a % 60);
  }
  return out;
}

Result<DateTime> DateTime::plus(const DateTime& other) const {
  if (!other.interval_) return makeError(CimStatus::TypeMismatch, "only an interval can be added to a datetime");
  if (hasWildcards() || other.hasWildcards()) {
    return makeError(CimStatus::InvalidParameter, "cannot add datetimes that contain wildcards");
  }
  if (interval_) return interval(micros() + other.micros());
  return timestamp(micros() + other.micros(), offset_);
}

Result<DateTime> DateTime::minus(const DateTime& other) const {
  if (interval_ != other.interval_) {
    if (!interval_ && other.interval_) {
      if (hasWildcards() || other.hasWildcards()) {
        return makeError(CimStatus::InvalidParameter, "cannot subtract datetimes that contain wildcards");
      }
      return timestamp(micros() - other.micros(), offset_);
    }
    return makeError(CimStatus::TypeMismatch, "cannot subtract a timestamp from an interval");
  }
  if (hasWildcards() || other.hasWildcards()) {
    return makeError(CimStatus::InvalidParameter, "cannot subtract datetimes that contain wildcards");
  }
  return interval(micros() - other.micros());
}

std::partial_ordering DateTime::operator<=>(const DateTime& other) const {
  if (interval_ != other.interval_ || hasWildcards() || other.hasWildcards()) {
    return std::partial_ordering::unordered;
  }
  return micros() <=> other.micros();
}

bool DateTime::operator==(const DateTime& other) const {
  if (interval_ != other.interval_) return false;
  if (hasWildcards() || other.hasWildcards()) return toDmtf() == other.toDmtf();
  return micros() == other.micros();
}

bool DateTime::matches(const DateTime& pattern) const {
  if (interval_ != pattern.interval_) return false;
  if (!pattern.hasWildcards()) return *this == pattern;
  const std::string mine = toDmtf();
  const std::string theirs = pattern.toDmtf();
  for (std::size_t i = 0; i < theirs.size(); ++i) {
    if (theirs[i] != '*' && theirs[i] != mine[i]) return false;
  }
  return true;
}

}  // namespace cimdouble::cimom
