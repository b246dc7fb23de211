// Many runs in one HDF5 file (a `run`'s replications, a sweep's points x replications): every table's rows of
// every run stacked, each row with its run's key columns (the replication, and for a sweep the point before it
// and the swept parameters' values after the text columns), and per group of runs (a run's replications; a sweep
// point's) each sink metric's mean, sample sd, n and 95 % Student-t half-width. Columns, units and meanings come
// from the output declarations (columns.hpp).
#pragma once

#include "sim/output/columns.hpp"
#include "sim/output/results.hpp"

#include <H5Cpp.h>

#include <functional>
#include <string>
#include <vector>

namespace btlinksim {

// What a file adds to each run's rows besides the replication.
struct RunKeys {
  std::vector<ColumnDecl> numbers;  // before the replication column (a sweep's point)
  std::vector<ColumnDecl> texts;    // after the table's own text columns (a sweep's parameter values)
  // The key values of run i, in the order declared.
  std::function<void(size_t run, std::vector<double>& numbers, std::vector<std::string>& texts)> values = {};
};

// The table as the file holds it: keys.numbers, replication, the declared columns, the declared texts, keys.texts.
TableDecl keyed_table(const TableDecl& d, const RunKeys& keys);

// runs[i]: run i's result, nullptr when it failed (its rows are absent). Writes the group d.name.
void write_stacked(H5::H5File& f, const std::vector<const RunResult*>& runs, const ResultTable RunResult::*table,
                   const TableDecl& d, const RunKeys& keys);

// One row per group and sink (the sinks of the group's first run that ran), in group order, written as the
// group `name`: for each /sinks column COL, COL_mean, COL_sd, COL_n (runs with a value: NaN is "no value") and
// COL_ci95; a category column gets COL_count_VALUE per category instead (a category is never averaged). When
// group_column is given, a column of that name holds the group's index.
void write_sinks_summary(H5::H5File& f, const std::string& name, const std::string& meaning,
                         const std::vector<std::vector<const RunResult*>>& groups, const ColumnDecl* group_column);

}  // namespace btlinksim
