#include "sim/cli/cli_params.hpp"

#include <stdexcept>

namespace btlinksim::cli {

std::string ParamOptions::option_name(const std::string& param)
{
  std::string o = "--";
  for (char c : param)
    o += c == '_' ? '-' : c;
  return o;
}

ParamOptions::ParamOptions(CLI::App* app, const ParamTable& table) : table_(table)
{
  for (const auto& p : table_.params) {
    std::string help = p.help + " [" + p.unit_text() + "]";
    if (!p.default_text.empty())
      help += " default: " + p.default_text;
    if (!p.range_text().empty())
      help += "; range " + p.range_text();
    options_[p.name] = app->add_option(option_name(p.name), raw_[p.name], help);
  }
}

std::vector<std::string> ParamOptions::validate()
{
  std::vector<std::string> errors;
  for (const auto& p : table_.params) {
    std::string text;
    if (given(p.name))
      text = raw_[p.name];
    else if (p.has_plain_default())
      text = p.default_text;
    else
      continue;
    CheckedValue v = check_param_value(p, text, false);
    if (!v.ok())
      errors.push_back("option " + option_name(p.name) + ": " + v.error);
    checked_[p.name] = v;
  }
  return errors;
}

bool ParamOptions::given(const std::string& name) const
{
  auto it = options_.find(name);
  return it != options_.end() && it->second->count() > 0;
}

double ParamOptions::number(const std::string& name) const
{
  auto it = checked_.find(name);
  if (it == checked_.end())
    throw std::logic_error("parameter without value: " + name);
  return it->second.number;
}

std::string ParamOptions::word(const std::string& name) const
{
  auto it = checked_.find(name);
  if (it == checked_.end())
    throw std::logic_error("parameter without value: " + name);
  return it->second.word;
}

std::optional<CheckedValue> ParamOptions::checked(const std::string& name) const
{
  auto it = checked_.find(name);
  if (it == checked_.end())
    return std::nullopt;
  return it->second;
}

}  // namespace btlinksim::cli
