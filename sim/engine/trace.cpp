#include "sim/engine/trace.hpp"

#include "btlinksim/version.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "sim/output/temporary.hpp"
#include "sim/scenario/transport_kind.hpp"

namespace btlinksim {

namespace {
constexpr int kRadios = 1, kLinks = 2, kSinks = 3, kFormation = 4;  // trace "processes" (track groups)
double us(double s) { return s * 1e6; }
}  // namespace

TraceCollector::TraceCollector(const Run& run)
    : run_(run), from_s_(run.s.output.trace_from_s), to_s_(run.s.output.trace_from_s + run.s.output.trace_for_s)
{
}

void TraceCollector::connect(Signals& s, SinkCollector& sinks, std::function<ExchangeChannel(int, double)> channel)
{
  s.on_exchange.connect([this, channel](int link, int attempt, bool ok, double a, double b) {
    if (inside(a, b))
      exchanges_.push_back({link, attempt, ok, a, b, channel(link, a)});
  });
  s.on_clean_exchanges.connect([this, channel](int link, std::int64_t n, double start, double spacing, double air) {
    // Only those in the window (a broadcast receiver's run can be minutes long).
    const auto i0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor((from_s_ - start) / spacing)));
    for (std::int64_t i = i0; i < n; ++i) {
      const double a = start + static_cast<double>(i) * spacing;
      if (a >= to_s_)
        break;
      if (inside(a, a + air))
        exchanges_.push_back({link, 1, true, a, a + air, channel(link, a)});
    }
  });
  sinks.on_underrun = [this](int sink, double t) {
    if (inside(t, t))
      underruns_.emplace_back(sink, t);
  };
}

void TraceCollector::write(const std::string& path, const RunResult& r) const
{
  using nlohmann::ordered_json;
  const auto& s = run_.s;
  ordered_json ev = ordered_json::array();
  auto meta = [&](int pid, int tid, const char* what, const std::string& name) {
    ordered_json m{{"ph", "M"}, {"pid", pid}, {"name", what}, {"args", {{"name", name}}}};
    if (tid >= 0)
      m["tid"] = tid;
    ev.push_back(std::move(m));
  };
  meta(kRadios, -1, "process_name", "radios (half duplex)");
  meta(kLinks, -1, "process_name", "links");
  meta(kSinks, -1, "process_name", "sinks (playout)");
  meta(kFormation, -1, "process_name", "link formation and outages");
  for (size_t d = 0; d < s.devices.size(); ++d)
    meta(kRadios, static_cast<int>(d), "thread_name", s.devices[d].name);
  for (size_t l = 0; l < run_.links.size(); ++l)
    meta(kLinks, static_cast<int>(l), "thread_name", run_.links[l]->name);
  for (size_t i = 0; i < s.resolved.topo.sinks.size(); ++i)
    meta(kSinks, static_cast<int>(i), "thread_name", s.devices[s.resolved.topo.sinks[i]].name);
  const TransportKind& transport = transport_of(s);
  const std::string what         = transport.packet_name(s);
  auto slice = [&](int pid, int tid, const std::string& name, double a, double b, ordered_json args) {
    ev.push_back({{"ph", "X"}, {"pid", pid}, {"tid", tid}, {"name", name}, {"ts", us(a)}, {"dur", us(b - a)},
                  {"args", std::move(args)}});
  };
  for (const auto& x : exchanges_) {
    const auto& l = *run_.links[x.link];
    ordered_json args{{"link", l.name}, {"packet", what}, {"attempt", x.attempt}, {"outcome", x.ok ? "received" : "lost"}};
    if (x.channel.index >= 0) {
      args["channel"] = x.channel.index;
      args["mhz"]     = x.channel.mhz;
    }
    const std::string name = what + (x.ok ? "" : " (lost)");
    slice(kLinks, x.link, name, x.start_s, x.end_s, args);
    if (transport.bluetooth_air()) {  // the radios' time (Wi-Fi air time is the network model's)
      slice(kRadios, l.tx, "tx " + l.name, x.start_s, x.end_s, args);
      slice(kRadios, l.rx, "rx " + l.name, x.start_s, x.end_s, args);
    }
  }
  for (const auto& [sink, t] : underruns_)
    ev.push_back({{"ph", "i"}, {"pid", kSinks}, {"tid", sink}, {"name", "underrun"}, {"ts", us(t)}, {"s", "t"}});
  // Formation: discovery (or page for a host link) from start to discovered, then page / handshake to up.
  const auto& F = r.formation;
  for (size_t i = 0; i < F.row_names.size(); ++i) {
    const double a = F.at("start_s", i), disc = F.at("discovered_s", i), up = F.at("up_s", i);
    const double end = std::isnan(up) ? run_.end_s : up;
    const double mid = std::isnan(disc) ? a : disc;
    if (mid > a && inside(a, mid))
      slice(kFormation, static_cast<int>(i), "inquiry / scan", std::max(a, from_s_), std::min(mid, to_s_), {{"link", F.row_names[i]}});
    if (end > mid && inside(mid, end))
      slice(kFormation, static_cast<int>(i), std::isnan(up) ? "not linked" : "page, set-up, handshake", std::max(mid, from_s_),
            std::min(end, to_s_), {{"link", F.row_names[i]}, {"reason", F.text_values[0][i]}});
    meta(kFormation, static_cast<int>(i), "thread_name", F.row_names[i]);
  }
  const auto& O = r.outages;
  for (size_t i = 0; i < O.row_names.size(); ++i) {
    const double down = O.at("down_s", i), end = down + O.at("outage_s", i);
    const int tid = 1000 + static_cast<int>(i);
    if (inside(down, end))
      slice(kFormation, tid, "outage: " + O.row_names[i], std::max(down, from_s_), std::min(end, to_s_),
            {{"link", O.row_names[i]}, {"pages", O.at("pages", i)}});
    meta(kFormation, tid, "thread_name", "outage " + O.row_names[i]);
  }
  ordered_json doc;
  doc["otherData"] = {{"producer", std::string("btlinksim ") + BTLINKSIM_VERSION + " (git " + BTLINKSIM_GIT_COMMIT + ")"},
                      {"scenario", s.title},
                      {"replication", run_.rep},
                      {"window_s", {from_s_, to_s_}}};
  if (transport.name() == "acl") {
    // What each link's channels follow (the specification's hop selection), so they can be checked outside: the
    // central's address and clock, and its slot grid (CLK = clk0 + floor((t - phase_s) / (period_s / 4))).
    ordered_json hops = ordered_json::array();
    for (const auto& l : run_.links) {
      const HopSequence& h = l->phy.hop_sequence();
      hops.push_back({{"link", l->name}, {"central_address", h.address}, {"clk0", h.clk0}, {"phase_s", h.phase_s},
                      {"period_s", h.period_s}, {"afh", s.connection.afh}});
    }
    doc["otherData"]["hop_sequences"] = std::move(hops);
  }
  doc["displayTimeUnit"] = "ms";
  doc["traceEvents"]     = std::move(ev);
  write_file_atomically(path, doc.dump() + "\n");  // checked write, fsync, rename (sim/output/temporary.hpp)
}

}  // namespace btlinksim
