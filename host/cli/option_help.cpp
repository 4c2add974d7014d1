#include "cli/option_help.hpp"

#include <algorithm>
#include <boost/program_options/cmdline.hpp>
#include <sstream>

#include <vector>
#include "keys/word_wrap.hpp"

namespace joinery::cli {
namespace {

namespace po = boost::program_options;

constexpr std::size_t line_width = 80;
constexpr std::size_t indent = 2;
// An option longer than this gets its description on the next line, so one long
// option does not push every description to the right.
constexpr std::size_t max_option_column = 34;

// The value's name as the command's code gave it (value_name), without the decorations
// Boost's semantic name carries: "[=BOOL(=true)]" for an implicit value, "arg (=x)"
// for a default.
std::string value_name(const po::value_semantic &semantic) {
  std::string name = semantic.name();
  if (name.rfind("[=", 0) == 0) name = name.substr(2);
  if (const std::size_t default_at = name.find("(="); default_at != std::string::npos) {
    name.erase(default_at);
  }
  while (!name.empty() && (name.back() == ' ' || name.back() == ']')) name.pop_back();
  return name;
}

// "-h, --help", "--config FILE", "--server[=BOOL]".
std::string option_text(const po::option_description &option) {
  std::string text;
  const std::string short_name =
      option.canonical_display_name(po::command_line_style::allow_dash_for_short);
  const std::string long_name = option.long_name();
  if (short_name.size() == 2 && short_name[0] == '-' && short_name != "--" + long_name) {
    text = short_name + (long_name.empty() ? "" : ", ");
  }
  if (!long_name.empty()) text += "--" + long_name;
  const po::value_semantic &semantic = *option.semantic();
  if (semantic.max_tokens() == 0) return text;
  const std::string name = value_name(semantic);
  return semantic.min_tokens() == 0 ? text + "[=" + name + "]" : text + " " + name;
}

void format_options(const std::vector<boost::shared_ptr<po::option_description>> &options,
                    std::size_t column, std::ostream &out) {
  for (const auto &option : options) {
    const std::string name = option_text(*option);
    std::vector<std::string> description =
        plugins::wrap_words(option->description(), line_width - column);
    std::string first(indent, ' ');
    first += name;
    if (first.size() + 1 >= column && !description.empty()) {
      out << first << '\n';
      first.clear();
    }
    for (std::size_t i = 0; i < description.size(); ++i) {
      std::string line = i == 0 ? first : std::string();
      line.resize(column, ' ');
      out << line << description[i] << '\n';
    }
    if (description.empty()) out << first << '\n';
  }
}

}  // namespace

std::string format_option_help(const std::vector<HelpGroup> &groups) {
  std::size_t widest = 0;
  for (const HelpGroup &group : groups) {
    for (const auto &option : group.options->options()) {
      const std::size_t width = indent + option_text(*option).size();
      if (width <= max_option_column) widest = std::max(widest, width);
    }
  }
  const std::size_t column = widest + 2;

  std::ostringstream out;
  for (const HelpGroup &group : groups) {
    if (&group != &groups.front()) out << '\n';
    if (!group.caption.empty()) out << group.caption << ":\n";
    format_options(group.options->options(), column, out);
  }
  return out.str();
}

}  // namespace joinery::cli
