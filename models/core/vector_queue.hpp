// A first-in first-out queue kept in one std::vector: pop_front advances a head index, and the vector is emptied
// when the queue empties and compacted when the popped head is at least half of it (amortised O(1) per element).
// Why not std::deque: libstdc++'s deque allocates a 512-byte block and its map when it is constructed, used or not.
// A broadcast's 5,000 receivers each held three (the ACL queue, the shadowing steps, the sink's loss notes) that
// most of them never use: 8.6 MB touched at set-up, a page fault per 4 KB (docs/performance.md). This one
// allocates on the first push, and keeps its elements contiguous.
#pragma once

#include <cstddef>
#include <iterator>
#include <vector>

namespace btlinksim {

template <class T>
class VectorQueue {
public:
  using iterator       = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  bool empty() const { return head_ == v_.size(); }
  std::size_t size() const { return v_.size() - head_; }
  T& front() { return v_[head_]; }
  const T& front() const { return v_[head_]; }
  T& back() { return v_.back(); }
  const T& back() const { return v_.back(); }
  T& operator[](std::size_t i) { return v_[head_ + i]; }
  const T& operator[](std::size_t i) const { return v_[head_ + i]; }
  iterator begin() { return v_.begin() + static_cast<std::ptrdiff_t>(head_); }
  iterator end() { return v_.end(); }
  const_iterator begin() const { return v_.begin() + static_cast<std::ptrdiff_t>(head_); }
  const_iterator end() const { return v_.end(); }

  void push_back(const T& x) { v_.push_back(x); }
  iterator insert(const_iterator at, const T& x) { return v_.insert(at, x); }  // at in [begin(), end()]
  void pop_front()
  {
    ++head_;
    if (head_ == v_.size())
      clear();
    else if (head_ >= kCompactFrom && 2 * head_ >= v_.size()) {
      v_.erase(v_.begin(), v_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  void clear()  // keeps the capacity
  {
    v_.clear();
    head_ = 0;
  }

private:
  static constexpr std::size_t kCompactFrom = 64;  // popped elements before compacting is worth a move
  std::vector<T> v_;
  std::size_t head_ = 0;
};

}  // namespace btlinksim
