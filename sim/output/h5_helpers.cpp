#include "sim/output/h5_helpers.hpp"

#include "btlinksim/version.hpp"
#include "sim/common/heap_pages.hpp"
#include "sim/output/temporary.hpp"

#include <H5Cpp.h>

#include <filesystem>
#include <new>
#include <optional>
#include <string_view>
#include <stdexcept>

#include <sys/types.h>

namespace btlinksim {

namespace h5 {
const H5::StrType& vlen_str()
{
  // UTF-8, the scenario's own encoding (the loader refuses anything else): a title "café" or the unit "µs" read
  // back as text by h5py's asstr() (ASCII-typed strings made Python's decoding fail; issue 23).
  static const H5::StrType t = [] {
    H5::StrType s(H5::PredType::C_S1, H5T_VARIABLE);
    s.setCset(H5T_CSET_UTF8);
    return s;
  }();
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
  str_attr(ds, "label", column_label(decl));
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
  if (decl) {
    str_attr(ds, "description", decl->meaning);
    str_attr(ds, "label", column_label(*decl));
  }
}

// A table's group: its declared columns (sim/output/columns.hpp), each with its unit and meaning.
void write_table(H5::H5File& f, const ResultTable& t, const TableDecl& decl)
{
  H5::Group g = f.createGroup("/" + decl.name);
  str_attr(g, "description", decl.meaning);
  if (decl.named_rows)
    write_strings(g, "name", t.row_names);
  for (size_t c = 0; c < t.columns.size(); ++c)
    write_doubles(g, t.columns[c], t.values[c], *decl.find(t.columns[c]));
  for (size_t c = 0; c < t.text_columns.size(); ++c)
    write_strings(g, t.text_columns[c], t.text_values[c], decl.find(t.text_columns[c]));
}

void write_provenance(H5::Group& root, const std::string& schema, int version, const std::string& title,
                      const std::string& input)
{
  std::error_code ec;
  const std::filesystem::path in = std::filesystem::weakly_canonical(std::filesystem::absolute(input, ec), ec);
  str_attr(root, "schema", schema);
  num_attr(root, "schema_version", version, H5::PredType::NATIVE_INT);
  str_attr(root, "title", title);
  str_attr(root, "source", std::string("btlinksim ") + BTLINKSIM_VERSION + " (git " + BTLINKSIM_GIT_COMMIT + ")");
  str_attr(root, "git_commit", BTLINKSIM_GIT_COMMIT);
  str_attr(root, "btlinksim_version", BTLINKSIM_VERSION);
  str_attr(root, "input_path", in.string());
}

void write_atomically(const std::string& path, const std::function<void(H5::H5File&)>& fill)
{
  // The file is built in memory (HDF5's core driver, no backing store) and written out by write_file_atomically:
  // HDF5 itself never touches the disk, so a full disk or an unwritable directory is one checked write() error
  // (exit 1 with its reason) instead of a failed H5Fclose whose half-open file crashed the process at exit.
  std::optional<PageBuffer> image;  // tens of MB for a stadium: fresh pages, 2 MB each (sim/common/heap_pages.hpp)
  try {
    H5::Exception::dontPrint();
    H5::FileAccPropList fa;
    fa.setCore(1 << 20, false);
    H5::H5File f(temporary_for(path), H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, fa);
    fill(f);
    f.flush(H5F_SCOPE_GLOBAL);
    const ssize_t size = H5Fget_file_image(f.getId(), nullptr, 0);
    if (size < 0)
      throw std::runtime_error("cannot write " + path + ": HDF5 gave no file image");
    image.emplace(static_cast<size_t>(size));
    if (H5Fget_file_image(f.getId(), image->data(), image->size()) != size)
      throw std::runtime_error("cannot write " + path + ": HDF5 gave a short file image");
    f.close();
  } catch (const H5::Exception& e) {
    throw std::runtime_error("cannot write " + path + ": " + e.getDetailMsg());
  } catch (const std::bad_alloc&) {
    throw std::runtime_error("cannot write " + path + ": no memory for the file's image");
  }
  write_file_atomically(path, std::string_view(image->data(), image->size()));
}
}  // namespace h5

}  // namespace btlinksim
