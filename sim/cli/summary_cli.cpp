// `btlinksim summary FILE`: the points table of a sweep's result file -- per design point and sink, the
// replications it played in and the mean +/- 95 % half-width of the main metrics, from /points and /points_sinks
// -- or the same per sink of a run's file (/summary_sinks).
#include "sim/cli/commands.hpp"
#include "sim/cli/optimise_answer.hpp"
#include "sim/cli/summary.hpp"
#include "sim/output/sweep_writer.hpp"
#include "sim/output/h5_helpers.hpp"

#include <H5Cpp.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

namespace btlinksim::cli {

namespace {
using h5::read_doubles;
using h5::read_strings;

// A metric's mean and 95 % half-width columns, read once (a sweep may have 50,000 points).
struct MetricColumns {
  std::vector<double> mean, ci95;
  MetricColumns(const H5::Group& g, const std::string& metric)
      : mean(read_doubles(g, metric + "_mean")), ci95(read_doubles(g, metric + "_ci95"))
  {
  }
  std::string cell(size_t i, double scale, const char* spec) const
  {
    const double m = mean[i], h = ci95[i];
    if (std::isnan(m))
      return "-";
    char a[64], b[64];
    std::snprintf(a, sizeof a, spec, m * scale);
    if (std::isnan(h))
      return a;
    std::snprintf(b, sizeof b, spec, h * scale);
    return std::string(a) + "±" + b;
  }
};

// The dropouts' main cause per row: the cause columns' means (files older than issue 22 have none).
class MainCause {
public:
  explicit MainCause(const H5::Group& ps)
  {
    for (const auto& [col, label] : cause_columns())
      if (col.rfind("dropouts_", 0) == 0 && ps.nameExists(col + "_mean"))
        causes_.push_back({label, read_doubles(ps, col + "_mean")});
  }
  std::string operator()(size_t i) const
  {
    double total = 0, best = 0;
    std::string which = "-";
    for (const auto& [label, mean] : causes_)
      if (!std::isnan(mean[i])) {
        total += mean[i];
        if (mean[i] > best) {
          best  = mean[i];
          which = label;
        }
      }
    if (!(total > 0))
      return "-";
    char b[64];
    std::snprintf(b, sizeof b, "%s %.0f%%", which.c_str(), 100 * best / total);
    return b;
  }

private:
  std::vector<std::pair<std::string, std::vector<double>>> causes_;
};

// Battery life of each (point, device): the mean over the replications that give one (/devices).
std::map<std::pair<size_t, std::string>, std::pair<double, int>> read_battery(const H5::H5File& f, bool sweep)
{
  std::map<std::pair<size_t, std::string>, std::pair<double, int>> battery;
  const H5::Group dg = f.openGroup("/devices");
  const auto dn      = read_strings(dg, "name");
  const auto bh      = read_doubles(dg, "battery_h");
  const auto dp      = sweep ? read_doubles(dg, "point") : std::vector<double>(dn.size(), 0.0);
  for (size_t i = 0; i < dn.size(); ++i)
    if (!std::isnan(bh[i])) {
      auto& b = battery[{static_cast<size_t>(dp[i]), dn[i]}];
      b.first += bh[i];
      ++b.second;
    }
  return battery;
}

// The schema of a result file: "btlinksim-sweep", "btlinksim-results" (a run's), or "" (exit 2 with a message).
std::string result_schema(const std::string& file, H5::H5File& f)
{
  H5::Group root = f.openGroup("/");
  std::string schema;
  if (root.attrExists("schema")) {
    H5::Attribute a = root.openAttribute("schema");
    a.read(a.getStrType(), schema);
  }
  if (schema == "btlinksim-sweep" || schema == "btlinksim-optimise" ||
      (schema == "btlinksim-results" && f.nameExists("/summary_sinks")))
    return schema;
  std::cerr << "btlinksim summary: " << file << " is not a sweep's, a run's or an optimisation's result (schema '" << schema
            << "'); give the output of btlinksim sweep or btlinksim run\n";
  return "";
}

// A sweep: a row per point and sink. A run (one design point, no parameters): a row per sink.
void print_table(H5::H5File& f, bool sweep)
{
  int reps = 0;
  f.openGroup("/").openAttribute("replications").read(H5::PredType::NATIVE_INT, &reps);
  const H5::Group ps = f.openGroup(sweep ? "/points_sinks" : "/summary_sinks");
  std::vector<std::vector<std::string>> params;
  std::vector<std::string> names;
  if (sweep) {
    const H5::Group pts = f.openGroup("/points");
    for (hsize_t i = 0; i < pts.getNumObjs(); ++i)
      if (const std::string n = pts.getObjnameByIdx(i); is_swept_parameter_column(n)) {
        names.push_back(n);
        params.push_back(read_strings(pts, n));
      }
  }
  const auto sink   = read_strings(ps, "name");
  const auto played = read_doubles(ps, "startup_s_n");
  const auto point  = sweep ? read_doubles(ps, "point") : std::vector<double>(sink.size(), 0.0);
  const MetricColumns drop(ps, "dropouts_per_min"), e2e(ps, "e2e_latency_mean_s"), lat(ps, "latency_mean_s"),
      skew(ps, "skew_max_s");
  const MainCause main_cause(ps);
  const auto battery = read_battery(f, sweep);
  size_t n_points    = 0;  // a run's file: one point, no parameters
  for (const double p : point)
    n_points = std::max(n_points, static_cast<size_t>(p) + 1);
  const PointLabels labels = point_labels(n_points, names.size(), [&](size_t j, size_t p) { return params[j][p]; });
  const int width          = labels.width;
  std::printf("%-6s %-*s %-10s %8s %16s %-16s %16s %16s %16s %10s\n", "point", width, "parameters", "sink", "played",
              "drop/min", "drop_cause", "e2e_mean_ms", "lat_mean_ms", "skew_max_ms", "battery_h");
  for (size_t i = 0; i < sink.size(); ++i) {
    const auto p             = static_cast<size_t>(point[i]);
    const std::string& label = labels.text[p];
    const auto b             = battery.find({p, sink[i]});
    char bat[32]             = "-";
    if (b != battery.end())
      std::snprintf(bat, sizeof bat, "%.0f", b->second.first / b->second.second);
    std::printf("%-6zu %-*s %-10s %8s %16s %-16s %16s %16s %16s %10s\n", p, width,
                (i && point[i - 1] == point[i]) ? "" : label.c_str(), sink[i].c_str(),
                (std::to_string(static_cast<int>(played[i])) + "/" + std::to_string(reps)).c_str(),
                drop.cell(i, 1, "%.2f").c_str(), main_cause(i).c_str(), e2e.cell(i, 1e3, "%.1f").c_str(),
                lat.cell(i, 1e3, "%.2f").c_str(), skew.cell(i, 1e3, "%.3f").c_str(), bat);
  }
  std::printf("parameters: ");
  for (size_t j = 0; j < names.size(); ++j)
    std::printf("%s%s", j ? "; " : "", names[j].c_str());
  std::printf("%s\n", names.empty() ? "none (one run of a scenario)" : "");
}
}  // namespace

Action add_summary_command(CLI::App& app)
{
  auto file = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("summary", "Print the points table of a sweep's result file, the per-sink summary of a run's, or an optimisation's answer");
  sub->add_option("file", *file, "the HDF5 file of btlinksim sweep, run or optimise")->required();
  return [sub, file]() -> int {
    if (!sub->parsed())
      return -1;
    try {
      H5::Exception::dontPrint();
      if (!std::filesystem::is_regular_file(*file) || !H5::H5File::isHdf5(*file)) {
        std::cerr << "btlinksim summary: " << *file
                  << " is not an HDF5 file; give the output file of btlinksim sweep or btlinksim run\n";
        return 2;
      }
      H5::H5File f(*file, H5F_ACC_RDONLY);
      const std::string schema = result_schema(*file, f);
      if (schema.empty())
        return 2;
      if (schema == "btlinksim-optimise")
        print_answer(answer_of_file(f));
      else
        print_table(f, schema == "btlinksim-sweep");
      return 0;
    } catch (const H5::Exception& e) {
      std::cerr << "btlinksim summary: cannot read " << *file << ": " << e.getDetailMsg() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "btlinksim summary: cannot read " << *file << ": " << e.what() << "\n";
      return 1;
    }
  };
}

}  // namespace btlinksim::cli
