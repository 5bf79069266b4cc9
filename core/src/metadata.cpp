#include "connector/metadata.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>

namespace connector {
namespace {

// An entry's bytes: a tag, the key (its text, or a view of a constant's text), the value's text.
//   tag_owned:    tag, varint key size, key bytes, varint value size, value bytes
//   tag_constant: tag, key pointer (8 bytes), varint key size, varint value size, value bytes
constexpr char tag_owned = 0;
constexpr char tag_constant = 1;

std::size_t varint_size(std::size_t value) {
  std::size_t bytes = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++bytes;
  }
  return bytes;
}

char* write_varint(char* out, std::size_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<char>(value);
  return out;
}

const char* read_varint(const char* in, std::size_t& value) {
  value = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*in++);
    value |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return in;
  }
}

struct Decoded {
  std::string_view key;
  std::string_view value;
  const char* next;  // the following entry
};

Decoded decode(const char* at) {
  Decoded entry{};
  std::size_t key_size = 0;
  const char* key_text = nullptr;
  if (*at++ == tag_constant) {
    std::memcpy(&key_text, at, sizeof key_text);
    at = read_varint(at + sizeof key_text, key_size);
  } else {
    at = read_varint(at, key_size);
    key_text = at;
    at += key_size;
  }
  std::size_t value_size = 0;
  at = read_varint(at, value_size);
  entry.key = std::string_view(key_text, key_size);
  entry.value = std::string_view(at, value_size);
  entry.next = at + value_size;
  return entry;
}

// Whether `text` starts inside [begin, begin + size): std::less orders any two pointers, where the
// built-in comparison of pointers into different objects is unspecified.
bool points_into(std::string_view text, const char* begin, std::size_t size) {
  const std::less<const char*> before;
  return !before(text.data(), begin) && before(text.data(), begin + size);
}

std::size_t encoded_size(std::string_view key, bool constant, std::string_view value) {
  const std::size_t key_part = constant ? sizeof(const char*) + varint_size(key.size()) : varint_size(key.size()) + key.size();
  return 1 + key_part + varint_size(value.size()) + value.size();
}

void encode(char* out, std::string_view key, bool constant, std::string_view value) {
  *out++ = constant ? tag_constant : tag_owned;
  if (constant) {
    const char* key_text = key.data();
    std::memcpy(out, &key_text, sizeof key_text);
    out = write_varint(out + sizeof key_text, key.size());
  } else {
    out = write_varint(out, key.size());
    std::memcpy(out, key.data(), key.size());
    out += key.size();
  }
  out = write_varint(out, value.size());
  if (!value.empty()) std::memcpy(out, value.data(), value.size());
}

}  // namespace

Metadata::Entry Metadata::const_iterator::operator*() const {
  const Decoded entry = decode(at_);
  return {entry.key, entry.value};
}

Metadata::const_iterator& Metadata::const_iterator::operator++() {
  at_ = decode(at_).next;
  return *this;
}

Metadata::Metadata(std::initializer_list<std::pair<std::string_view, std::string_view>> entries) {
  for (const auto& [key, value] : entries) set(key, value);
}

Metadata::Metadata(const Metadata& other) { assign(other); }

Metadata::Metadata(Metadata&& other) noexcept
    : heap_(other.heap_), size_(other.size_), heap_capacity_(other.heap_capacity_), last_(other.last_) {
  if (heap_ == nullptr) std::memcpy(inline_, other.inline_, size_);
  other.heap_ = nullptr;
  other.size_ = 0;
  other.last_ = 0;
  other.heap_capacity_ = 0;
}

Metadata& Metadata::operator=(const Metadata& other) {
  if (this != &other) assign(other);
  return *this;
}

Metadata& Metadata::operator=(Metadata&& other) noexcept {
  if (this == &other) return *this;
  delete[] heap_;
  heap_ = other.heap_;
  size_ = other.size_;
  heap_capacity_ = other.heap_capacity_;
  last_ = other.last_;
  if (heap_ == nullptr) std::memcpy(inline_, other.inline_, size_);
  other.heap_ = nullptr;
  other.size_ = 0;
  other.last_ = 0;
  other.heap_capacity_ = 0;
  return *this;
}

Metadata::~Metadata() { delete[] heap_; }

void Metadata::assign(const Metadata& other) {
  size_ = 0;
  reserve(other.size_);
  std::memcpy(bytes(), other.bytes(), other.size_);
  size_ = other.size_;
  last_ = other.last_;
}

void Metadata::reserve(std::size_t bytes_needed) {
  if (bytes_needed <= capacity()) return;
  const std::size_t grown = std::max(bytes_needed, 2 * capacity());
  char* larger = new char[grown];
  std::memcpy(larger, bytes(), size_);
  delete[] heap_;
  heap_ = larger;
  heap_capacity_ = static_cast<std::uint32_t>(grown);
}

std::pair<std::size_t, bool> Metadata::locate(std::string_view key) const {
  const char* const start = bytes();
  if (size_ == 0) return {0, false};
  const int against_last = decode(start + last_).key.compare(key);
  if (against_last < 0) return {size_, false};  // after every entry: no scan
  if (against_last == 0) return {last_, true};
  const char* const finish = start + size_;
  for (const char* at = start; at != finish;) {
    const Decoded entry = decode(at);
    const int order = entry.key.compare(key);
    if (order >= 0) return {static_cast<std::size_t>(at - start), order == 0};
    at = entry.next;
  }
  return {size_, false};
}

void Metadata::erase_at(std::size_t offset) {
  char* const start = bytes();
  const char* const next = decode(start + offset).next;
  const auto removed = static_cast<std::size_t>(next - (start + offset));
  std::memmove(start + offset, next, size_ - offset - removed);
  size_ -= static_cast<std::uint32_t>(removed);
  if (offset < last_) {
    last_ -= static_cast<std::uint32_t>(removed);
  } else if (offset == last_) {  // the last entry went: find the one before it
    last_ = 0;
    for (const char* at = start; at != start + size_; at = decode(at).next) last_ = static_cast<std::uint32_t>(at - start);
  }
}

void Metadata::insert_entry(std::string_view key, bool constant, std::string_view value) {
  // The value may be a view of this very buffer (set(k, *find(k2))): copy it out first when it is.
  const char* const start = bytes();
  if (points_into(value, start, size_)) {
    const std::string copy(value);
    return insert_entry(key, constant, copy);
  }
  const auto [offset, found] = locate(key);
  if (found) erase_at(offset);
  const std::size_t length = encoded_size(key, constant, value);
  reserve(size_ + length);
  char* const at = bytes() + offset;
  std::memmove(at + length, at, size_ - offset);
  encode(at, key, constant, value);
  if (offset > last_ || size_ == 0) {
    last_ = static_cast<std::uint32_t>(offset);  // the new last entry
  } else {
    last_ += static_cast<std::uint32_t>(length);  // inserted before the last one
  }
  size_ += static_cast<std::uint32_t>(length);
}

void Metadata::set(MetadataKey key, std::string_view value) { insert_entry(key.text(), true, value); }

void Metadata::set(std::string_view key, std::string_view value) {
  // A key that is a view of this buffer's own text goes away with its entry: copy it first.
  const char* const start = bytes();
  if (points_into(key, start, size_)) {
    const std::string copy(key);
    return insert_entry(copy, false, value);
  }
  insert_entry(key, false, value);
}

std::optional<std::string_view> Metadata::find(std::string_view key) const {
  const auto [offset, found] = locate(key);
  if (!found) return std::nullopt;
  return decode(bytes() + offset).value;
}

std::string_view Metadata::at(std::string_view key) const {
  if (const std::optional<std::string_view> value = find(key)) return *value;
  throw std::out_of_range("metadata has no key " + std::string(key));
}

bool Metadata::erase(std::string_view key) {
  const auto [offset, found] = locate(key);
  if (found) erase_at(offset);
  return found;
}

std::size_t Metadata::size() const {
  return static_cast<std::size_t>(std::distance(begin(), end()));
}

bool operator==(const Metadata& a, const Metadata& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace connector
