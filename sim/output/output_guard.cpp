#include "sim/output/output_guard.hpp"

#include <H5Cpp.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace btlinksim {

namespace {
// The first of the root attributes `names` the HDF5 file at path has, as text ("" if none, or not HDF5).
std::string root_text(const std::string& path, std::initializer_list<const char*> names)
{
  try {
    H5::Exception::dontPrint();
    if (!H5::H5File::isHdf5(path))
      return "";
    H5::H5File f(path, H5F_ACC_RDONLY);
    H5::Group root = f.openGroup("/");
    for (const char* name : names)
      if (root.attrExists(name)) {
        H5::Attribute a = root.openAttribute(name);
        std::string v;
        a.read(a.getStrType(), v);
        return v;
      }
  } catch (const H5::Exception&) {
  }
  return "";
}
}  // namespace

std::string result_schema(const std::string& path) { return root_text(path, {"schema"}); }

bool is_btlinksim_result(const std::string& path)
{
  const std::string v = result_schema(path);
  return v == "btlinksim-results" || v == "btlinksim-sweep" || v == "btlinksim-optimise";
}

std::string result_input(const std::string& path)
{
  return root_text(path, {"input_path", "scenario_file", "sweep_file", "optimise_file"});
}

std::string other_input_problem(const std::string& output, const std::string& input)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(output, ec) || !is_btlinksim_result(output))
    return "";
  const std::string owner = result_input(output);
  if (owner.empty())
    return "";
  const fs::path mine = fs::weakly_canonical(fs::absolute(input, ec), ec);
  const bool same     = fs::path(owner).is_absolute() ? fs::path(owner) == mine : fs::path(owner).filename() == mine.filename();
  if (same)
    return "";
  // The suggestion: the default name, or (when that is the file in the way) one beside it.
  std::string own = "results/" + mine.stem().string() + ".h5";
  if (fs::weakly_canonical(own, ec) == fs::weakly_canonical(output, ec))
    own = "results/" + mine.stem().string() + "-2.h5";
  return "'" + output + "' holds the results of another file, " + owner + "; give this one its own output (e.g. " + own +
         "), or pass --force to replace them";
}

std::string default_output_file(const std::string& scenario_file)
{
  return "results/" + std::filesystem::path(scenario_file).stem().string() + ".h5";
}

std::string batch_output_problem(const std::string& output, const std::vector<std::string>& inputs, const std::string& what,
                                 bool force)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& in : inputs)
    if (fs::exists(output, ec) && fs::equivalent(output, in, ec))
      return "output '" + output + "' is an input of the " + what + " (" + in + "); name a new .h5 file";
  if (fs::is_directory(output, ec))
    return "output '" + output + "' is a directory; name a file in it";
  if (fs::exists(output, ec) && !is_btlinksim_result(output))
    return "output '" + output + "' exists and is not a btlinksim result; choose another name or move it away";
  if (const std::string why = unwritable_reason(output); !why.empty())
    return "output '" + output + "' cannot be written: " + why + "; choose a writable directory";
  if (!force && !inputs.empty())
    if (const std::string why = other_input_problem(output, inputs.front()); !why.empty())
      return "output " + why;
  return "";
}

std::string unwritable_reason(const std::string& path)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  // The directory the file goes in, or the deepest part of it that exists: the writer creates the rest.
  fs::path dir = fs::absolute(path, ec).lexically_normal().parent_path(), missing;
  while (!dir.empty() && !fs::exists(dir, ec) && dir != dir.root_path()) {
    missing = dir;
    dir     = dir.parent_path();
  }
  if (!fs::is_directory(dir, ec))
    return "'" + dir.string() + "' is not a directory";
  if (access(dir.c_str(), W_OK | X_OK) != 0)  // EROFS also for root, who passes permission bits
    return "cannot create files in '" + dir.string() + "': " + std::strerror(errno);
  // A directory to be made: made and removed again now (root passes access() where no one can create, e.g. /proc).
  if (!missing.empty()) {
    if (mkdir(missing.c_str(), 0755) != 0)
      return "cannot create the directory '" + missing.string() + "': " + std::strerror(errno);
    rmdir(missing.c_str());
  }
  return "";
}

namespace {
// The first n bytes of a file (fewer if it is shorter; none if it cannot be read).
std::string file_head(const std::string& path, size_t n)
{
  std::ifstream in(path, std::ios::binary);
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return head;
}

// A trace this program wrote: its JSON starts with btlinksim's producer line.
bool is_btlinksim_trace(const std::string& path)
{
  return file_head(path, 64).rfind("{\"otherData\":{\"producer\":\"btlinksim ", 0) == 0;
}

// A capture: the pcap magic number, little-endian (what btlinksim writes).
bool is_pcap(const std::string& path) { return file_head(path, 4) == std::string("\xd4\xc3\xb2\xa1", 4); }
}  // namespace

std::vector<Diagnostic> check_output_paths(const Scenario& s, bool force)
{
  namespace fs = std::filesystem;
  std::vector<Diagnostic> out;
  if (!s.output.trace.empty()) {
    std::error_code ec;
    const std::string& p = s.output.trace;
    const bool input = (fs::exists(p, ec) && fs::equivalent(p, s.file, ec)) ||
                       (!s.formation.preset_path.empty() && fs::exists(p, ec) && fs::equivalent(p, s.formation.preset_path, ec));
    if (input)
      out.push_back({s.output.trace_where, "output.trace '" + p + "' is an input of the scenario; name a new .json file"});
    else if (fs::is_directory(p, ec))
      out.push_back({s.output.trace_where, "output.trace '" + p + "' is a directory; name a file in it, e.g. " + p + "/run.perfetto.json"});
    else if (fs::exists(p, ec) && !is_btlinksim_trace(p))
      out.push_back({s.output.trace_where, "output.trace '" + p + "' exists and is not a btlinksim trace; choose another name or move it away"});
    else if (!s.output.file.empty() && fs::weakly_canonical(p, ec) == fs::weakly_canonical(s.output.file, ec))
      out.push_back({s.output.trace_where, "output.trace and output.file are the same file; give the trace its own name"});
    else if (const std::string why = unwritable_reason(p); !why.empty())
      out.push_back({s.output.trace_where, "output.trace '" + p + "' cannot be written: " + why + "; choose a writable directory"});
  }
  if (!s.output.pcap.empty()) {  // a capture may replace only a pcap file (its magic number)
    std::error_code ec;
    const std::string& p = s.output.pcap;
    if (fs::is_directory(p, ec))
      out.push_back({s.output.where, "output.pcap '" + p + "' is a directory; name a file in it, e.g. " + p + "/run.pcap"});
    else if (fs::exists(p, ec) && !is_pcap(p))
      out.push_back({s.output.where, "output.pcap '" + p + "' exists and is not a pcap capture; choose another name or move it away"});
    else if (const std::string why = unwritable_reason(p); !why.empty())
      out.push_back({s.output.where, "output.pcap '" + p + "' cannot be written: " + why + "; choose a writable directory"});
  }
  if (s.output.file.empty())
    return out;
  std::vector<std::pair<std::string, std::string>> inputs{{s.file, "the scenario file itself"}};
  if (!s.formation.preset_path.empty())
    inputs.emplace_back(s.formation.preset_path, "the preset file " + s.formation.preset_path);
  const std::string& p = s.output.file;
  std::error_code ec;
  const auto input = std::find_if(inputs.begin(), inputs.end(),
                                  [&](const auto& in) { return fs::exists(p, ec) && fs::equivalent(p, in.first, ec); });
  if (input != inputs.end())
    out.push_back({s.output.where, "output.file '" + p + "' is " + input->second + ": writing results there would "
                                   "destroy it; name a new .h5 file, e.g. results/" + fs::path(s.file).stem().string() + ".h5"});
  else if (fs::is_directory(p, ec))
    out.push_back({s.output.where, "output.file '" + p + "' is a directory; name a file in it, e.g. " + p + "/out.h5"});
  else if (fs::exists(p, ec) && !is_btlinksim_result(p))
    out.push_back({s.output.where, "output.file '" + p + "' exists and is not a btlinksim result; btlinksim only "
                                   "replaces its own results: choose another name or move the file away"});
  else if (const std::string why = unwritable_reason(p); !why.empty())
    out.push_back({s.output.where, "output.file '" + p + "' cannot be written: " + why + "; choose a writable directory"});
  else if (const std::string other = force ? "" : other_input_problem(p, s.file); !other.empty())
    out.push_back({s.output.where, "output.file " + other});
  return out;
}

}  // namespace btlinksim
