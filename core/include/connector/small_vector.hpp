#pragma once
// A vector whose first `N` elements live inside the object: a row's one or two amounts cost no
// heap allocation (mapping a page made one per row for the amounts and one for the rates, a
// third of its allocations: issue 19). Past `N` every element moves to the heap, so the
// elements are always contiguous. Only what the rows use is here.

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <utility>
#include <vector>

namespace connector {

template <class T, std::size_t N>
class SmallVector {
 public:
  SmallVector() = default;
  SmallVector(std::initializer_list<T> items) { assign(items); }
  SmallVector& operator=(std::initializer_list<T> items) {
    assign(items);
    return *this;
  }

  void push_back(T item) {
    if (size_ < N) {
      inline_[size_++] = std::move(item);
      return;
    }
    if (size_ == N) {  // the inline room is full: everything moves to the heap, in order
      heap_.reserve(2 * N + 1);
      for (T& held : inline_) heap_.push_back(std::move(held));
    }
    heap_.push_back(std::move(item));
    ++size_;
  }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    push_back(T{std::forward<Args>(args)...});
    return back();
  }
  void clear() {
    size_ = 0;
    heap_.clear();
  }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] T* begin() { return on_heap() ? heap_.data() : inline_.data(); }
  [[nodiscard]] T* end() { return begin() + size_; }
  [[nodiscard]] const T* begin() const { return on_heap() ? heap_.data() : inline_.data(); }
  [[nodiscard]] const T* end() const { return begin() + size_; }
  [[nodiscard]] T& operator[](std::size_t i) { return begin()[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return begin()[i]; }
  [[nodiscard]] T& front() { return *begin(); }
  [[nodiscard]] const T& front() const { return *begin(); }
  [[nodiscard]] T& back() { return end()[-1]; }
  [[nodiscard]] const T& back() const { return end()[-1]; }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  [[nodiscard]] bool on_heap() const { return size_ > N; }
  void assign(std::initializer_list<T> items) {
    clear();
    for (const T& item : items) push_back(item);
  }

  std::array<T, N> inline_{};  // the first N elements while there are at most N
  std::vector<T> heap_;        // every element once there are more
  std::size_t size_ = 0;
};

}  // namespace connector
