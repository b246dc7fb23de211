#include "sim/output/results.hpp"

#include "sim/output/columns.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace btlinksim {

int ResultTable::column(const std::string& n) const
{
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == n)
      return static_cast<int>(i);
  throw std::out_of_range("no result column " + n + " in " + name);
}

// The encoding between a forked child and its parent, and in the run store: binary, in this machine's byte order
// (a header names the format and the order; a result of another order or format is refused, and the store then
// runs it again). Doubles are copied bit for bit (NaN payloads and -0.0 included); strings and vectors are
// length-prefixed. Text formatting of doubles was a quarter of a 5,000-receiver run and most of the parent's
// work per run of a sweep (docs/performance.md).
namespace {
constexpr char kMagic[8] = {'B', 'T', 'L', 'R', 'U', 'N', '3', '\n'};  // 3: the latency CDF compact
constexpr std::uint32_t kByteOrder = 0x01020304;

// Run twice: counting (the size, so that the output is allocated once: a 5,000-receiver run's 30 MB grown by
// doubling touched twice the memory, each fresh page a fault), then writing.
class Writer {
 public:
  void bytes(const void* p, size_t n)  // n = 0: an empty vector's data() may be null (no memcpy from it)
  {
    if (counting_)
      counted_ += n;
    else if (n > 0)
      out_.append(static_cast<const char*>(p), n);
  }
  template <class T> void pod(const T& v) { bytes(&v, sizeof v); }
  void size(size_t n) { pod(static_cast<std::uint64_t>(n)); }
  void str(const std::string& v) { size(v.size()); bytes(v.data(), v.size()); }
  void strs(const std::vector<std::string>& v) { size(v.size()); for (const auto& x : v) str(x); }
  void doubles(const std::vector<double>& v) { size(v.size()); bytes(v.data(), v.size() * sizeof(double)); }
  void write_from_here()  // after counting
  {
    counting_ = false;
    out_.reserve(counted_);
  }
  bool counting_ = true;
  size_t counted_ = 0;
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}
  void bytes(void* d, size_t n)
  {
    if (n > static_cast<size_t>(end_ - p_))
      throw std::runtime_error("bad run result: truncated");
    if (n == 0)
      return;  // an empty vector's data() may be null: no memcpy to it
    std::memcpy(d, p_, n);
    p_ += n;
  }
  template <class T> T pod() { T v; bytes(&v, sizeof v); return v; }
  size_t size(size_t each)  // a count of items of at least `each` bytes that the rest of the input can hold
  {
    const auto n = pod<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(end_ - p_) / std::max<size_t>(each, 1))
      throw std::runtime_error("bad run result: a length beyond its end");
    return static_cast<size_t>(n);
  }
  std::string str() { std::string v(size(1), '\0'); bytes(v.data(), v.size()); return v; }
  std::vector<std::string> strs()
  {
    std::vector<std::string> v(size(sizeof(std::uint64_t)));
    for (auto& x : v)
      x = str();
    return v;
  }
  std::vector<double> doubles() { std::vector<double> v(size(sizeof(double))); bytes(v.data(), v.size() * sizeof(double)); return v; }
  bool done() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

void write_table(Writer& w, const ResultTable& t)
{
  w.str(t.name);
  w.strs(t.row_names);
  w.strs(t.columns);
  w.strs(t.units);
  w.size(t.values.size());
  for (const auto& c : t.values)
    w.doubles(c);
  w.strs(t.text_columns);
  w.size(t.text_values.size());
  for (const auto& c : t.text_values)
    w.strs(c);
}

ResultTable read_table(Reader& r)
{
  ResultTable t;
  t.name      = r.str();
  t.row_names = r.strs();
  t.columns   = r.strs();
  t.units     = r.strs();
  t.values.resize(r.size(sizeof(std::uint64_t)));
  for (auto& c : t.values)
    c = r.doubles();
  t.text_columns = r.strs();
  t.text_values.resize(r.size(sizeof(std::uint64_t)));
  for (auto& c : t.text_values)
    c = r.strs();
  const size_t rows = t.row_names.size();
  bool ok = t.units.size() == t.columns.size() && t.values.size() == t.columns.size() &&
            t.text_values.size() == t.text_columns.size();
  for (const auto& c : t.values)
    ok = ok && c.size() == rows;
  for (const auto& c : t.text_values)
    ok = ok && c.size() == rows;
  if (!ok)
    throw std::runtime_error("bad run result: table " + t.name + " is not rectangular");
  return t;
}
}  // namespace

std::string RunResult::serialize() const
{
  Writer w;
  for (int pass = 0; pass < 2; ++pass) {
    w.bytes(kMagic, sizeof kMagic);
    w.pod(kByteOrder);
    w.pod(static_cast<std::int64_t>(replication));
    w.pod(sim_end_s);
    w.pod(wall_s);
    w.pod(static_cast<std::int64_t>(events));
    for (const ResultTable* t : {&sinks, &links, &devices, &formation, &outages, &timeseries})
      write_table(w, *t);
    w.pod(static_cast<std::uint8_t>(latency_cdf.tabulated));
    w.strs(latency_cdf.sinks);
    w.doubles(latency_cdf.latency_s);
    if (pass == 0)
      w.write_from_here();
  }
  return std::move(w.out_);
}

RunResult RunResult::deserialize(std::string_view bytes)
{
  Reader in(bytes);
  char magic[sizeof kMagic];
  in.bytes(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0 || in.pod<std::uint32_t>() != kByteOrder)
    throw std::runtime_error("bad run result: not this version's format or byte order");
  RunResult r;
  r.replication = static_cast<int>(in.pod<std::int64_t>());
  r.sim_end_s   = in.pod<double>();
  r.wall_s      = in.pod<double>();
  r.events      = in.pod<std::int64_t>();
  for (ResultTable* t : {&r.sinks, &r.links, &r.devices, &r.formation, &r.outages, &r.timeseries})
    *t = read_table(in);
  const auto tabulated = in.pod<std::uint8_t>();
  if (tabulated > 1)
    throw std::runtime_error("bad run result: latency CDF flag " + std::to_string(tabulated));
  r.latency_cdf.tabulated = tabulated == 1;
  r.latency_cdf.sinks     = in.strs();
  r.latency_cdf.latency_s = in.doubles();
  if (r.latency_cdf.latency_s.size() != r.latency_cdf.sinks.size() * latency_cdf_levels().size())
    throw std::runtime_error("bad run result: latency CDF of " + std::to_string(r.latency_cdf.latency_s.size()) +
                             " values for " + std::to_string(r.latency_cdf.sinks.size()) + " sinks");
  if (!in.done())
    throw std::runtime_error("bad run result: bytes after its end");
  return r;
}

}  // namespace btlinksim
