// VectorQueue (models/core/vector_queue.hpp), the FIFO that replaced std::deque in the ACL queue, the shadowing
// steps and a sink's loss notes: the same contents as a std::deque under the same operations, through every
// compaction and every emptying.
#include "models/core/vector_queue.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <deque>
#include <vector>

using btlinksim::VectorQueue;

namespace {
void same(const VectorQueue<int>& q, const std::deque<int>& d)
{
  REQUIRE(q.size() == d.size());
  REQUIRE(q.empty() == d.empty());
  if (!d.empty()) {
    CHECK(q.front() == d.front());
    CHECK(q.back() == d.back());
  }
  REQUIRE(std::vector<int>(q.begin(), q.end()) == std::vector<int>(d.begin(), d.end()));
  for (size_t i = 0; i < d.size(); ++i)
    REQUIRE(q[i] == d[i]);
}
}  // namespace

TEST_CASE("a VectorQueue holds what a std::deque holds under the same pushes, pops, inserts and clears")
{
  VectorQueue<int> q;
  std::deque<int> d;
  same(q, d);
  // A fixed pseudo-random walk (64-bit LCG, Knuth's MMIX constants) long enough to grow past the compaction
  // threshold (64 popped) many times, to empty the queue often, and to insert in the middle as the loss notes do.
  std::uint64_t x = 12345;
  auto next       = [&x] { return (x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  int value       = 0;
  for (int step = 0; step < 20000; ++step) {
    const auto r = next() % 100;
    if (r < 50) {
      q.push_back(value);
      d.push_back(value);
      ++value;
    } else if (r < 90) {
      if (!d.empty()) {
        q.pop_front();
        d.pop_front();
      }
    } else if (r < 98) {
      const size_t at = d.empty() ? 0 : next() % (d.size() + 1);  // anywhere, both ends included
      q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), -value);
      d.insert(d.begin() + static_cast<std::ptrdiff_t>(at), -value);
    } else {
      q.clear();
      d.clear();
    }
    same(q, d);
  }
  // A long run of pushes, then pops down to one: compaction moves the survivors to the front of the vector.
  for (int i = 0; i < 1000; ++i) {
    q.push_back(i);
    d.push_back(i);
  }
  while (d.size() > 1) {
    q.pop_front();
    d.pop_front();
  }
  same(q, d);
  CHECK(q.front() == 999);
  q.front() = 7;  // written through front(), read through [] and back()
  CHECK(q[0] == 7);
  CHECK(q.back() == 7);
  q.pop_front();
  CHECK(q.empty());
  CHECK(q.begin() == q.end());
}
