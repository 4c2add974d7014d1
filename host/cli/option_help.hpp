// The options part of every command's --help, in one style: `  -h, --help` and
// `  --config FILE` in a column, descriptions wrapped at 80 columns, an optional value
// shown as `--server[=BOOL]`, and no trailing spaces. Boost.Program_options' own
// rendering (`-h [ --help ]`, `[=BOOL(=true)]`, lines ending in a space) is not used.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::cli {

// One group of a command's options under its caption ("Logging"). Boost 1.74 keeps a
// description's caption private, so the caption travels beside it.
struct HelpGroup {
  std::string_view caption;
  const boost::program_options::options_description *options;
};

// The groups, each as "Caption:" and its options, separated by blank lines; every
// description starts in the same column.
std::string format_option_help(const std::vector<HelpGroup> &groups);

}  // namespace joinery::cli
