#include "catalog/plugin_help.hpp"

#include <algorithm>
#include <vector>

#include "keys/word_wrap.hpp"

namespace joinery::plugins {
namespace {

template <class Items>
std::string sorted_names(const Items &items) {
  std::vector<std::string> names;
  for (const auto &item : items) {
    names.push_back(item->name());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out;
  for (const std::string &name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

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

std::string format_help(const PluginItemDescription &item) {
  std::string out = item.name + ": " + item.summary + "\n";
  out += indent_lines(reflow(item.help, 76), "    ");  // indented by 4: 80 columns
  if (item.keys.empty()) {
    out += "  (no keys)\n";
  } else {
    out += "  keys:\n" + indent_lines(format_key_help(item.keys), "  ");
  }
  return out;
}

std::string installed_provider_names(Registry &registry) {
  registry.load_all();
  return sorted_names(registry.providers());
}

std::string installed_backend_names(Registry &registry) {
  registry.load_all();
  return sorted_names(registry.backends());
}

}  // namespace joinery::plugins
