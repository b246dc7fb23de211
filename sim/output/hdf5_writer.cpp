#include "sim/output/hdf5_writer.hpp"

#include "btlinksim/version.hpp"
#include "sim/output/columns.hpp"
#include "sim/output/h5_helpers.hpp"

#include <H5Cpp.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

namespace btlinksim {

// SHA-256 of the scenario text (provenance), by OpenSSL's EVP digest interface.
std::string sha256_hex(const std::string& data)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 digest failed (OpenSSL)");
  std::string out;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
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

namespace h5 {
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


void write_doubles(H5::Group& g, const std::string& name, const std::vector<double>& v, const ColumnDecl& decl)
{
  hsize_t n = v.size();
  H5::DataSpace space(1, &n);
  H5::DataSet ds = g.createDataSet(name, H5::PredType::NATIVE_DOUBLE, space);
  if (n)
    ds.write(v.data(), H5::PredType::NATIVE_DOUBLE);
  str_attr(ds, "units", decl.unit);
  str_attr(ds, "description", decl.meaning);
}

void write_strings(H5::Group& g, const std::string& name, const std::vector<std::string>& v, const ColumnDecl* decl)
{
  hsize_t n = v.size();
  H5::DataSpace space(1, &n);
  H5::DataSet ds = g.createDataSet(name, vlen_str(), space);
  std::vector<const char*> ptrs;
  for (const auto& s : v)
    ptrs.push_back(s.c_str());
  if (n)
    ds.write(ptrs.data(), vlen_str());
  if (decl)
    str_attr(ds, "description", decl->meaning);
}

// A table's group: its declared columns (sim/output/columns.hpp), each with its unit and meaning.
void write_table(H5::H5File& f, const ResultTable& t, const TableDecl& decl)
{
  H5::Group g = f.createGroup("/" + t.name);
  str_attr(g, "description", decl.meaning);
  write_strings(g, "name", t.row_names);
  for (size_t c = 0; c < t.columns.size(); ++c)
    write_doubles(g, t.columns[c], t.values[c], *decl.find(t.columns[c]));
  for (size_t c = 0; c < t.text_columns.size(); ++c)
    write_strings(g, t.text_columns[c], t.text_values[c], decl.find(t.text_columns[c]));
}

void write_provenance(H5::Group& root, const std::string& schema, const std::string& title)
{
  str_attr(root, "schema", schema);
  num_attr(root, "schema_version", 1, H5::PredType::NATIVE_INT);
  str_attr(root, "title", title);
  str_attr(root, "source", std::string("btlinksim ") + BTLINKSIM_VERSION + " (git " + BTLINKSIM_GIT_COMMIT + ")");
  str_attr(root, "git_commit", BTLINKSIM_GIT_COMMIT);
  str_attr(root, "btlinksim_version", BTLINKSIM_VERSION);
}

void write_atomically(const std::string& path, const std::function<void(H5::H5File&)>& fill)
{
  const std::string tmp = path + "." + std::to_string(getpid()) + ".tmp";  // unique per writing process
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty())
    std::filesystem::create_directories(parent, ec);
  try {
    H5::Exception::dontPrint();
    H5::H5File f(tmp, H5F_ACC_TRUNC);
    fill(f);
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
}  // namespace h5

void write_run_hdf5(const std::string& path, const Scenario& s, const RunResult& r)
{
  using namespace h5;
  write_atomically(path, [&](H5::H5File& f) {
    H5::Group root = f.openGroup("/");
    write_provenance(root, "btlinksim-results", s.title);
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
    write_table(f, r.sinks, sinks_columns());
    write_table(f, r.links, links_columns());
    write_table(f, r.devices, devices_columns());
    if (!r.formation.name.empty())
      write_table(f, r.formation, formation_columns());
    if (!r.outages.name.empty())
      write_table(f, r.outages, outages_columns());
    if (s.output.timeseries) {
      const TableDecl& d = timeseries_columns();
      H5::Group ts       = f.createGroup("/timeseries");
      str_attr(ts, "description", d.meaning);
      const auto& x = r.timeseries;
      for (auto [name, v] : {std::pair<const char*, const std::vector<double>*>{"sink_index", &x.sink_index},
                             {"first_frame", &x.first_frame}, {"frames", &x.frames}, {"capture_s", &x.capture_s},
                             {"arrival_s", &x.arrival_s}})
        write_doubles(ts, name, *v, *d.find(name));
    }
  });
}

}  // namespace btlinksim
