#include "sim/output/columns.hpp"

#include <algorithm>

#include <sstream>
#include <string>
#include <stdexcept>

namespace btlinksim {

const ColumnDecl* TableDecl::find(const std::string& c) const
{
  for (const auto* list : {&columns, &text_columns})
    for (const auto& d : *list)
      if (d.name == c)
        return &d;
  return nullptr;
}

std::string column_label(const ColumnDecl& c)
{
  if (!c.label.empty())
    return c.label;
  const size_t end = c.meaning.find_first_of(":(;,");
  std::string l     = c.meaning.substr(0, end);
  while (!l.empty() && (l.back() == ' ' || l.back() == ','))
    l.pop_back();
  return l.empty() ? c.name : l;
}

const TableDecl& sinks_columns()
{
  static const TableDecl t{
      "sinks",
      "one row per sink (a speaker that plays), in topology order",
      {{"frames_due", "1", "frames whose play time fell inside the run, from the sink's first played frame", {}, "frames due"},
       {"frames_on_time", "1", "frames that arrived before their play time"},
       {"frames_late", "1", "frames that arrived after their play time (not played)"},
       {"frames_lost", "1", "frames due that never arrived"},
       {"frames_received", "1", "frames that arrived, on time or late"},
       {"dropouts", "1", "runs of consecutive missing (late or lost) frames while playing: playout underruns (NaN: never played)"},
       {"dropout_duration_s", "s", "audio missing while playing: frames_lost x frame duration (NaN: never played)"},
       {"dropouts_per_min", "1/min", "dropouts per minute of audio (NaN: never played)", {}, "dropouts per minute"},
       {"dropouts_channel", "1", "dropouts that began with a frame lost to the channel: not delivered after ARQ on a hop of its path, or an ISO payload flushed (NaN: never played)", {}, "dropouts caused by the channel"},
       {"dropouts_air_time", "1", "dropouts that began with a frame dropped at a full transmit queue on its path: a radio could not keep up (NaN: never played)", {}, "dropouts caused by air time"},
       {"dropouts_link_loss", "1", "dropouts that began with a frame sent while a link of its path was down: supervision timeout until reconnected (NaN: never played)", {}, "dropouts caused by link loss"},
       {"dropouts_host", "1", "dropouts that began with a frame for a link of its path the host had dropped (displaced) (NaN: never played)", {}, "dropouts caused by the host"},
       {"dropouts_late", "1", "dropouts that began with a frame that arrived after its play time, or was still on its way at the end (NaN: never played); the five dropouts_* columns sum to dropouts", {}, "dropouts caused by late frames"},
       {"startup_s", "s", "time from t = 0 until the sink plays its first frame (NaN: never played a frame)", {}, "time to first sound"},
       {"silent_s", "s", "time of the run the sink was not playing: before its first frame, after the host dropped it, or all of it"},
       {"silent_startup_s", "s", "silent before the first frame played: link formation and the playout delay (0 for a sink that never played)"},
       {"silent_displaced_s", "s", "silent after the host dropped the sink's link for another speaker", {}, "silent, displaced by the host"},
       {"silent_refused_s", "s", "silent all run: a link of its path was refused (host limit on audio links, incompatible firmware, a system that does not link speakers)"},
       {"silent_not_linked_s", "s", "silent all run for any other reason: never linked (page timeout, not discovered, run too short) or nothing arrived on time; the four silent_* columns sum to silent_s"},
       {"latency_mean_s", "s", "mean transport latency: frame arrival at the sink - capture start at the source (includes the encoder tick, host buffer, queueing, ARQ and every hop)", {}, "transport latency (mean)"},
       {"latency_p50_s", "s", "median transport latency (log-binned histogram, 1.2 % resolution)", {}, "transport latency (median)"},
       {"latency_p95_s", "s", "95th percentile of the transport latency", {}, "transport latency (95th percentile)"},
       {"latency_p99_s", "s", "99th percentile of the transport latency", {}, "transport latency (99th percentile)"},
       {"latency_max_s", "s", "largest transport latency", {}, "transport latency (largest)"},
       {"e2e_latency_mean_s", "s", "mean end-to-end latency, capture to sound, over the frames the sink plays: play time - capture start + codec algorithmic delay + output delay (NaN: never played)", {}, "end-to-end latency (mean)"},
       {"e2e_latency_min_s", "s", "smallest end-to-end latency of the frames it plays"},
       {"e2e_latency_max_s", "s", "largest end-to-end latency of the frames it plays (grows with the clock drift of a free-running sink)"},
       {"skew_mean_s", "s", "mean play-time difference to the first sink over the frames both play (NaN: one does not play)", {}, "inter-speaker skew (mean)"},
       {"skew_max_s", "s", "largest |play-time difference| to the first sink", {}, "inter-speaker skew (largest)"},
       {"sync_perception", "0=intact,1=image_shift,2=precedence,3=echo",
        "what skew_max_s does to a stereo image (docs/references.md [perception]): <= 50 us intact, <= 1 ms the image "
        "shifts to the earlier speaker, <= 5 ms one image at the leading speaker, beyond that an echo on transients "
        "(music tolerates up to ~30 ms); NaN for the first sink or one that does not play",
        {"intact", "image_shift", "precedence", "echo"}},
       {"clock_drift_ppm", "ppm", "the sink's clock error (scenario input)"}},
      {}};
  return t;
}

const TableDecl& links_columns()
{
  static const TableDecl t{
      "links",
      "one row per radio link of the topology (tx->rx), in topology order",
      {{"distance_m", "m", "distance between the ends at t = 0"},
       {"distance_min_m", "m", "smallest distance between the ends during the run (moving devices)"},
       {"distance_max_m", "m", "largest distance between the ends during the run"},
       {"median_rx_dbm", "dBm", "median received power at t = 0, with this replication's shadowing draw", {}, "median received power"},
       {"packets", "1", "audio packets put on the air (at least one attempt)"},
       {"delivered", "1", "packets acknowledged"},
       {"flushed", "1", "packets given up: flush timeout or end of the run"},
       {"queue_drops", "1", "packets dropped at a full transmit queue (never on the air)"},
       {"attempts", "1", "transmission attempts (exchanges)"},
       {"retransmissions", "1", "attempts - packets"},
       {"per", "1", "failed attempts / attempts (NaN: no attempt)"},
       {"airtime_s", "s", "time the link's exchanges held the channel"},
       {"disconnects", "1", "supervision timeouts"},
       {"outage_s", "s", "time lost to supervision timeouts until reconnected (or the end)"},
       {"reconnect_mean_s", "s", "mean time from a timeout to the reconnection (NaN: none reconnected)"}},
      {}};
  return t;
}

const TableDecl& devices_columns()
{
  static const TableDecl t{"devices",
                           "one row per device",
                           {{"airtime_s", "s", "time the device's one half-duplex radio was busy"},
                            {"utilisation", "1", "airtime_s / simulated time"},
                            {"airtime_need", "1", "share of time the radio needs for the audio by the air-time budget, before the run: its links' exchanges and, for a relay, one slot pair per packet to change piconet (docs/models.md, \"Air-time budget\"); above 1 it cannot keep up (NaN: LE Audio, Wi-Fi)", {}, "air-time need (budget)"},
                            {"tx_s", "s", "time transmitting: its packets, its acknowledgements (NULL / empty PDUs)"},
                            {"rx_s", "s", "time receiving: packets addressed to it, overheard (snoop), or broadcast copies it listened to"},
                            {"energy_j", "J", "radio energy over the run from its power profile (tx, rx, idle; + other_current)"},
                            {"current_a", "A", "mean current over the run: energy_j / (supply x simulated time)"},
                            {"energy_per_hour_j", "J", "energy_j per hour of audio (scaled by 3600 s / duration)"},
                            {"battery_h", "h", "battery capacity / current_a (NaN: no battery given)"},
                            {"x_m", "m", "position at t = 0: x (the floor plan's first coordinate)"},
                            {"y_m", "m", "position at t = 0: y"}},
                           {}};
  return t;
}

const TableDecl& latency_cdf_columns()
{
  static const TableDecl t{"latency_cdf",
                           "one row per sink and level (0, 0.01, ..., 0.99, 0.995, 0.999, 1) of a sink that received "
                           "a frame: its transport latency's distribution, from the same log-binned histogram as "
                           "latency_p50_s .. latency_max_s",
                           {{"level", "1", "fraction of the sink's frames at or below latency_s (0: the smallest, 1: "
                                           "the largest)", {}, "fraction of frames"},
                            {"latency_s", "s", "transport latency at that level (1.2 % resolution; exact at 0 and 1)",
                             {}, "transport latency"}},
                           {}};
  return t;
}

const std::vector<double>& latency_cdf_levels()
{
  static const std::vector<double> levels = [] {
    std::vector<double> v;
    for (int k = 0; k <= 99; ++k)
      v.push_back(k / 100.0);
    v.insert(v.end(), {0.995, 0.999, 1.0});
    return v;
  }();
  return levels;
}

ResultTable latency_cdf_table(const LatencyCdf& cdf)
{
  if (const std::string why = cdf.mismatch(); !why.empty())
    throw std::logic_error("latency_cdf: " + why);
  const auto& levels = latency_cdf_levels();
  ResultTable t      = make_table(latency_cdf_columns());
  if (t.values.size() != 2 || !t.text_values.empty())
    throw std::logic_error("latency_cdf: the table is filled with exactly the columns level and latency_s");
  auto& level     = t.values[static_cast<size_t>(t.column("level"))];
  auto& latency_s = t.values[static_cast<size_t>(t.column("latency_s"))];
  const size_t rows = cdf.sinks.size() * levels.size();
  t.row_names.reserve(rows);
  level.reserve(rows);
  latency_s.reserve(rows);
  for (size_t i = 0; i < cdf.sinks.size(); ++i) {
    t.row_names.insert(t.row_names.end(), levels.size(), cdf.sinks[i]);
    level.insert(level.end(), levels.begin(), levels.end());
    const HistogramCounts h = cdf.counts(i);
    for (const double q : levels)
      latency_s.push_back(h.quantile(q));  // (the minimum at 0, the largest at 1)
  }
  return t;
}

const TableDecl& walls_columns()
{
  static const TableDecl t{"walls",
                           "one row per wall of environment.walls (the floor plan seen from above), once per file: "
                           "not per replication",
                           {{"from_x_m", "m", "one end of the wall: x"},
                            {"from_y_m", "m", "one end of the wall: y"},
                            {"to_x_m", "m", "the other end: x"},
                            {"to_y_m", "m", "the other end: y"},
                            {"loss_db", "dB", "what a link crossing it loses (its type's loss or its own)"}},
                           {}};
  return t;
}

const TableDecl& formation_columns()
{
  static const TableDecl t{
      "formation",
      "one row per link formed at power-on (speaker pairs first, then the host's links; le_audio_cis: one per CIS; "
      "auracast: one per receiver's sync); "
      "present with a preset or a formation section",
      {{"start_s", "s", "both ends ready (booted)"},
       {"discovered_s", "s", "speaker pairs: the inquiry response; LE: the sink's AUX_ADV_IND heard (NaN: BR/EDR host "
                              "links, or not discovered)"},
       {"up_s", "s", "the link is formed: audio may flow (LE: the CIS's first anchor, or the first BIG event received; NaN: never)"},
       {"time_to_link_s", "s", "up_s - start_s"},
       {"handshake_s", "s", "duration of the firmware handshake; LE: set-up and CIS creation over the connection, or "
                             "the BIGInfo and BIG sync after the broadcast was found (NaN: none)"},
       {"down_s", "s", "displaced by the host at (NaN: kept)"},
       {"retries", "1", "pages and handshakes tried again; LE: connections failed to be established or lost in set-up"},
       {"messages", "1", "handshake messages sent; LE: Link Layer messages through (set-up and CIS creation)"},
       {"outcome", "0=stereo,1=mono,2=failed", "how the link ended up: a category, not a quantity", {"stereo", "mono", "failed"}}},
      {{"reason", "text", "why: connected, page timeout, incompatible firmware, CIS established, BIG synchronised, ..."}}};
  return t;
}

const TableDecl& outages_columns()
{
  static const TableDecl t{"outages",
                           "one row per supervision timeout (a link lost), in the order they happened",
                           {{"last_ok_s", "s", "last acknowledged exchange before the loss"},
                            {"down_s", "s", "the link is lost: last_ok_s + supervision timeout"},
                            {"up_s", "s", "reconnected at (NaN: not before the end)"},
                            {"outage_s", "s", "up_s (or the end) - down_s"},
                            {"pages", "1", "pages of 5.12 s tried"}},
                           {}};
  return t;
}

const TableDecl& timeseries_columns()
{
  static const TableDecl t{"timeseries",
                           "with output.timeseries: true, one row per packet arrival at a sink",
                           {{"sink_index", "1", "the sink: its position among one replication's rows of /sinks (0 = first)"},
                            {"first_frame", "1", "index of the packet's first frame"},
                            {"frames", "1", "frames in the packet"},
                            {"capture_s", "s", "capture start of the first frame at the source"},
                            {"arrival_s", "s", "arrival at the sink (end of the delivering exchange)"},
                            {"play_s", "s", "when the sink renders the packet's first frame (its schedule); play_s - arrival_s is its buffer ahead, the difference to another sink's play_s for the same frame the skew"},
                            {"rx_dbm", "dBm", "median received power on the link that feeds the sink, at arrival (shadowing, walls, motion; before fading)"}},
                           {},
                           false};
  return t;
}

const ColumnDecl& replication_column()
{
  static const ColumnDecl c{"replication", "1", "replication index (its random streams: seed, replication, entity, purpose)"};
  return c;
}

const TableDecl& replications_columns()
{
  static const TableDecl t{"replications",
                           "one row per replication of the run",
                           {{"sim_end_s", "s", "simulated time at the end of the replication"},
                            {"wall_s", "s", "engine wall time of the replication (the only value that is not reproducible)"},
                            {"packet_hops", "1", "packet-hops simulated (one exchange on one link, whatever its outcome)"}},
                           {},
                           false};
  return t;
}

std::vector<const TableDecl*> output_tables()
{
  return {&sinks_columns(), &links_columns(), &devices_columns(), &formation_columns(), &outages_columns(),
          &timeseries_columns(), &latency_cdf_columns()};
}

ResultTable make_table(const TableDecl& t, size_t rows)
{
  ResultTable r;
  r.name = t.name;
  for (const auto& c : t.columns)
    r.add_column(c.name, c.unit);
  for (const auto& c : t.text_columns)
    r.add_text_column(c.name);
  r.row_names.reserve(rows);
  for (auto& c : r.values)
    c.reserve(rows);
  for (auto& c : r.text_values)
    c.reserve(rows);
  return r;
}

namespace {
// Where a row's values go: the column of each name in the order the call gives them, checked once per call site.
// A call site passes the same string literals every row, so their addresses identify the layout, and a table of
// 5,000 rows compares its names as strings once rather than per row (that was a fifth of a stadium's engine
// instructions; docs/performance.md).
struct RowLayout {
  const TableDecl* decl             = nullptr;
  const ColumnDecl* decl_columns    = nullptr;  // the declaration's storage: another declaration at the same address differs
  std::vector<const char*> names, text_names;
  std::vector<size_t> columns, text_columns;
};

// Matches each name to its declared column by string: every declared column exactly once (std::logic_error otherwise).
RowLayout layout_of(const TableDecl& decl, std::initializer_list<std::pair<const char*, double>> values,
                    std::initializer_list<std::pair<const char*, std::string>> texts)
{
  if (values.size() != decl.columns.size() || texts.size() != decl.text_columns.size())
    throw std::logic_error("table " + decl.name + ": a row must give every declared column once");
  RowLayout l{&decl, decl.columns.data(), {}, {}, {}, {}};
  auto match = [&decl](const std::vector<ColumnDecl>& declared, const char* name, std::vector<size_t>& to,
                       const char* what) {
    size_t c = declared.size();
    if (to.size() < declared.size() && declared[to.size()].name == name)
      c = to.size();  // values mostly come in declared order: no search
    for (size_t i = 0; i < declared.size() && c == declared.size(); ++i)
      if (declared[i].name == name)
        c = i;
    if (c == declared.size() || std::find(to.begin(), to.end(), c) != to.end())
      throw std::logic_error("table " + decl.name + ": " + what + "'" + name + "' is undeclared or given twice");
    to.push_back(c);
  };
  for (const auto& v : values) {
    l.names.push_back(v.first);
    match(decl.columns, v.first, l.columns, "column ");
  }
  for (const auto& v : texts) {
    l.text_names.push_back(v.first);
    match(decl.text_columns, v.first, l.text_columns, "text column ");
  }
  return l;
}

const RowLayout& layout_for(const TableDecl& decl, std::initializer_list<std::pair<const char*, double>> values,
                            std::initializer_list<std::pair<const char*, std::string>> texts)
{
  thread_local std::vector<RowLayout> known;  // one per call site used so far (a dozen)
  auto same = [](const std::vector<const char*>& names, const auto& given) {
    return names.size() == given.size() &&
           std::equal(names.begin(), names.end(), given.begin(), [](const char* n, const auto& g) { return n == g.first; });
  };
  for (const auto& l : known)
    if (l.decl == &decl && l.decl_columns == decl.columns.data() && same(l.names, values) && same(l.text_names, texts))
      return l;
  RowLayout l = layout_of(decl, values, texts);
  if (known.size() >= 64)
    known.clear();
  known.push_back(std::move(l));
  return known.back();
}
}  // namespace

void add_row(ResultTable& table, const TableDecl& decl, const std::string& row_name,
             std::initializer_list<std::pair<const char*, double>> values,
             std::initializer_list<std::pair<const char*, std::string>> texts)
{
  const RowLayout& l = layout_for(decl, values, texts);
  if (table.values.size() != decl.columns.size() || table.text_values.size() != decl.text_columns.size())
    throw std::logic_error("table " + table.name + " was not made from the declaration of " + decl.name);
  size_t k = 0;
  for (const auto& v : values)
    table.values[l.columns[k++]].push_back(v.second);
  k = 0;
  for (const auto& v : texts)
    table.text_values[l.text_columns[k++]].push_back(v.second);
  table.row_names.push_back(row_name);
}

std::string outputs_markdown()
{
  std::ostringstream os;
  os << "# Output reference\n\n"
        "Generated by `btlinksim outputs` from the output declarations (sim/output/columns.cpp; do not edit by "
        "hand, `tests` checks it is current). Each table is an HDF5 group of 1-D datasets, one per column, with "
        "`units`, `description` and `label` attributes (the label, a short human name that figures and reports "
        "put on axes, is declared for the headline columns and otherwise the meaning up to its first ':', '(', ';' "
        "or ',') and, except in `/timeseries` and `/replications`, a `name` dataset holding the row names; the "
        "console and `--json` use the same column names.\n\n"
        "`btlinksim run` writes one file per scenario (`output.file`) holding every replication: each table "
        "stacks the replications' rows, `replication` first. `/summary_sinks` has one row per sink with, for "
        "each `/sinks` column COL, `COL_n` (replications with a value; NaN means none), `COL_mean`, `COL_sd` and "
        "`COL_ci95` (95 % Student-t half-width); a category column gets `COL_count_VALUE` instead. A sweep's "
        "file (docs/sweeps.md) puts `point` before `replication`, the swept parameters' values after the text "
        "columns, and has `/points`, `/runs` and `/points_sinks` (the same summary per point).\n\n";
  std::vector<const TableDecl*> tables = output_tables();
  tables.push_back(&replications_columns());
  tables.push_back(&walls_columns());
  for (const auto* t : tables) {
    os << "## `/" << t->name << "`\n\n" << t->meaning << ".\n\n| column | unit | meaning |\n|---|---|---|\n";
    const ColumnDecl& rep = replication_column();
    if (t != &walls_columns())
      os << "| `" << rep.name << "` | " << rep.unit << " | " << rep.meaning << " |\n";
    for (const auto* list : {&t->columns, &t->text_columns})
      for (const auto& c : *list)
        os << "| `" << c.name << "` | " << c.unit << " | " << c.meaning
           << (c.categories.empty() ? "" : " (summaries count each category; they never average it)") << " |\n";
    os << "\n";
  }
  return os.str();
}

}  // namespace btlinksim
