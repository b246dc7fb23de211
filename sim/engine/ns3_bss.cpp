#include "sim/engine/ns3_bss.hpp"

#include <ns3/boolean.h>
#include <ns3/constant-position-mobility-model.h>
#include <ns3/double.h>
#include <ns3/mac48-address.h>
#include <ns3/node-container.h>
#include <ns3/packet-socket-address.h>
#include <ns3/packet-socket-factory.h>
#include <ns3/packet-socket-helper.h>
#include <ns3/propagation-delay-model.h>
#include <ns3/propagation-loss-model.h>
#include <ns3/rng-seed-manager.h>
#include <ns3/simulator.h>
#include <ns3/socket.h>
#include <ns3/ssid.h>
#include <ns3/string.h>
#include <ns3/uinteger.h>
#include <ns3/wifi-helper.h>
#include <ns3/wifi-mac-queue.h>
#include <ns3/wifi-mac.h>
#include <ns3/wifi-mpdu.h>
#include <ns3/wifi-net-device.h>
#include <ns3/wifi-remote-station-manager.h>
#include <ns3/yans-wifi-channel.h>
#include <ns3/yans-wifi-helper.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

namespace btlinksim {

namespace {

// Every payload starts with this header (inside the bytes counted as the message): whose message it is.
struct Tag {
  std::uint32_t magic;
  std::int32_t speaker;  // -1: background
  std::uint32_t message;
};
constexpr std::uint32_t kMagic    = 0x62746c6bu;  // "btlk"
constexpr std::uint16_t kProtocol = 0x88b5;       // IEEE 802 local experimental EtherType

ns3::Ptr<ns3::Packet> tagged_packet(const Tag& t, std::uint32_t bytes)
{
  std::vector<std::uint8_t> buf(std::max<std::size_t>(bytes, sizeof(Tag)), 0);
  std::memcpy(buf.data(), &t, sizeof(Tag));
  return ns3::Create<ns3::Packet>(buf.data(), static_cast<std::uint32_t>(buf.size()));
}

// The tag wherever it starts in a packet's first 64 octets: a received payload (offset 0), an MSDU in the MAC
// queue (after its 8-octet LLC/SNAP header), a frame on the air (after a MAC header of its type's size).
bool find_tag(ns3::Ptr<const ns3::Packet> p, Tag& t)
{
  std::array<std::uint8_t, 64 + sizeof(Tag)> buf{};
  const auto n = std::min<std::size_t>(p->GetSize(), buf.size());
  p->CopyData(buf.data(), static_cast<std::uint32_t>(n));
  for (std::size_t i = 0; i + sizeof(Tag) <= n; ++i)
    if (std::memcmp(buf.data() + i, &kMagic, sizeof kMagic) == 0) {
      std::memcpy(&t, buf.data() + i, sizeof(Tag));
      return true;
    }
  return false;
}

// {channel number, width MHz, band, primary20 index}: channel 6 of the 2.4 GHz band, for either PHY.
constexpr const char* kChannel = "{6, 20, BAND_2_4GHZ, 0}";

class Bss {
public:
  explicit Bss(const BssSpec& s) : s_(s) {}

  BssResult run()
  {
    using namespace ns3;
    RngSeedManager::SetSeed(s_.ns3_seed == 0 ? 1 : s_.ns3_seed);
    RngSeedManager::SetRun(s_.ns3_run);

    const std::size_t n_sta = s_.stations.size();
    ap_.Create(1);
    stas_.Create(static_cast<std::uint32_t>(n_sta));
    bg_.Create(static_cast<std::uint32_t>(s_.background));

    NodeContainer all(ap_, stas_, bg_);
    for (auto it = all.Begin(); it != all.End(); ++it)
      (*it)->AggregateObject(CreateObject<ConstantPositionMobilityModel>());  // co-located: no propagation delay
    auto loss = CreateObject<MatrixPropagationLossModel>();
    loss->SetDefaultLoss(s_.default_loss_db);
    const auto mob = [](Ptr<Node> n) { return n->GetObject<MobilityModel>(); };
    for (std::size_t i = 0; i < n_sta; ++i)
      loss->SetLoss(mob(ap_.Get(0)), mob(stas_.Get(static_cast<std::uint32_t>(i))), s_.stations[i].loss_db);
    for (std::uint32_t i = 0; i < bg_.GetN(); ++i)
      loss->SetLoss(mob(ap_.Get(0)), mob(bg_.Get(i)), s_.background_loss_db);
    auto channel = CreateObject<YansWifiChannel>();
    channel->SetPropagationLossModel(loss);
    channel->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());

    YansWifiPhyHelper phy;
    phy.SetChannel(channel);
    phy.Set("ChannelSettings", StringValue(kChannel));
    phy.Set("TxPowerStart", DoubleValue(s_.tx_power_dbm));
    phy.Set("TxPowerEnd", DoubleValue(s_.tx_power_dbm));

    WifiHelper wifi;
    wifi.SetStandard(s_.phy == BssSpec::Phy::ht_2_4ghz ? WIFI_STANDARD_80211n : WIFI_STANDARD_80211g);
    const Ssid ssid("btlinksim");
    WifiMacHelper mac;
    const auto rate = [&](const std::string& mode) {
      if (mode.empty())
        wifi.SetRemoteStationManager("ns3::IdealWifiManager");
      else
        wifi.SetRemoteStationManager("ns3::ConstantRateWifiManager", "DataMode", StringValue(mode));
    };
    // No aggregation: every MPDU on its own with its ACK (BE_MaxAmpduSize 0: ns-3 aggregates HT frames by default).
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid), "BE_MaxAmpduSize", UintegerValue(0));
    rate(s_.station_mode);
    ap_dev_ = wifi.Install(phy, mac, ap_);
    // A station keeps its association however many beacons it misses (U): under saturation ns-3 3.37's stations
    // lose beacons, drop the association and abort on re-associating ("No BSSID set for the link on which the
    // (Re)Association Request is to be sent", sta-wifi-mac.cc:403, with 20 stations).
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid), "ActiveProbing", BooleanValue(false), "BE_MaxAmpduSize",
                UintegerValue(0), "MaxMissedBeacons", UintegerValue(std::numeric_limits<std::uint32_t>::max()));
    sta_dev_ = wifi.Install(phy, mac, stas_);
    rate(s_.background_mode);
    bg_dev_ = wifi.Install(phy, mac, bg_);

    // Fixed random-stream numbers: ns-3 otherwise numbers its streams on from the previous simulation in the
    // process, and the same spec would not give the same result twice.
    std::int64_t stream = 0;
    for (const NetDeviceContainer* c : {&ap_dev_, &sta_dev_, &bg_dev_})
      stream += wifi.AssignStreams(*c, stream);

    PacketSocketHelper sockets;
    sockets.Install(all);

    result_.delivered_s.assign(s_.speakers.size(),
                               std::vector<double>(s_.send_times_s.size(), std::numeric_limits<double>::quiet_NaN()));
    result_.dropped.assign(s_.speakers.size(), std::vector<BssDrop>(s_.send_times_s.size(), BssDrop::none));
    result_.background_rx_bytes.assign(static_cast<std::size_t>(s_.background), 0);

    // Receivers: each speaker's socket, and the access point's (the background frames end there).
    for (std::size_t k = 0; k < s_.speakers.size(); ++k)
      listen(stas_.Get(static_cast<std::uint32_t>(s_.speakers[k])), sta_dev_.Get(static_cast<std::uint32_t>(s_.speakers[k])));
    listen(ap_.Get(0), ap_dev_.Get(0));
    result_.transmissions.assign(s_.speakers.size(),
                                 std::vector<std::array<std::uint16_t, 2>>(s_.send_times_s.size(), {0, 0}));
    const Ptr<NetDevice> hops[2] = {sta_dev_.Get(static_cast<std::uint32_t>(s_.source)), ap_dev_.Get(0)};
    for (int hop = 0; hop < 2; ++hop) {
      watch_drops(hops[hop]);
      DynamicCast<WifiNetDevice>(hops[hop])->GetPhy()->TraceConnectWithoutContext(
          "PhyTxBegin", MakeBoundCallback(&Bss::on_tx, this, hop));
    }

    // The source's messages: one per speaker at each send time, in speaker order.
    source_socket_ = socket_on(stas_.Get(static_cast<std::uint32_t>(s_.source)),
                               sta_dev_.Get(static_cast<std::uint32_t>(s_.source)));

    // Background: saturation -- from the start (below), each background station keeps 4 frames in its MAC queue,
    // one more each time the queue lets one go (acknowledged or dropped).
    for (std::uint32_t i = 0; i < bg_.GetN(); ++i) {
      bg_sockets_.push_back(socket_on(bg_.Get(i), bg_dev_.Get(i)));
      auto mac = DynamicCast<WifiNetDevice>(bg_dev_.Get(i))->GetMac();
      mac->GetTxopQueue(mac->GetQosSupported() ? AC_BE : AC_BE_NQOS)
          ->TraceConnectWithoutContext("Dequeue", MakeBoundCallback(&Bss::refill, this, i));
    }
    // Every station associates first (passive scanning: beacons every 102.4 ms; a request that collides is sent
    // again after 0.5 s, so 20 stations take about 2 s); the traffic starts when the last one has.
    NetDeviceContainer stations(sta_dev_, bg_dev_);
    for (auto it = stations.Begin(); it != stations.End(); ++it)
      DynamicCast<WifiNetDevice>(*it)->GetMac()->TraceConnectWithoutContext(
          "Assoc", MakeBoundCallback(&Bss::on_assoc, this, static_cast<std::uint32_t>(it - stations.Begin())));
    assoc_s_.assign(stations.GetN(), -1);
    Simulator::Schedule(Seconds(s_.max_association_s), &Bss::give_up, this);

    // Every data MPDU that went unacknowledged (one retransmission follows, unless it was the last try).
    for (const NetDeviceContainer* c : {&ap_dev_, &sta_dev_, &bg_dev_})
      for (auto it = c->Begin(); it != c->End(); ++it) {
        auto manager = DynamicCast<WifiNetDevice>(*it)->GetRemoteStationManager();
        if (manager)
          manager->TraceConnectWithoutContext("MacTxDataFailed", MakeBoundCallback(&Bss::on_data_failed, this));
      }

    Simulator::Run();
    result_.events = Simulator::GetEventCount();
    for (std::size_t i = 0; i < assoc_s_.size(); ++i) {
      if (assoc_s_[i] < 0)
        result_.unassociated.push_back(i < n_sta ? s_.stations[i].name : "background" + std::to_string(i - n_sta));
    }
    result_.start_s = origin_s_;
    for (auto& sock : bg_sockets_)
      sock->Close();
    Simulator::Destroy();
    return std::move(result_);
  }

private:
  ns3::Ptr<ns3::Socket> socket_on(ns3::Ptr<ns3::Node> node, ns3::Ptr<ns3::NetDevice> dev)
  {
    using namespace ns3;
    auto sock = Socket::CreateSocket(node, PacketSocketFactory::GetTypeId());
    PacketSocketAddress a;
    a.SetSingleDevice(dev->GetIfIndex());
    a.SetProtocol(kProtocol);
    sock->Bind(a);
    return sock;
  }

  void listen(ns3::Ptr<ns3::Node> node, ns3::Ptr<ns3::NetDevice> dev)
  {
    auto sock = socket_on(node, dev);
    sock->SetRecvCallback(ns3::MakeCallback(&Bss::on_receive, this));
    listeners_.push_back(sock);
  }

  void watch_drops(ns3::Ptr<ns3::NetDevice> dev)
  {
    auto mac = ns3::DynamicCast<ns3::WifiNetDevice>(dev)->GetMac();
    mac->TraceConnectWithoutContext("DroppedMpdu", ns3::MakeCallback(&Bss::on_dropped, this));
  }

  ns3::PacketSocketAddress to(ns3::Ptr<ns3::NetDevice> from, ns3::Ptr<ns3::NetDevice> dest) const
  {
    ns3::PacketSocketAddress a;
    a.SetSingleDevice(from->GetIfIndex());
    a.SetPhysicalAddress(dest->GetAddress());
    a.SetProtocol(kProtocol);
    return a;
  }

  void send_messages(std::uint32_t m)
  {
    auto src = sta_dev_.Get(static_cast<std::uint32_t>(s_.source));
    for (std::size_t k = 0; k < s_.speakers.size(); ++k) {
      const Tag t{kMagic, static_cast<std::int32_t>(k), m};
      auto dest = sta_dev_.Get(static_cast<std::uint32_t>(s_.speakers[k]));
      if (source_socket_->SendTo(tagged_packet(t, s_.message_bytes), 0, to(src, dest)) < 0)
        result_.dropped[k][m] = BssDrop::congestion;  // refused at the source's queue
    }
  }

  void send_background(std::uint32_t i)
  {
    const Tag t{kMagic, -1, i};
    bg_sockets_[i]->SendTo(tagged_packet(t, s_.background_bytes), 0, to(bg_dev_.Get(i), ap_dev_.Get(0)));
  }

  static void refill(Bss* self, std::uint32_t i, ns3::Ptr<const ns3::WifiMpdu>)
  {
    // Not from inside the queue's own operation: at once, as the next event.
    ns3::Simulator::ScheduleNow(&Bss::send_background, self, i);
  }

  static void on_assoc(Bss* self, std::uint32_t i, ns3::Mac48Address)
  {
    if (self->assoc_s_[i] < 0)
      self->assoc_s_[i] = ns3::Simulator::Now().GetSeconds();
    if (!self->started_ && std::none_of(self->assoc_s_.begin(), self->assoc_s_.end(), [](double t) { return t < 0; }))
      self->start();
  }

  // All associated: the background starts now, the audio (run time 0) kSettle later, and the BSS runs to the end.
  void start()
  {
    using namespace ns3;
    constexpr double kSettle = 0.1;  // s: the background's queues and backoffs in their steady state (U)
    started_  = true;
    result_.associated_s = Simulator::Now().GetSeconds();
    origin_s_ = result_.associated_s + kSettle;
    for (std::uint32_t i = 0; i < bg_.GetN(); ++i)
      for (int q = 0; q < 4; ++q)
        Simulator::ScheduleNow(&Bss::send_background, this, i);
    for (std::size_t m = 0; m < s_.send_times_s.size(); ++m)
      Simulator::Schedule(Seconds(kSettle + s_.send_times_s[m]), &Bss::send_messages, this,
                          static_cast<std::uint32_t>(m));
    Simulator::Stop(Seconds(kSettle + s_.duration_s));
  }

  void give_up()
  {
    if (!started_)
      ns3::Simulator::Stop();
  }

  static void on_data_failed(Bss* self, ns3::Mac48Address) { ++self->result_.retries; }

  void on_receive(ns3::Ptr<ns3::Socket> sock)
  {
    using namespace ns3;
    const double now = Simulator::Now().GetSeconds() - origin_s_;
    while (auto p = sock->Recv()) {
      Tag t{};
      if (!find_tag(p, t))
        continue;
      if (t.speaker < 0) {
        if (now >= 0 && now < s_.duration_s && t.message < result_.background_rx_bytes.size())
          result_.background_rx_bytes[t.message] += p->GetSize();
      } else if (static_cast<std::size_t>(t.speaker) < result_.delivered_s.size() && t.message < s_.send_times_s.size()) {
        double& d = result_.delivered_s[static_cast<std::size_t>(t.speaker)][t.message];
        if (std::isnan(d))
          d = now;  // a duplicate (an ACK lost, the frame sent again) is the same message
      }
    }
  }

  static void on_tx(Bss* self, int hop, ns3::Ptr<const ns3::Packet> p, double)
  {
    Tag t{};
    auto& tx = self->result_.transmissions;
    if (find_tag(p, t) && t.speaker >= 0 && static_cast<std::size_t>(t.speaker) < tx.size() &&
        t.message < self->s_.send_times_s.size())
      ++tx[static_cast<std::size_t>(t.speaker)][t.message][static_cast<std::size_t>(hop)];
  }

  void on_dropped(ns3::WifiMacDropReason why, ns3::Ptr<const ns3::WifiMpdu> mpdu)
  {
    Tag t{};
    if (!find_tag(mpdu->GetPacket(), t) || t.speaker < 0)
      return;
    if (static_cast<std::size_t>(t.speaker) >= result_.dropped.size() || t.message >= s_.send_times_s.size())
      return;
    result_.dropped[static_cast<std::size_t>(t.speaker)][t.message] =
        why == ns3::WIFI_MAC_DROP_REACHED_RETRY_LIMIT ? BssDrop::retry_limit : BssDrop::congestion;
  }

  const BssSpec& s_;
  BssResult result_;
  ns3::NodeContainer ap_, stas_, bg_;
  ns3::NetDeviceContainer ap_dev_, sta_dev_, bg_dev_;
  ns3::Ptr<ns3::Socket> source_socket_;
  std::vector<ns3::Ptr<ns3::Socket>> bg_sockets_, listeners_;
  std::vector<double> assoc_s_;  // ns-3 time of each station's first association (audio, then background), -1: none
  bool started_    = false;
  double origin_s_ = 0;  // ns-3 time of run time 0
};

}  // namespace

BssResult simulate_bss(const BssSpec& spec)
{
  Bss bss(spec);
  return bss.run();
}

}  // namespace btlinksim
