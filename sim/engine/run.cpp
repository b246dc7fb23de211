#include "sim/engine/run.hpp"

#include "sim/scenario/transport_kind.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <stdexcept>

namespace btlinksim {

namespace sg4 = simgrid::s4u;

// "tx->rx": the link's name, which also names its random streams (LinkPhy).
static std::string link_name(const Scenario& s, int tx, int rx) { return s.devices[tx].name + "->" + s.devices[rx].name; }

LinkState::LinkState(const Scenario& s, int rep, int i, ChannelField& field)
    : index(i), tx(s.resolved.topo.links[i].tx), rx(s.resolved.topo.links[i].rx), next(s.resolved.topo.links[i].next),
      sink(s.resolved.topo.links[i].sink), role(s.resolved.topo.links[i].role),
      flush_s(role == LinkRole::repair ? s.audio.repair_window_s : s.audio.flush_timeout_s),
      forward_delay_s(s.devices[rx].forward_delay_s), queue(s.audio.tx_queue_limit),
      snooped_by(s.resolved.topo.links[i].snooped_by), repair(s.resolved.topo.links[i].repair),
      phy(s.seed, rep, link_name(s, tx, rx), tx, rx, link_receiver(s, rx, audio_phy(s)),
          link_receiver(s, rx, transport_of(s).answer_phy(s)), field.median_rx_dbm(tx, rx, 0),  // at t = 0; per exchange when dynamic
          s.connection.afh ? &s.connection.afh_params : nullptr),
      name(link_name(s, tx, rx)),
      distance_m(btlinksim::distance_m(s.devices[tx], s.devices[rx]))
{
  // (Neither class has virtual functions or bases: offsetof is GCC's and Clang's layout, though the standard
  // leaves it conditionally supported for classes with std::string members.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
  static_assert(offsetof(LinkState, phy) + LinkPhy::kHotBytes <= kHotBytes, "a packet-hop's state past kHotBytes");
#pragma GCC diagnostic pop
}

Run::Run(const Scenario& sc, int r)
    : s(sc), rep(r), end_s(sc.duration_s + sc.audio.playout_delay_s), field(channel_spec(sc), r)
{
  grids.reserve(s.devices.size());
  clocks.reserve(s.devices.size());
  presence.reserve(s.devices.size());
  for (const auto& d : s.devices) {
    // Each device's slot-pair grid: 2 slots of its own clock, at a phase drawn per replication.
    RngStream g(s.seed, rep, d.name, "slot_phase");
    const double period = 2 * kSlot_s / ClockModel{d.clock_drift_ppm}.rate();
    grids.push_back(SlotGrid{g.uniform(0, period), period});
    RngStream c(s.seed, rep, d.name, "native_clock");
    clocks.push_back(HopClock::draw(c));
    RngStream p(s.seed, rep, d.name, "scatternet_phase");
    presence.push_back(PresenceSchedule{d.scatternet_period_s, d.scatternet_share, d.scatternet_guard_s,
                                        d.scatternet_period_s > 0 ? p.uniform(0, d.scatternet_period_s) : 0.0});
  }
  // Only a relay node -- a device that both receives and transmits on the topology -- is in two piconets.
  std::vector<char> in(s.devices.size(), 0), out(s.devices.size(), 0);  // (one pass: a crowd has 1,000s of links)
  for (const auto& l : s.resolved.topo.links) {
    in[static_cast<size_t>(l.rx)]  = 1;
    out[static_cast<size_t>(l.tx)] = 1;
  }
  for (size_t d = 0; d < s.devices.size(); ++d)
    if (!(in[d] && out[d]))
      presence[d].period_s = 0;
  radios.resize(s.devices.size());
  tx_s.assign(s.devices.size(), 0.0);
  rx_s.assign(s.devices.size(), 0.0);
  attempt.packet      = s.audio.packet_type;
  attempt.fading      = s.environment.fading;
  attempt.rician_k    = s.environment.fading == FadingKind::rician ? std::pow(10.0, s.environment.rician_k_db / 10.0) : 0.0;
  attempt.coherence_s = s.environment.coherence_time_s;
  attempt.exchange_s  = acl_exchange_time_s(s.audio.packet_type);
  attempt.dynamic     = field.dynamic();
  attempt.hopping     = s.connection.afh || !s.environment.interferers.empty();
  links.reserve(s.resolved.topo.links.size());
  for (size_t i = 0; i < s.resolved.topo.links.size(); ++i) {
    links.push_back(std::make_unique<LinkState>(s, rep, static_cast<int>(i), field));
    links.back()->phy.set_hop_sequence(hop_sequence(links.back()->tx));
  }
  frames_per_packet = btlinksim::frames_per_packet(s.audio.codec, acl_info(s.audio.packet_type).max_payload_bytes);
  total_frames      = static_cast<std::int64_t>(std::floor(s.duration_s / s.audio.codec.frame_duration_s));
}

HopSequence Run::hop_sequence(int central) const
{
  // The central's BD_ADDR is not modelled: its 28 low bits are taken from the FNV-1a hash of its name (U: any
  // address gives a sequence of the same statistics). Its clock: CLK16..12 and the time into the 1.28 s step are
  // the native clock formation uses (HopClock), CLK27..17 zero (U); slot pairs on its slot grid.
  const HopClock& c = clocks[static_cast<size_t>(central)];
  const SlotGrid& g = grids[static_cast<size_t>(central)];
  HopSequence h;
  h.address  = static_cast<std::uint32_t>(fnv1a64(s.devices[static_cast<size_t>(central)].name) & 0x0FFFFFFFu);
  h.clk0     = ((static_cast<std::uint32_t>(c.offset) << 12) | static_cast<std::uint32_t>(c.phase_s / (kSlot_s / 2))) & ~3u;
  h.phase_s  = g.phase_s;
  h.period_s = g.period_s;
  return h;
}

void Run::create_hosts(const std::vector<char>* runs_actors)
{
  // Devices are hosts; the radio is modelled by the timelines, so the platform needs no links or routes: an empty
  // zone (a full zone's route table is n x n: 200 MB and 0.3 s to seal for a 5,000-receiver broadcast).
  auto* zone = sg4::create_empty_zone("btlinksim");
  for (size_t d = 0; d < s.devices.size(); ++d)
    hosts.push_back(runs_actors && !(*runs_actors)[d] ? nullptr : zone->create_host(s.devices[d].name, 1e9)->seal());
  zone->seal();
}

double Run::ready_s(int d) const
{
  const auto& dev = s.devices[d];
  RngStream r(s.seed, rep, dev.name, "boot");
  return dev.power_on_s + dev.boot_s + (dev.boot_jitter_s > 0 ? r.uniform(0, dev.boot_jitter_s) : 0.0);
}

double Run::control_ok(int tx, int rx, int bytes, double t)
{
  const double p = field.median_rx_dbm(tx, rx, t);
  const CalibratedReceiver br(link_receiver(s, rx, Phy::br));
  return 1.0 - acl_per(AclType::dm1, bytes, br.ber(p), br.ber(p));
}

ScanParams Run::scan_of(int d, double interval, const char* purpose) const
{
  RngStream r(s.seed, rep, s.devices[d].name, purpose);
  return ScanParams{interval, s.formation.scan_window_s, r.uniform(0, interval), s.formation.inquiry_response,
                    s.formation.interlaced_scan};
}

LinkState* Run::link_between(int tx, int rx)
{
  const int i = s.resolved.topo.link_between(tx, rx);
  return i < 0 ? nullptr : links[i].get();
}

void Run::sync_clock()
{
  if (sg4::Engine::get_clock() < source_now_s)
    sg4::this_actor::sleep_until(source_now_s);
}

sg4::ActorPtr Run::spawn(const std::string& name, sg4::Host* host, std::function<void()> body)
{
  if (host == nullptr)  // a transport's create_platform left out a device that runs an actor
    throw std::logic_error("actor '" + name + "': its device has no SimGrid host (Transport::create_platform)");
  return sg4::Actor::create(name, host, [this, name, host, body = std::move(body)] {
    try {
      body();
    } catch (const simgrid::ForcefulKillException&) {
      throw;  // SimGrid ends a killed actor by unwinding its stack: not a fault
    } catch (const std::exception& e) {
      char at[64];
      std::snprintf(at, sizeof at, " at t = %.6f s", sg4::Engine::get_clock());
      fail("actor '" + name + "' on " + host->get_name() + at + " threw: " + e.what());
    } catch (...) {
      fail("actor '" + name + "' threw a non-standard exception");
    }
  });
}

void Run::fail(const std::string& why)
{
  if (fault.empty())
    fault = why;
  if (sg4::Actor::self() != nullptr)
    sg4::Actor::kill_all();  // every other actor: the engine then stops (the caller's own body returns)
}

}  // namespace btlinksim

