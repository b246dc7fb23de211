// Binds a ParamTable to CLI11 options: one --option per declared parameter, help text from the declaration,
// values checked with the declaration's unit and range after parsing (all errors reported together).
#pragma once

#include "models/core/params.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim::cli {

class ParamOptions {
public:
  ParamOptions(CLI::App* app, const ParamTable& table);
  // Checks every given option; returns one message per bad option ("option --x: ...").
  std::vector<std::string> validate();
  bool given(const std::string& name) const;
  double number(const std::string& name) const;       // given value, else the declared default
  std::string word(const std::string& name) const;    // choice parameters
  std::optional<CheckedValue> checked(const std::string& name) const;  // given or plain default, after validate()
  static std::string option_name(const std::string& param) ;

private:
  const ParamTable& table_;
  std::map<std::string, std::string> raw_;
  std::map<std::string, CLI::Option*> options_;
  std::map<std::string, CheckedValue> checked_;
};

}  // namespace btlinksim::cli
