// The HDF5 pieces every result file uses (h5_helpers.cpp; the readers in run_reader.cpp): string and number attributes, 1-D columns
// with their declared unit and meaning, a declared table as a group, provenance, and the atomic write (to
// NAME.PID.tmp, renamed when complete; nothing is left behind on failure).
#pragma once

#include "sim/output/columns.hpp"

#include <H5Cpp.h>

#include <functional>
#include <string>
#include <vector>

namespace btlinksim::h5 {

const H5::StrType& vlen_str();
void str_attr(H5::H5Object& o, const std::string& name, const std::string& value);
template <class T> void num_attr(H5::H5Object& o, const std::string& name, T value, const H5::PredType& type)
{
  H5::Attribute a = o.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  a.write(type, &value);
}
void write_doubles(H5::Group& g, const std::string& name, const std::vector<double>& v, const ColumnDecl& decl);
void write_strings(H5::Group& g, const std::string& name, const std::vector<std::string>& v,
                   const ColumnDecl* decl = nullptr);
// The group decl.name: the name dataset (if decl.named_rows) and every column with its unit and meaning.
void write_table(H5::H5File& f, const ResultTable& t, const TableDecl& decl);
// `input`: the file the result was made from (scenario, sweep or optimisation file), kept as its absolute path
// (input_path) so that a later command can tell its own result from another file's (sim/output/output_guard.hpp).
void write_provenance(H5::Group& root, const std::string& schema, int version, const std::string& title,
                      const std::string& input);
// A 1-D column read back whole (sim/output/run_reader.cpp).
std::vector<std::string> read_strings(const H5::Group& g, const std::string& name);
std::vector<double> read_doubles(const H5::Group& g, const std::string& name);
// Throws std::runtime_error ("cannot write ..." / "cannot rename ...") on failure.
void write_atomically(const std::string& path, const std::function<void(H5::H5File&)>& fill);

}  // namespace btlinksim::h5
