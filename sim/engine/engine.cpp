// One replication on SimGrid: the engine (configured for instantaneous messages and the user's log settings),
// the world of the run, its transport (sim/engine/transport.hpp: the platform, the source and whatever carries
// the audio, how the sinks keep time), the collectors on its signals, and the actors: formation (when enabled),
// the transport's, and an actor that holds the run open until its end.
#include "sim/engine/engine.hpp"
#include "sim/engine/sim_progress.hpp"

#include "sim/engine/collectors.hpp"
#include "sim/engine/formation_actors.hpp"
#include "sim/engine/trace.hpp"
#include "sim/engine/pcap.hpp"
#include "sim/engine/fault_injection.hpp"
#include "sim/engine/run.hpp"
#include "sim/engine/tabulate.hpp"
#include "sim/engine/transport.hpp"
#include "sim/output/columns.hpp"
#include "sim/scenario/transport_kind.hpp"

#include <simgrid/s4u.hpp>

#include <chrono>
#include <map>
#include <memory>

#include "sim/common/asan.hpp"

XBT_LOG_NEW_CATEGORY(btl, "btlinksim: every category of the simulator");
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_source, btl, "the source and the run");

namespace btlinksim {

namespace sg4 = simgrid::s4u;

namespace {
std::vector<std::string>& log_settings()
{
  static std::vector<std::string> s;
  return s;
}
}  // namespace

void set_log_settings(const std::vector<std::string>& settings) { log_settings() = settings; }

namespace {
// SimGrid's command line: its own logging off unless asked for (--log / --verbose: XBT categories btl.*).
std::vector<std::string> engine_args()
{
  std::vector<std::string> args{"btlinksim", "--log=root.thresh:critical"};
  for (const auto& l : log_settings())
    args.push_back("--log=" + l);
#if BTL_ASAN
  // Under AddressSanitizer (the hardening build, docs/hardening.md) actors run on system threads: ASan cannot
  // follow SimGrid's own stack switching and reports false stack-buffer-overflows when an actor's stack unwinds.
  // (The factory is chosen when the engine is made, so it goes on the command line.)
  args.push_back("--cfg=contexts/factory:thread");
#endif
  return args;
}

void configure(sg4::Engine& e)
{
  // LV08's latency/bandwidth factors and cross-traffic would stretch message times (docs/references.md [simgrid]);
  // air time is modelled by the radios, so messages must be instantaneous.
  e.set_config("network/latency-factor:1");
  e.set_config("network/bandwidth-factor:1");
  e.set_config("network/crosstraffic:0");
}

// Every frame arrival with its play time and the median power on the link that feeds the sink (NaN for a wired
// output, or where the Bluetooth radios do not carry the audio).
std::unique_ptr<TimeSeriesCollector> time_series(Run& run, SinkCollector& sinks)
{
  const auto& s = run.s;
  std::vector<int> feed(s.resolved.topo.sinks.size(), -1);  // the link each sink's frames come by (a wired output: none)
  for (size_t l = 0; l < s.resolved.topo.links.size(); ++l)
    if (const int k = s.resolved.topo.links[l].sink; k >= 0 && feed[k] < 0)
      feed[k] = static_cast<int>(l);
  const bool radios = transport_of(s).bluetooth_air();
  return std::make_unique<TimeSeriesCollector>(
      s.audio.codec.frame_duration_s, ClockModel{s.devices[s.resolved.topo.source].clock_drift_ppm},
      [&sinks](int sink, std::int64_t frame) { return sinks.trackers[sink].schedule().play_time(frame); },
      [&run, feed, radios](int sink, double t) {
        const int l = feed[sink];
        return l < 0 || !radios ? std::nan("") : run.field.median_rx_dbm(run.links[l]->tx, run.links[l]->rx, t);
      });
}

ResultTable time_series_table(const TimeSeries& x)
{
  const std::map<std::string, const std::vector<double>*> by_name{
      {"sink_index", &x.sink_index}, {"first_frame", &x.first_frame}, {"frames", &x.frames},
      {"capture_s", &x.capture_s}, {"arrival_s", &x.arrival_s}, {"play_s", &x.play_s}, {"rx_dbm", &x.rx_dbm}};
  const TableDecl& decl = timeseries_columns();
  ResultTable t         = make_table(decl);
  for (size_t c = 0; c < decl.columns.size(); ++c)
    t.values[c] = *by_name.at(decl.columns[c].name);
  t.row_names.resize(x.arrival_s.size());
  return t;
}

// Out of events while an actor still waits: SimGrid lists the actors on stderr and returns from run() as if the
// run had ended; here it is the run's failure. And the parent's progress line hears the clock (sim_progress.hpp).
void watch(Run& run)
{
  sg4::Engine::on_deadlock_cb([&run] {
    std::string who;
    for (const auto& a : sg4::Engine::get_instance()->get_all_actors())
      who += (who.empty() ? "" : ", ") + a->get_name() + "@" + a->get_host()->get_name();
    char at[64];
    std::snprintf(at, sizeof at, "deadlock at t = %.6f s: ", sg4::Engine::get_clock());
    run.fail(at + who + " wait for something that never comes");
  });
  if (SimProgress* p = sim_progress_target()) {
    p->end_s.store(run.end_s, std::memory_order_relaxed);
    sg4::Engine::on_time_advance_cb([p](double) { p->now_s.store(sg4::Engine::get_clock(), std::memory_order_relaxed); });
  }
}
}  // namespace

RunResult run_replication(const Scenario& s, int rep)
{
  const auto wall0 = std::chrono::steady_clock::now();
  std::vector<std::string> args = engine_args();
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  sg4::Engine e(&argc, argv.data());
  configure(e);

  Run run(s, rep);
  const std::unique_ptr<Transport> transport = make_transport(run);
  transport->create_platform();
  // The collectors, each on the signals it needs.
  LinkCollector links(run.links.size(), run.attempt.exchange_s);
  std::vector<SinkTiming> timing;
  for (size_t i = 0; i < s.resolved.topo.sinks.size(); ++i)
    timing.push_back(transport->sink_timing(i));
  SinkCollector sinks(s, rep, timing);
  std::vector<std::string> link_names;
  for (const auto& l : run.links)
    link_names.push_back(l->name);
  OutageCollector outages(std::move(link_names));
  links.connect(run.signals);
  sinks.connect(run.signals);
  outages.connect(run.signals);
  const auto ts = s.output.timeseries ? time_series(run, sinks) : nullptr;
  if (ts)
    ts->connect(run.signals);
  const bool shown = rep == 0;  // the trace and the capture show replication 0
  const auto trace = !s.output.trace.empty() && shown ? std::make_unique<TraceCollector>(run) : nullptr;
  if (trace)
    trace->connect(run.signals, sinks, [&t = *transport](int link, double start_s) { return t.exchange_channel(link, start_s); });
  const auto pcap = !s.output.pcap.empty() && shown ? std::make_unique<PcapCollector>(run) : nullptr;
  if (pcap)
    pcap->connect(run.signals);
  // The actors: formation, the transport's, one that holds the run open until its end.
  const int src = s.resolved.topo.source;
  // A transport that forms its own links (LE Audio CIS) keeps its own formation records.
  const auto formation = s.formation.enabled && !transport->formation_records() ? std::make_unique<FormationActors>(run) : nullptr;
  if (formation)
    formation->start(src);
  XBT_INFO("%s, replication %d: %zu devices, %zu links, %.3f s of audio", s.title.c_str(), rep, s.devices.size(),
           run.links.size(), s.duration_s);
  transport->start();
  run.spawn("end", run.hosts[src], [&run] { sg4::this_actor::sleep_until(run.end_s); });
  start_injected_fault(run);  // tests only (BTLINKSIM_FAULT)
  watch(run);
  e.run();
  if (!run.fault.empty())
    throw std::runtime_error(run.fault);

  RunResult r = tabulate(run, links, sinks, outages, formation ? &formation->records() : transport->formation_records());
  if (ts)
    r.timeseries = time_series_table(ts->ts);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  if (trace)
    trace->write(s.output.trace, r);
  if (pcap)
    pcap->write(s.output.pcap);
  return r;
}

}  // namespace btlinksim
