#pragma once
// A record's metadata: text keys to text values, always in key order (output never depends on
// the order entries were set in), held in one flat buffer.
//
// Why not std::map<std::string, std::string>: every payment carries three to eight entries and a
// map made two or three allocations per entry (its node, a key longer than the small-string
// buffer: every "com.<connector>.spec/…" key is, often the value); mapping a page spent a fifth
// of its time in malloc and free (issue 19). Here entries are written back to back into a buffer
// that lives inside the record up to `inline_bytes`, and a key known when the program is compiled
// (a `MetadataKey`) is stored as a view of its constant text rather than copied: a typical
// payment's metadata allocates nothing.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace connector {

// A metadata key spelled in the source: consteval, so its text is a literal that outlives every
// record, and a record can keep a view of it instead of a copy.
class MetadataKey {
 public:
  consteval explicit MetadataKey(const char* text) : text_(text) {}
  [[nodiscard]] constexpr std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

// True when every key starts with `prefix`: a connector checks at compile time that all its keys
// are in its namespace ("com.<connector>.spec/").
template <class Keys>
consteval bool keys_in_namespace(const Keys& keys, std::string_view prefix) {
  for (const MetadataKey key : keys) {
    if (!key.text().starts_with(prefix)) return false;
  }
  return true;
}

class Metadata {
 public:
  // One entry as iteration gives it; views valid until the metadata next changes.
  struct Entry {
    std::string_view key;
    std::string_view value;
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Entry;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Entry;
    const_iterator() = default;
    Entry operator*() const;
    const_iterator& operator++();
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.at_ == b.at_; }

   private:
    friend class Metadata;
    explicit const_iterator(const char* at) : at_(at) {}
    const char* at_ = nullptr;
  };

  Metadata() = default;
  Metadata(std::initializer_list<std::pair<std::string_view, std::string_view>> entries);
  Metadata(const Metadata& other);
  Metadata(Metadata&& other) noexcept;
  Metadata& operator=(const Metadata& other);
  Metadata& operator=(Metadata&& other) noexcept;
  ~Metadata();

  // Sets `key` to `value`, replacing what it held. A MetadataKey is kept as a view; any other key
  // is copied.
  void set(MetadataKey key, std::string_view value);
  void set(std::string_view key, std::string_view value);

  [[nodiscard]] std::optional<std::string_view> find(std::string_view key) const;
  [[nodiscard]] bool contains(std::string_view key) const { return find(key).has_value(); }
  // The value of `key`, which must be there (a test's or a caller's certainty): throws
  // std::out_of_range otherwise, as std::map::at does.
  [[nodiscard]] std::string_view at(std::string_view key) const;
  // True when `key` was there.
  bool erase(std::string_view key);

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const;  // entries
  [[nodiscard]] const_iterator begin() const { return const_iterator(bytes()); }
  [[nodiscard]] const_iterator end() const { return const_iterator(bytes() + size_); }

  friend bool operator==(const Metadata& a, const Metadata& b);

 private:
  // Bytes held inside the object before the buffer moves to the heap: room for a
  // user_transactions payment's entries, a transfer leg's included.
  static constexpr std::size_t inline_bytes = 104;

  [[nodiscard]] const char* bytes() const { return heap_ != nullptr ? heap_ : inline_; }
  char* bytes() { return heap_ != nullptr ? heap_ : inline_; }
  [[nodiscard]] std::size_t capacity() const { return heap_ != nullptr ? heap_capacity_ : inline_bytes; }
  // Where `key` is (found) or would go (not found): the offset of its entry, or of the first
  // entry after it.
  [[nodiscard]] std::pair<std::size_t, bool> locate(std::string_view key) const;
  void insert_entry(std::string_view key, bool constant, std::string_view value);
  void erase_at(std::size_t offset);
  void reserve(std::size_t bytes_needed);
  void assign(const Metadata& other);

  char* heap_ = nullptr;  // nullptr: the entries are in inline_
  std::uint32_t size_ = 0;  // bytes used
  std::uint32_t heap_capacity_ = 0;
  // Where the last entry starts (0 when empty): a key after it is appended without a scan, and
  // mappers set their keys in key order, so most entries go in that way.
  std::uint32_t last_ = 0;
  char inline_[inline_bytes];
};

}  // namespace connector
