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
    const TableDecl& rd = replications_columns();
    std::vector<const RunResult*> with_reps;  // each replication's row as a one-row table, stacked like the rest
    std::vector<RunResult> one_row(runs.size());
    for (size_t i = 0; i < runs.size(); ++i) {
      one_row[i].replication = runs[i].replication;
      one_row[i].sinks       = make_table(rd);
      add_row(one_row[i].sinks, rd, "", {{"sim_end_s", runs[i].sim_end_s}, {"wall_s", runs[i].wall_s},
                                         {"packet_hops", static_cast<double>(runs[i].events)}});
      with_reps.push_back(&one_row[i]);
    }
    write_stacked(f, with_reps, &RunResult::sinks, rd, {});
    for (auto [table, decl] : {std::pair{&RunResult::sinks, &sinks_columns()}, {&RunResult::links, &links_columns()},
                               {&RunResult::devices, &devices_columns()}, {&RunResult::outages, &outages_columns()}})
      write_stacked(f, all, table, *decl, {});
    if (!runs.empty() && !runs.front().formation.name.empty())
      write_stacked(f, all, &RunResult::formation, formation_columns(), {});
    if (s.output.timeseries)
      write_stacked(f, all, &RunResult::timeseries, timeseries_columns(), {});
    if (!runs.empty() && !runs.front().latency_cdf.name.empty())
      write_stacked(f, all, &RunResult::latency_cdf, latency_cdf_columns(), {});
    write_sinks_summary(f, "summary_sinks",
                        "per sink: each metric's mean, sd, n and 95 % t half-width over the replications that have "
                        "the value",
                        {all}, nullptr);
  });
}

}  // namespace btlinksim
