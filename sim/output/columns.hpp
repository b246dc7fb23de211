// One declaration per output column (name, unit, meaning) and per table. It feeds the engine's tabulation (a
// row is filled by column name and checked against the declaration), the HDF5 attributes (units, description),
// the console and JSON (the same names), the Python loader (which reads units and descriptions back from the
// files) and docs/outputs.md (generated: `btlinksim outputs`; a test keeps it current).
#pragma once

#include "sim/output/results.hpp"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace btlinksim {

struct ColumnDecl {
  std::string name, unit, meaning;
  std::vector<std::string> categories = {};  // a category coded 0, 1, ...: counted per value, never averaged
  std::string label = {};  // a short human name for axes and tables (empty: column_label derives it from meaning)
};
// The column's short human name: its label, else its meaning up to the first ':', '(', ';' or ',' ("dropouts per
// minute of audio"). Written as each dataset's `label` attribute; figures and reports name axes with it.
std::string column_label(const ColumnDecl& c);

struct TableDecl {
  std::string name;     // the HDF5 group and ResultTable name
  std::string meaning;  // what one row is
  std::vector<ColumnDecl> columns;
  std::vector<ColumnDecl> text_columns;  // unit "text"
  bool named_rows = true;                // a `name` dataset holds each row's name (the time series has none)
  const ColumnDecl* find(const std::string& column) const;  // numeric or text; nullptr if undeclared
};

const TableDecl& sinks_columns();
const TableDecl& links_columns();
const TableDecl& devices_columns();
const TableDecl& formation_columns();
// Each sink's transport latency at fixed levels (latency_cdf_levels): its distribution, for a CDF.
const TableDecl& latency_cdf_columns();
const std::vector<double>& latency_cdf_levels();
// The /latency_cdf table of a run's latency histograms: a row per sink and level, named by the sink, the
// histogram's quantile at the level (std::logic_error if the histograms do not fit together: LatencyCdf::mismatch).
ResultTable latency_cdf_table(const LatencyCdf& cdf);
// The floor plan's walls, written once per run file (not stacked per replication).
const TableDecl& walls_columns();
const TableDecl& outages_columns();
const TableDecl& timeseries_columns();
// Every table of a run's result, in the order of the HDF5 file.
std::vector<const TableDecl*> output_tables();
// The replication index: every table of a result file holds it in front of the declared columns, so one file
// holds every replication of a run (a sweep's file puts the point before it; sim/output/stacking.hpp).
const ColumnDecl& replication_column();
// One row per replication of a run file (/replications): how far it simulated, its wall time, packet-hops.
const TableDecl& replications_columns();

// An empty ResultTable with the declared columns and units, room made for `rows` rows (each column allocated
// once: a crowd's tables grown row by row touched twice their memory).
ResultTable make_table(const TableDecl& t, size_t rows = 0);
// Appends one row: every declared numeric column must be given exactly once (any order), and every text column;
// an undeclared or missing name throws std::logic_error (a test runs every table).
void add_row(ResultTable& table, const TableDecl& decl, const std::string& row_name,
             std::initializer_list<std::pair<const char*, double>> values,
             std::initializer_list<std::pair<const char*, std::string>> texts = {});

// Markdown reference of every table (docs/outputs.md).
std::string outputs_markdown();

}  // namespace btlinksim
