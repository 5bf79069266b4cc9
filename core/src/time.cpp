#include "connector/time.hpp"

namespace connector {
namespace {

constexpr std::int64_t us_per_second = 1000 * 1000;
constexpr std::int64_t seconds_per_day = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (the well-known era-based algorithm).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

// Reads exactly `width` digits at `pos`, advancing it.
std::optional<unsigned> read_digits(std::string_view text, std::size_t& pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  unsigned value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  pos += width;
  return value;
}

// Appends a non-negative value with at least `width` digits, zero-padded.
void append_padded(std::string& out, std::int64_t value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// "YYYY-MM-DD<sep>HH:MM:SS[.fraction]" with up to `fraction_digits_max` fraction digits.
// Returns the instant and leaves `pos` after the fraction.
std::optional<std::int64_t> parse_date_time(std::string_view text, std::size_t& pos, char separator,
                                            std::size_t fraction_digits_max) {
  const auto year = read_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = read_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day = read_digits(text, pos, 2);
  if (!day || !expect(text, pos, separator)) return std::nullopt;
  const auto hour = read_digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = read_digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  const auto second = read_digits(text, pos, 2);
  if (!second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month) || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  std::int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    std::int64_t scale = 100000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits >= fraction_digits_max) return std::nullopt;
      if (scale > 0) micros += (text[pos] - '0') * scale;  // digits past µs are dropped
      scale /= 10;
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
  }
  const std::int64_t days = days_from_civil(*year, *month, *day);
  const std::int64_t seconds = days * seconds_per_day + *hour * 3600 + *minute * 60 + *second;
  return seconds * us_per_second + micros;
}

}  // namespace

std::optional<std::int64_t> parse_bitstamp_datetime_us(std::string_view text) {
  std::size_t pos = 0;
  const auto instant = parse_date_time(text, pos, ' ', 6);
  if (!instant || pos != text.size()) return std::nullopt;
  return instant;
}

std::optional<std::int64_t> parse_rfc3339_us(std::string_view text) {
  std::size_t pos = 0;
  const auto instant = parse_date_time(text, pos, 'T', 9);
  if (!instant || !expect(text, pos, 'Z') || pos != text.size()) return std::nullopt;
  return instant;
}

std::string format_rfc3339(std::int64_t unix_us) {
  std::int64_t seconds = unix_us / us_per_second;
  std::int64_t micros = unix_us % us_per_second;
  if (micros < 0) {  // floor division for instants before 1970
    micros += us_per_second;
    seconds -= 1;
  }
  std::int64_t days = seconds / seconds_per_day;
  std::int64_t second_of_day = seconds % seconds_per_day;
  if (second_of_day < 0) {
    second_of_day += seconds_per_day;
    days -= 1;
  }
  const CivilDate date = civil_from_days(days);
  std::string text;
  text.reserve(32);
  append_padded(text, date.year, 4);
  text += '-';
  append_padded(text, date.month, 2);
  text += '-';
  append_padded(text, date.day, 2);
  text += 'T';
  append_padded(text, second_of_day / 3600, 2);
  text += ':';
  append_padded(text, second_of_day / 60 % 60, 2);
  text += ':';
  append_padded(text, second_of_day % 60, 2);
  if (micros != 0) {
    std::string fraction;
    append_padded(fraction, micros, 6);
    while (fraction.back() == '0') fraction.pop_back();
    text += '.';
    text += fraction;
  }
  text += 'Z';
  return text;
}

}  // namespace connector
