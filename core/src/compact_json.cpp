#include "connector/compact_json.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstring>
#include <cstdint>

namespace connector {
namespace {

// Every row of every page passes through here (the hot path), so bytes are classed by one
// table lookup, and the output is copied in runs: a row that is already compact is one append.
enum ByteClass : std::uint8_t { plain = 0, quote, backslash, control, high };

constexpr std::array<std::uint8_t, 256> string_classes() {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] = c < 0x20 ? control : c == '"' ? quote : c == '\\' ? backslash : c >= 0x80 ? high : plain;
  }
  return table;
}
constexpr std::array<std::uint8_t, 256> string_class = string_classes();

constexpr std::int64_t number_magnitude_max = 308;  // 1e308 and beyond overflow a double
constexpr std::int64_t exponent_abs_max = 1'000'000;  // past this an exponent only saturates

// One comparison for the usual byte (every JSON whitespace byte is at most ' ').
bool is_space(char c) { return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t'); }

// Where the run of plain string bytes starting at `p` ends: the first '"', '\\', control byte
// or byte >= 0x80, or `end`. Eight bytes at a time: most of a row's bytes are inside strings.
// Each test flags a byte's high bit; a flag can spill only into bytes after a flagged one (a
// borrow runs upward), so the lowest flag is exact on a little-endian machine.
[[gnu::always_inline]] inline const char* plain_run_end(const char* p, const char* end) {
  static_assert(std::endian::native == std::endian::little, "the lowest flagged byte comes first in memory");
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t word) { return (word - ones) & ~word; };
  while (end - p >= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    const std::uint64_t below_space = (word - ones * 0x20) & ~word;
    const std::uint64_t flags = (below_space | has_zero(word ^ (ones * '"')) | has_zero(word ^ (ones * '\\')) | word) & highs;
    if (flags != 0) return p + std::countr_zero(flags) / 8;
    p += 8;
  }
  while (p != end && string_class[static_cast<unsigned char>(*p)] == plain) ++p;
  return p;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The scanner over one value. Positions are byte offsets into `text`, for the message.
class Compactor {
 public:
  Compactor(std::string_view text, std::string& out)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), copied_to_(text.data()), out_(out) {}

  std::string run() {
    if (flat_compact_object()) {
      out_.append(begin_, static_cast<std::size_t>(end_ - begin_));
      return "";
    }
    p_ = begin_;  // not the usual row: the general walk decides, and names any fault
    error_.clear();
    out_.reserve(out_.size() + static_cast<std::size_t>(end_ - begin_));
    skip_space();
    if (!value()) return error_;
    flush();
    skip_space();
    if (p_ != end_) return fail("text after the value");
    return "";
  }

 private:
  std::string fail(std::string_view what) {
    if (error_.empty()) error_ = std::string(what) + " at byte " + std::to_string(p_ - begin_);
    return error_;
  }
  bool failed(std::string_view what) {
    fail(what);
    return false;
  }

  // Appends what was scanned since the last copy.
  void flush() {
    out_.append(copied_to_, static_cast<std::size_t>(p_ - copied_to_));
    copied_to_ = p_;
  }
  // Whitespace between tokens: what came before it is copied, the whitespace is not.
  void skip_space() {
    if (p_ == end_ || !is_space(*p_)) return;
    flush();
    while (p_ != end_ && is_space(*p_)) ++p_;
    copied_to_ = p_;
  }
  [[nodiscard]] char peek() const { return p_ != end_ ? *p_ : '\0'; }

  // The usual row: one object of scalars with no whitespace, which is already its compact form.
  // Checked in one straight pass; false for anything else (whitespace, a nested value, a fault),
  // which the general walk then reads from the start.
  bool flat_compact_object() {
    if (peek() != '{') return false;
    ++p_;
    if (peek() == '}') return ++p_ == end_;
    for (;;) {
      if (peek() != '"' || !string() || peek() != ':') return false;
      ++p_;
      const char c = peek();
      if (c == '{' || c == '[' || c == '\0' || is_space(c) || !scalar()) return false;
      const char next = peek();
      if (next != ',' && next != '}') return false;
      ++p_;
      if (next == '}') return p_ == end_;
    }
  }

  // Objects and arrays are walked without recursion: `is_object` records, per open level,
  // which kind it is, so a hostile body nested deep costs a bounded stack.
  bool value() {
    std::bitset<compact_json_depth_max> is_object;
    std::size_t depth = 0;
    bool expect_value = true;  // otherwise a ',' or a closing bracket is next
    for (;;) {
      skip_space();
      if (p_ == end_) return failed("the text ends inside the value");
      const char c = *p_;
      if (expect_value) {
        if (c == '{' || c == '[') {
          if (depth == compact_json_depth_max) return failed("nesting deeper than allowed");
          is_object[depth++] = c == '{';
          ++p_;
          skip_space();
          if (peek() == (c == '{' ? '}' : ']')) {
            ++p_;
            --depth;
            expect_value = false;
          } else if (c == '{' && !member_key()) {
            return false;
          }
        } else if (!scalar()) {
          return false;
        } else {
          expect_value = false;
        }
        if (!expect_value && depth == 0) return true;
        continue;
      }
      const bool in_object = is_object[depth - 1];
      if (c == ',') {
        ++p_;
        if (in_object) {
          skip_space();
          if (!member_key()) return false;
        }
        expect_value = true;
      } else if (c == (in_object ? '}' : ']')) {
        ++p_;
        if (--depth == 0) return true;
      } else {
        return failed(in_object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

  // A member's key and its colon; the value follows.
  bool member_key() {
    if (peek() != '"') return failed("expected a string key");
    if (!string()) return false;
    skip_space();
    if (peek() != ':') return failed("expected ':'");
    ++p_;
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
      return failed("not a JSON value");
    }
    p_ += word.size();
    return true;
  }

  bool scalar() {
    switch (*p_) {
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: break;
    }
    if (*p_ == '-' || is_digit(*p_)) return number();
    return failed("not a JSON value");
  }

  void digits() {
    while (p_ != end_ && is_digit(*p_)) ++p_;
  }

  // RFC 8259's grammar, and a magnitude below 1e308: JSON allows any number, but most readers
  // (nlohmann's, JavaScript's) refuse or mangle one past a double's range, and a record must
  // parse wherever it goes. No amount Bitstamp sends comes near.
  bool number() {
    if (*p_ == '-') ++p_;
    std::int64_t magnitude = 0;  // the decimal exponent of the leading significant digit
    bool significant = false;
    if (peek() == '0') {
      ++p_;
    } else if (is_digit(peek())) {
      const char* first = p_;
      digits();
      magnitude = p_ - first - 1;
      significant = true;
    } else {
      return failed("a number without digits");
    }
    if (peek() == '.') {
      ++p_;
      if (!is_digit(peek())) return failed("a number without digits after '.'");
      const char* first = p_;
      digits();
      if (!significant) {
        const char* nonzero = first;
        while (nonzero != p_ && *nonzero == '0') ++nonzero;
        significant = nonzero != p_;
        magnitude = -(nonzero - first) - 1;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      ++p_;
      const bool negative = peek() == '-';
      if (peek() == '+' || peek() == '-') ++p_;
      if (!is_digit(peek())) return failed("a number without exponent digits");
      std::int64_t exponent = 0;
      for (; p_ != end_ && is_digit(*p_); ++p_) exponent = std::min<std::int64_t>(exponent * 10 + (*p_ - '0'), exponent_abs_max);
      magnitude += negative ? -exponent : exponent;
    }
    if (significant && magnitude >= number_magnitude_max) return failed("a number too large for a double (1e308 or more)");
    return true;
  }

  // Four hex digits after "\u"; -1 when they are not.
  int unicode_escape() {
    if (end_ - p_ < 4) return -1;
    int code = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_value(p_[i]);
      if (digit < 0) return -1;
      code = code * 16 + digit;
    }
    p_ += 4;
    return code;
  }

  bool escape() {
    ++p_;  // the backslash
    const char c = peek();
    if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
      ++p_;
      return true;
    }
    if (c != 'u') return failed("an invalid escape in a string");
    ++p_;
    const int code = unicode_escape();
    if (code < 0) return failed("an invalid \\u escape in a string");
    if (code >= 0xDC00 && code <= 0xDFFF) return failed("a lone low surrogate in a string");
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return failed("a lone high surrogate in a string");
      p_ += 2;
      const int low = unicode_escape();
      if (low < 0xDC00 || low > 0xDFFF) return failed("a high surrogate without its low half in a string");
    }
    return true;
  }

  // One UTF-8 sequence starting at a byte >= 0x80: well-formed, shortest form, no surrogates.
  bool utf8_sequence() {
    const auto byte = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(p_[i]); };
    const unsigned char lead = byte(0);
    std::ptrdiff_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_min = 0xA0;  // no overlong forms
      if (lead == 0xED) second_max = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_min = 0x90;
      if (lead == 0xF4) second_max = 0x8F;  // nothing past U+10FFFF
    } else {
      return failed("invalid UTF-8 in a string");
    }
    if (end_ - p_ < length || byte(1) < second_min || byte(1) > second_max) return failed("invalid UTF-8 in a string");
    for (std::ptrdiff_t k = 2; k < length; ++k) {
      if ((byte(k) & 0xC0U) != 0x80U) return failed("invalid UTF-8 in a string");
    }
    p_ += length;
    return true;
  }

  // Inlined into its two callers: a row is mostly short strings, and the call cost as much as the scan.
  [[gnu::always_inline]] bool string() {
    ++p_;  // the opening quote
    for (;;) {
      p_ = plain_run_end(p_, end_);
      if (p_ == end_) return failed("a string without its closing quote");
      if (*p_ == '"') {  // the usual end: no escape, nothing above ASCII
        ++p_;
        return true;
      }
      switch (string_class[static_cast<unsigned char>(*p_)]) {
        case quote: ++p_; return true;
        case backslash:
          if (!escape()) return false;
          break;
        case high:
          if (!utf8_sequence()) return false;
          break;
        default: return failed("a control byte inside a string");
      }
    }
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  const char* copied_to_;  // the scanned bytes from here on are not in out_ yet
  std::string& out_;
  std::string error_;
};

}  // namespace

std::string compact_json(std::string_view text, std::string& out) {
  const std::size_t size_before = out.size();
  std::string error = Compactor(text, out).run();
  if (!error.empty()) out.resize(size_before);
  return error;
}

}  // namespace connector
