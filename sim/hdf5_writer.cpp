#include "sim/hdf5_writer.hpp"

#include "btlinksim/version.hpp"

#include <H5Cpp.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>

namespace btlinksim {

// SHA-256 (FIPS 180-4), for the scenario hash in provenance.
std::string sha256_hex(const std::string& data)
{
  static const std::uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
      0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
      0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
      0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
      0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
      0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
      0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  std::array<std::uint32_t, 8> h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string m = data;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  m += static_cast<char>(0x80);
  while (m.size() % 64 != 56)
    m += '\0';
  for (int i = 7; i >= 0; --i)
    m += static_cast<char>((bits >> (8 * i)) & 0xff);
  auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  for (size_t off = 0; off < m.size(); off += 64) {
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t(std::uint8_t(m[off + 4 * i])) << 24) | (std::uint32_t(std::uint8_t(m[off + 4 * i + 1])) << 16) |
             (std::uint32_t(std::uint8_t(m[off + 4 * i + 2])) << 8) | std::uint32_t(std::uint8_t(m[off + 4 * i + 3]));
    for (int i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i]                   = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto a = h;
    for (int i = 0; i < 64; ++i) {
      const std::uint32_t S1 = rotr(a[4], 6) ^ rotr(a[4], 11) ^ rotr(a[4], 25);
      const std::uint32_t ch = (a[4] & a[5]) ^ (~a[4] & a[6]);
      const std::uint32_t t1 = a[7] + S1 + ch + k[i] + w[i];
      const std::uint32_t S0 = rotr(a[0], 2) ^ rotr(a[0], 13) ^ rotr(a[0], 22);
      const std::uint32_t mj = (a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]);
      const std::uint32_t t2 = S0 + mj;
      a = {t1 + t2, a[0], a[1], a[2], a[3] + t1, a[4], a[5], a[6]};
    }
    for (int i = 0; i < 8; ++i)
      h[i] += a[i];
  }
  std::string out;
  char buf[9];
  for (auto v : h) {
    std::snprintf(buf, sizeof buf, "%08x", v);
    out += buf;
  }
  return out;
}

std::string replication_output_path(const Scenario& s, int replication)
{
  if (s.output.file.empty())
    return "";
  if (s.replications <= 1)
    return s.output.file;
  std::filesystem::path p(s.output.file);
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "_rep%03d", replication);
  return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

namespace {
const H5::StrType& vlen_str()
{
  static H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
  return t;
}

void str_attr(H5::H5Object& o, const std::string& name, const std::string& value)
{
  H5::Attribute a = o.createAttribute(name, vlen_str(), H5::DataSpace(H5S_SCALAR));
  const char* c   = value.c_str();
  a.write(vlen_str(), &c);
}

template <class T> void num_attr(H5::H5Object& o, const std::string& name, T value, const H5::PredType& type)
{
  H5::Attribute a = o.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  a.write(type, &value);
}

void write_doubles(H5::Group& g, const std::string& name, const std::vector<double>& v, const std::string& unit)
{
  hsize_t n = v.size();
  H5::DataSpace space(1, &n);
  H5::DataSet ds = g.createDataSet(name, H5::PredType::NATIVE_DOUBLE, space);
  if (n)
    ds.write(v.data(), H5::PredType::NATIVE_DOUBLE);
  str_attr(ds, "units", unit);
}

void write_strings(H5::Group& g, const std::string& name, const std::vector<std::string>& v)
{
  hsize_t n = v.size();
  H5::DataSpace space(1, &n);
  H5::DataSet ds = g.createDataSet(name, vlen_str(), space);
  std::vector<const char*> ptrs;
  for (const auto& s : v)
    ptrs.push_back(s.c_str());
  if (n)
    ds.write(ptrs.data(), vlen_str());
}

void write_table(H5::H5File& f, const ResultTable& t)
{
  H5::Group g = f.createGroup("/" + t.name);
  write_strings(g, "name", t.row_names);
  for (size_t c = 0; c < t.columns.size(); ++c)
    write_doubles(g, t.columns[c], t.values[c], t.units[c]);
  for (size_t c = 0; c < t.text_columns.size(); ++c)
    write_strings(g, t.text_columns[c], t.text_values[c]);
}
}  // namespace

void write_run_hdf5(const std::string& path, const Scenario& s, const RunResult& r)
{
  const std::string tmp = path + ".tmp";
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty())
    std::filesystem::create_directories(parent, ec);
  try {
    H5::Exception::dontPrint();
    H5::H5File f(tmp, H5F_ACC_TRUNC);
    H5::Group root = f.openGroup("/");
    str_attr(root, "schema", "btlinksim-results");
    num_attr(root, "schema_version", 1, H5::PredType::NATIVE_INT);
    str_attr(root, "title", s.title);
    str_attr(root, "source", std::string("btlinksim ") + BTLINKSIM_VERSION + " (git " + BTLINKSIM_GIT_COMMIT + ")");
    str_attr(root, "git_commit", BTLINKSIM_GIT_COMMIT);
    str_attr(root, "btlinksim_version", BTLINKSIM_VERSION);
    str_attr(root, "scenario_file", s.file);
    str_attr(root, "scenario_sha256", sha256_hex(s.text));
    num_attr(root, "master_seed", static_cast<unsigned long long>(s.seed), H5::PredType::NATIVE_ULLONG);
    num_attr(root, "replication", r.replication, H5::PredType::NATIVE_INT);
    str_attr(root, "rng_algorithm", "xoshiro256** seeded by SplitMix64 over (seed, replication, FNV-1a(entity), FNV-1a(purpose))");
    num_attr(root, "sim_end_s", r.sim_end_s, H5::PredType::NATIVE_DOUBLE);
    num_attr(root, "duration_s", s.duration_s, H5::PredType::NATIVE_DOUBLE);
    num_attr(root, "wall_time_s", r.wall_s, H5::PredType::NATIVE_DOUBLE);
    H5::Group sc = f.createGroup("/scenario");
    write_strings(sc, "text", {s.text});
    write_table(f, r.sinks);
    write_table(f, r.links);
    write_table(f, r.devices);
    if (!r.formation.name.empty())
      write_table(f, r.formation);
    if (!r.outages.name.empty())
      write_table(f, r.outages);
    if (s.output.timeseries) {
      H5::Group ts = f.createGroup("/timeseries");
      write_doubles(ts, "sink_index", r.timeseries.sink_index, "1");
      write_doubles(ts, "first_frame", r.timeseries.first_frame, "1");
      write_doubles(ts, "frames", r.timeseries.frames, "1");
      write_doubles(ts, "capture_s", r.timeseries.capture_s, "s");
      write_doubles(ts, "arrival_s", r.timeseries.arrival_s, "s");
    }
    f.close();
  } catch (const H5::Exception& e) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write " + path + ": " + e.getDetailMsg());
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

}  // namespace btlinksim
