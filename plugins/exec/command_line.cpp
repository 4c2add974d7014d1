#include "command_line.hpp"

#include <joinery/sdk/status.hpp>
#include <nlohmann/json.hpp>

namespace joinery::exec {
namespace {

using sdk::Error;
using sdk::Status;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<std::string> parse_json_array(std::string_view text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    throw Error(
        Status::invalid_config,
        "command: starts with '[' but is not a JSON array of strings: " + std::string(text));
  }
  std::vector<std::string> argv;
  for (const nlohmann::json &word : parsed) {
    if (!word.is_string()) {
      throw Error(Status::invalid_config,
                  "command: every element of the array must be a string, not " + word.dump());
    }
    argv.push_back(word.get<std::string>());
  }
  return argv;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> argv;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) break;
    std::string word;
    while (i < text.size() && !is_space(text[i])) {
      if (text[i] != '"') {
        word += text[i++];
        continue;
      }
      const std::size_t open = i++;
      for (;;) {
        if (i == text.size()) {
          throw Error(Status::invalid_config, "command: the double quote at character " +
                                                  std::to_string(open + 1) + " is never closed");
        }
        const char c = text[i++];
        if (c == '"') break;
        if (c == '\\' && i < text.size() && (text[i] == '"' || text[i] == '\\')) {
          word += text[i++];
        } else {
          word += c;
        }
      }
    }
    argv.push_back(std::move(word));
  }
  return argv;
}

}  // namespace

std::vector<std::string> parse_command(const std::vector<std::string_view> &values) {
  std::vector<std::string> argv;
  if (values.size() > 1) {
    argv.assign(values.begin(), values.end());  // a TOML array: one argument each
  } else if (!values.empty()) {
    const std::string_view text = values.front();
    std::size_t first = 0;
    while (first < text.size() && is_space(text[first])) ++first;
    const bool json = first < text.size() && text[first] == '[';
    argv = json ? parse_json_array(text) : split_words(text);
  }
  if (argv.empty() || argv.front().empty()) {
    throw Error(Status::invalid_config,
                "command: no program given (examples: command = [\"nomad\", \"server\", "
                "\"join\"] or command = \"/usr/local/bin/peers --dc dc1\")");
  }
  return argv;
}

std::string describe_command(const std::vector<std::string> &argv) {
  std::string out;
  for (const std::string &word : argv) {
    if (!out.empty()) out += ' ';
    const bool quote = word.empty() || word.find_first_of(" \t\n\"\\") != std::string::npos;
    if (!quote) {
      out += word;
      continue;
    }
    out += '"';
    for (char c : word) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace joinery::exec
