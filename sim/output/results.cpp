#include "sim/output/results.hpp"

#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace btlinksim {

int ResultTable::column(const std::string& n) const
{
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == n)
      return static_cast<int>(i);
  throw std::out_of_range("no result column " + n + " in " + name);
}

static void write_table(std::ostringstream& os, const ResultTable& t)
{
  os << "table " << (t.name.empty() ? "-" : t.name) << " " << t.row_names.size() << " " << t.columns.size() << "\n";
  for (const auto& r : t.row_names)
    os << r << "\n";
  for (size_t c = 0; c < t.columns.size(); ++c) {
    os << t.columns[c] << " " << t.units[c];
    for (double v : t.values[c])
      os << " " << std::setprecision(17) << v;
    os << "\n";
  }
  os << "texts " << t.text_columns.size() << "\n";
  for (size_t c = 0; c < t.text_columns.size(); ++c) {
    os << t.text_columns[c] << "\n";
    for (const auto& v : t.text_values[c])
      os << v << "\n";
  }
}

static ResultTable read_table(std::istringstream& is)
{
  ResultTable t;
  std::string word;
  size_t rows = 0, cols = 0;
  is >> word >> t.name >> rows >> cols;
  if (word != "table")
    throw std::runtime_error("bad run result stream");
  if (t.name == "-")  // an absent table (e.g. formation when the scenario does not enable it)
    t.name.clear();
  std::string line;
  std::getline(is, line);
  for (size_t r = 0; r < rows; ++r) {
    std::getline(is, line);
    t.row_names.push_back(line);
  }
  for (size_t c = 0; c < cols; ++c) {
    std::string name, unit;
    is >> name >> unit;
    t.add_column(name, unit);
    for (size_t r = 0; r < rows; ++r) {
      std::string tok;  // operator>> cannot read "nan"/"inf" back: strtod can
      is >> tok;
      t.values.back().push_back(std::strtod(tok.c_str(), nullptr));
    }
  }
  size_t texts = 0;
  is >> word >> texts;
  std::string line2;
  std::getline(is, line2);
  for (size_t c = 0; c < texts; ++c) {
    std::getline(is, line2);
    t.add_text_column(line2);
    for (size_t r = 0; r < rows; ++r) {
      std::getline(is, line2);
      t.text_values.back().push_back(line2);
    }
  }
  return t;
}

std::string RunResult::serialize() const
{
  std::ostringstream os;
  os << std::setprecision(17) << replication << " " << sim_end_s << " " << wall_s << " " << events << "\n";
  write_table(os, sinks);
  write_table(os, links);
  write_table(os, devices);
  write_table(os, formation);
  write_table(os, outages);
  write_table(os, timeseries);
  write_table(os, latency_cdf);
  return os.str();
}

RunResult RunResult::deserialize(const std::string& text)
{
  std::istringstream is(text);
  RunResult r;
  is >> r.replication >> r.sim_end_s >> r.wall_s >> r.events;
  r.sinks   = read_table(is);
  r.links   = read_table(is);
  r.devices   = read_table(is);
  r.formation = read_table(is);
  r.outages   = read_table(is);
  r.timeseries  = read_table(is);
  r.latency_cdf = read_table(is);
  return r;
}

}  // namespace btlinksim
