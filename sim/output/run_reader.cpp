#include "sim/output/run_reader.hpp"

#include "sim/output/columns.hpp"
#include "sim/output/h5_helpers.hpp"

#include <H5Cpp.h>

#include <cmath>
#include <stdexcept>

namespace btlinksim {

namespace h5 {
std::vector<std::string> read_strings(const H5::Group& g, const std::string& name)
{
  H5::DataSet ds = g.openDataSet(name);
  hsize_t n      = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  std::vector<char*> raw(n, nullptr);
  if (n)
    ds.read(raw.data(), vlen_str());
  std::vector<std::string> out;
  for (char* c : raw)
    out.emplace_back(c ? c : "");
  if (n)
    H5Dvlen_reclaim(vlen_str().getId(), ds.getSpace().getId(), H5P_DEFAULT, raw.data());
  return out;
}

std::vector<double> read_doubles(const H5::Group& g, const std::string& name)
{
  H5::DataSet ds = g.openDataSet(name);
  hsize_t n      = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  std::vector<double> v(n);
  if (n)
    ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
  return v;
}
}  // namespace h5

namespace {
std::string root_text(const H5::H5File& f, const std::string& name)
{
  const H5::Group root = f.openGroup("/");
  if (!root.attrExists(name))
    return "";
  H5::Attribute a = root.openAttribute(name);
  std::string v;
  a.read(a.getStrType(), v);
  return v;
}

// The stacked table decl.name: each replication's rows in a table of its own (columns written by a newer or older
// version than this one's declarations are NaN / left out).
void unstack(const H5::H5File& f, const TableDecl& decl, ResultTable RunResult::*table, std::vector<RunResult>& runs)
{
  if (!f.nameExists("/" + decl.name))
    return;
  const H5::Group g = f.openGroup("/" + decl.name);
  const auto names  = h5::read_strings(g, "name");
  const auto rep    = h5::read_doubles(g, "replication");
  std::vector<std::vector<double>> cols;
  for (const auto& c : decl.columns)
    cols.push_back(g.nameExists(c.name) ? h5::read_doubles(g, c.name) : std::vector<double>(names.size(), std::nan("")));
  for (size_t row = 0; row < names.size(); ++row) {
    const auto r = static_cast<size_t>(rep[row]);
    if (r >= runs.size())
      throw std::runtime_error("replication " + std::to_string(r) + " in /" + decl.name + " beyond the file's replications");
    ResultTable& t = runs[r].*table;
    if (t.columns.empty())
      t = make_table(decl);
    t.row_names.push_back(names[row]);
    for (size_t c = 0; c < cols.size(); ++c)
      t.values[c].push_back(cols[c][row]);
    for (auto& tv : t.text_values)
      tv.emplace_back();
  }
}
}  // namespace

RunFile read_run_file(const std::string& path)
{
  try {
    H5::Exception::dontPrint();
    const H5::H5File f(path, H5F_ACC_RDONLY);
    if (root_text(f, "schema") != "btlinksim-results")
      throw std::runtime_error(path + " is not the result file of btlinksim run (a sweep's file has no single design)");
    RunFile out;
    out.path  = path;
    out.title = root_text(f, "title");
    const auto reps = h5::read_doubles(f.openGroup("/replications"), "replication");
    out.runs.resize(reps.size());
    for (size_t r = 0; r < reps.size(); ++r) {
      out.runs[r].replication = static_cast<int>(r);
      out.runs[r].sinks       = make_table(sinks_columns());
      out.runs[r].links       = make_table(links_columns());
      out.runs[r].devices     = make_table(devices_columns());
    }
    unstack(f, sinks_columns(), &RunResult::sinks, out.runs);
    unstack(f, links_columns(), &RunResult::links, out.runs);
    unstack(f, devices_columns(), &RunResult::devices, out.runs);
    return out;
  } catch (const H5::Exception& e) {
    throw std::runtime_error(path + ": cannot read the result file: " + e.getDetailMsg());
  }
}

}  // namespace btlinksim
