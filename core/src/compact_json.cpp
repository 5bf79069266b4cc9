#include "compact_json.hpp"

#include <bitset>
#include <cstdint>

namespace bitstamp::core {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
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
  Compactor(std::string_view text, std::string& out) : text_(text), out_(out) {}

  std::string run() {
    skip_space();
    if (!value()) return error_;
    skip_space();
    if (pos_ != text_.size()) return fail("text after the value");
    return "";
  }

 private:
  std::string fail(std::string_view what) {
    if (error_.empty()) error_ = std::string(what) + " at byte " + std::to_string(pos_);
    return error_;
  }
  bool failed(std::string_view what) {
    fail(what);
    return false;
  }

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }
  [[nodiscard]] char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }

  // Objects and arrays are walked without recursion: `is_object` records, per open level,
  // which kind it is, so a hostile body nested deep costs a bounded stack.
  bool value() {
    std::bitset<compact_json_depth_max> is_object;
    std::size_t depth = 0;
    bool expect_value = true;  // otherwise a ',' or a closing bracket is next
    for (;;) {
      skip_space();
      if (at_end()) return failed("the text ends inside the value");
      const char c = text_[pos_];
      if (expect_value) {
        if (c == '{' || c == '[') {
          if (depth == compact_json_depth_max) return failed("nesting deeper than allowed");
          is_object[depth++] = c == '{';
          out_ += c;
          ++pos_;
          skip_space();
          const char close = c == '{' ? '}' : ']';
          if (peek() == close) {
            out_ += close;
            ++pos_;
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
      if (depth == 0) return true;
      const bool in_object = is_object[depth - 1];
      if (c == ',') {
        out_ += ',';
        ++pos_;
        if (in_object) {
          skip_space();
          if (!member_key()) return false;
        }
        expect_value = true;
      } else if (c == (in_object ? '}' : ']')) {
        out_ += c;
        ++pos_;
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
    out_ += ':';
    ++pos_;
    return true;
  }

  bool scalar() {
    const char c = text_[pos_];
    if (c == '"') return string();
    if (c == '-' || is_digit(c)) return number();
    for (const std::string_view literal : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
      if (text_.substr(pos_, literal.size()) == literal) {
        out_ += literal;
        pos_ += literal.size();
        return true;
      }
    }
    return failed("not a JSON value");
  }

  bool number() {
    const std::size_t begin = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (is_digit(peek())) {
      while (is_digit(peek())) ++pos_;
    } else {
      return failed("a number without digits");
    }
    if (peek() == '.') {
      ++pos_;
      if (!is_digit(peek())) return failed("a number without digits after '.'");
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) return failed("a number without exponent digits");
      while (is_digit(peek())) ++pos_;
    }
    out_.append(text_.substr(begin, pos_ - begin));
    return true;
  }

  // Four hex digits after "\u"; -1 when they are not.
  int unicode_escape() {
    if (pos_ + 4 > text_.size()) return -1;
    int code = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = hex_value(text_[pos_ + i]);
      if (digit < 0) return -1;
      code = code * 16 + digit;
    }
    pos_ += 4;
    return code;
  }

  bool escape() {
    ++pos_;  // the backslash
    const char c = peek();
    if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
      ++pos_;
      return true;
    }
    if (c != 'u') return failed("an invalid escape in a string");
    ++pos_;
    const int code = unicode_escape();
    if (code < 0) return failed("an invalid \\u escape in a string");
    if (code >= 0xDC00 && code <= 0xDFFF) return failed("a lone low surrogate in a string");
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") return failed("a lone high surrogate in a string");
      pos_ += 2;
      const int low = unicode_escape();
      if (low < 0xDC00 || low > 0xDFFF) return failed("a high surrogate without its low half in a string");
    }
    return true;
  }

  // One UTF-8 sequence starting at a byte >= 0x80: well-formed, shortest form, no surrogates.
  bool utf8_sequence() {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1FU;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0FU;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07U;
    } else {
      return failed("invalid UTF-8 in a string");
    }
    if (pos_ + length > text_.size()) return failed("invalid UTF-8 in a string");
    for (std::size_t i = 1; i < length; ++i) {
      if ((byte(i) & 0xC0U) != 0x80U) return failed("invalid UTF-8 in a string");
      code = (code << 6) | (byte(i) & 0x3FU);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return failed("invalid UTF-8 in a string");
    pos_ += length;
    return true;
  }

  bool string() {
    const std::size_t begin = pos_;
    ++pos_;  // the opening quote
    for (;;) {
      if (at_end()) return failed("a string without its closing quote");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c == '\\') {
        if (!escape()) return false;
      } else if (c < 0x20) {
        return failed("a control byte inside a string");
      } else if (c >= 0x80) {
        if (!utf8_sequence()) return false;
      } else {
        ++pos_;
      }
    }
    out_.append(text_.substr(begin, pos_ - begin));
    return true;
  }

  std::string_view text_;
  std::string& out_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::string compact_json(std::string_view text, std::string& out) {
  const std::size_t size_before = out.size();
  std::string error = Compactor(text, out).run();
  if (!error.empty()) out.resize(size_before);
  return error;
}

}  // namespace bitstamp::core
