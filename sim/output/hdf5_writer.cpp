#include "sim/output/hdf5_writer.hpp"

#include "btlinksim/version.hpp"
#include "sim/output/columns.hpp"
#include "sim/common/sha256.hpp"
#include "sim/output/h5_helpers.hpp"
#include "sim/output/temporary.hpp"
#include "sim/output/stacking.hpp"

#include <H5Cpp.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

namespace btlinksim {

namespace {
// A table made from each run (`table_of`), stacked like the results' own tables (the replication in front).
template <class TableOf>
void write_made(H5::H5File& f, const std::vector<RunResult>& runs, const TableDecl& d, TableOf table_of)
{
  std::vector<RunResult> made(runs.size());
  std::vector<const RunResult*> all;
  for (size_t i = 0; i < runs.size(); ++i) {
    made[i].replication = runs[i].replication;
    made[i].sinks       = table_of(runs[i]);
    all.push_back(&made[i]);
  }
  write_stacked(f, all, &RunResult::sinks, d, {});
}
}  // namespace

void write_run_hdf5(const std::string& path, const Scenario& s, const std::vector<RunResult>& runs)
{
  using namespace h5;
  std::vector<const RunResult*> all;
  for (const auto& r : runs)
    all.push_back(&r);
  write_atomically(path, [&](H5::H5File& f) {
    H5::Group root = f.openGroup("/");
    write_provenance(root, "btlinksim-results", 2, s.title, s.file);  // version 2: one file per run, replications stacked
    str_attr(root, "scenario_file", s.file);
    str_attr(root, "scenario_sha256", sha256_hex(s.text));
    num_attr(root, "master_seed", static_cast<unsigned long long>(s.seed), H5::PredType::NATIVE_ULLONG);
    num_attr(root, "replications", static_cast<int>(runs.size()), H5::PredType::NATIVE_INT);
    str_attr(root, "rng_algorithm", "xoshiro256** seeded by SplitMix64 over (seed, replication, FNV-1a(entity), FNV-1a(purpose))");
    num_attr(root, "duration_s", s.duration_s, H5::PredType::NATIVE_DOUBLE);
    H5::Group sc = f.createGroup("/scenario");
    write_strings(sc, "text", {s.text});
    // The floor plan's walls, once (the devices' positions are columns of /devices).
    ResultTable walls = make_table(walls_columns());
    for (const auto& w : s.environment.walls)
      add_row(walls, walls_columns(), w.name,
              {{"from_x_m", w.a.x_m}, {"from_y_m", w.a.y_m}, {"to_x_m", w.b.x_m}, {"to_y_m", w.b.y_m}, {"loss_db", w.loss_db}});
    write_table(f, walls, walls_columns());
    // One row per replication.
    write_made(f, runs, replications_columns(), [](const RunResult& r) {
      ResultTable t = make_table(replications_columns());
      add_row(t, replications_columns(), "",
              {{"sim_end_s", r.sim_end_s}, {"wall_s", r.wall_s}, {"packet_hops", static_cast<double>(r.events)}});
      return t;
    });
    for (auto [table, decl] : {std::pair{&RunResult::sinks, &sinks_columns()}, {&RunResult::links, &links_columns()},
                               {&RunResult::devices, &devices_columns()}, {&RunResult::outages, &outages_columns()}})
      write_stacked(f, all, table, *decl, {});
    if (!runs.empty() && !runs.front().formation.name.empty())
      write_stacked(f, all, &RunResult::formation, formation_columns(), {});
    if (s.output.timeseries)
      write_stacked(f, all, &RunResult::timeseries, timeseries_columns(), {});
    if (!runs.empty() && runs.front().latency_cdf.tabulated)
      write_made(f, runs, latency_cdf_columns(), [](const RunResult& r) { return latency_cdf_table(r.latency_cdf); });
    write_sinks_summary(f, "summary_sinks",
                        "per sink: each metric's mean, sd, n and 95 % t half-width over the replications that have "
                        "the value",
                        {all}, nullptr);
  });
}

}  // namespace btlinksim
