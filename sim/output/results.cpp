#include "sim/output/results.hpp"

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
constexpr char kMagic[8] = {'B', 'T', 'L', 'R', 'U', 'N', '4', '\n'};  // 4: the latency CDF as histograms
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
  template <class T> void pods(const std::vector<T>& v) { size(v.size()); bytes(v.data(), v.size() * sizeof(T)); }
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
  template <class T> std::vector<T> pods() { std::vector<T> v(size(sizeof(T))); bytes(v.data(), v.size() * sizeof(T)); return v; }
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
    w.pods(c);
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
    c = r.pods<double>();
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

void LatencyCdf::reserve(size_t n)
{
  sinks.reserve(n);
  for (auto* v : {&base, &count, &window_end})
    v->reserve(n);
  min_s.reserve(n);
  max_s.reserve(n);
}

void LatencyCdf::add(const std::string& sink, const HistogramCounts& h)
{
  if (sinks.empty()) {
    log_lo          = h.log_lo;
    bins_per_decade = h.bins_per_decade;
    nbins           = h.nbins;
  } else if (h.log_lo != log_lo || h.bins_per_decade != bins_per_decade || h.nbins != nbins) {
    throw std::logic_error("latency CDF: sink " + sink + "'s histogram is binned unlike the first sink's");
  }
  sinks.push_back(sink);
  base.push_back(h.base);
  count.push_back(h.n);
  min_s.push_back(h.min);
  max_s.push_back(h.max);
  window.insert(window.end(), h.window, h.window + h.size);
  window_end.push_back(window.size());
}

HistogramCounts LatencyCdf::counts(size_t i) const
{
  const size_t from = i == 0 ? 0 : window_end[i - 1];
  return {log_lo, bins_per_decade, nbins, base[i], window.data() + from, window_end[i] - from, count[i], min_s[i], max_s[i]};
}

std::string LatencyCdf::mismatch() const
{
  const size_t n = sinks.size();
  if (base.size() != n || count.size() != n || window_end.size() != n || min_s.size() != n || max_s.size() != n)
    return std::to_string(n) + " sinks but " + std::to_string(base.size()) + " first bins, " + std::to_string(count.size()) +
           " counts, " + std::to_string(window_end.size()) + " window ends, " + std::to_string(min_s.size()) + " minima and " +
           std::to_string(max_s.size()) + " maxima";
  if (n > 0 && (nbins < 2 || !(bins_per_decade > 0)))
    return "a binning of " + std::to_string(nbins) + " bins at " + std::to_string(bins_per_decade) + " per decade";
  std::uint64_t from = 0;
  for (size_t i = 0; i < n; ++i) {
    if (window_end[i] < from || window_end[i] > window.size())
      return "sink " + sinks[i] + "'s counts end at " + std::to_string(window_end[i]) + ", outside " +
             std::to_string(from) + " .. " + std::to_string(window.size());
    if (base[i] > nbins || window_end[i] - from > nbins - base[i])
      return "sink " + sinks[i] + "'s counts run past the last of " + std::to_string(nbins) + " bins";
    std::uint64_t sum = 0;
    for (std::uint64_t k = from; k < window_end[i]; ++k)
      sum += window[k];
    if (sum != count[i])
      return "sink " + sinks[i] + "'s counts sum to " + std::to_string(sum) + ", not its count " + std::to_string(count[i]);
    from = window_end[i];
  }
  if (n > 0 && from != window.size())
    return std::to_string(window.size() - from) + " counts after the last sink's";
  if (n == 0 && !window.empty())
    return "counts without a sink";
  return {};
}

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
    const LatencyCdf& cdf = latency_cdf;
    w.strs(cdf.sinks);
    w.pod(cdf.log_lo);
    w.pod(cdf.bins_per_decade);
    w.pod(cdf.nbins);
    for (const auto* v : {&cdf.base, &cdf.count, &cdf.window_end, &cdf.window})
      w.pods(*v);
    w.pods(cdf.min_s);
    w.pods(cdf.max_s);
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
  LatencyCdf& cdf     = r.latency_cdf;
  cdf.sinks           = in.strs();
  cdf.log_lo          = in.pod<double>();
  cdf.bins_per_decade = in.pod<double>();
  cdf.nbins           = in.pod<std::uint64_t>();
  for (auto* v : {&cdf.base, &cdf.count, &cdf.window_end, &cdf.window})
    *v = in.pods<std::uint64_t>();
  cdf.min_s = in.pods<double>();
  cdf.max_s = in.pods<double>();
  if (const std::string why = cdf.mismatch(); !why.empty())
    throw std::runtime_error("bad run result: latency CDF: " + why);
  if (!in.done())
    throw std::runtime_error("bad run result: bytes after its end");
  return r;
}

}  // namespace btlinksim
