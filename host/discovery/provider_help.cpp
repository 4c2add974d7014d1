#include "discovery/provider_help.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "plugins/key_spec.hpp"

namespace joinery::discovery {
namespace {

// Every line of `text` prefixed with `indent`; ends with a newline.
std::string indent_lines(std::string_view text, std::string_view indent) {
  std::string out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    out.append(line.empty() ? "" : indent).append(line).append("\n");
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace

std::string format_provider_help(const plugins::DiscoveryProvider &provider) {
  std::string out = provider.name() + ": " + provider.summary() + "\n";
  if (!provider.help().empty()) {
    out += indent_lines(provider.help(), "    ");
  }
  if (provider.keys().empty()) {
    out += "  (no keys)\n";
  } else {
    out += "  keys:\n" + indent_lines(plugins::format_key_help(provider.keys()), "  ");
  }
  return out;
}

std::string installed_provider_names(plugins::Registry &registry) {
  registry.load_all();
  std::vector<std::string> names;
  for (const auto &provider : registry.providers()) {
    names.push_back(provider->name());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out;
  for (const std::string &name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace joinery::discovery
