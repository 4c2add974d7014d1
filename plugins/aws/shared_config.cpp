#include "shared_config.hpp"

#include <joinery/sdk/regular_file.hpp>

#include <cerrno>

namespace joinery::aws {
namespace {

using sdk::Error;
using sdk::Status;

constexpr std::size_t max_shared_file_bytes = std::size_t{1} << 20;

std::string read_shared_file(const std::string &path) {
  if (path.empty()) {
    return "";
  }
  const sdk::FileText file = sdk::read_regular_file(path, max_shared_file_bytes);
  if (!file) {
    if (file.error_number == ENOENT) {
      return "";
    }
    throw Error(Status::unavailable, "aws: shared credentials " + path + ": " + file.error);
  }
  return file.text;
}

}  // namespace

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return "";
  }
  return std::string(text.substr(first, text.find_last_not_of(" \t\r") - first + 1));
}

std::optional<IniSection> ini_section(std::string_view text, std::string_view wanted) {
  std::optional<IniSection> section;
  bool inside = false;
  while (!text.empty()) {
    const auto end = std::min(text.find('\n'), text.size());
    const std::string line = trimmed(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      continue;
    }
    if (line.front() == '[' && line.back() == ']') {
      inside = trimmed(std::string_view(line).substr(1, line.size() - 2)) == wanted;
      if (inside && !section) {
        section.emplace();
      }
      continue;
    }
    const auto equals = line.find('=');
    if (inside && equals != std::string::npos) {
      (*section)[trimmed(std::string_view(line).substr(0, equals))] =
          trimmed(std::string_view(line).substr(equals + 1));
    }
  }
  return section;
}

std::string SharedProfile::config_value(std::string_view key) const {
  if (!config) {
    return "";
  }
  const auto found = config->find(key);
  return found == config->end() ? "" : found->second;
}

SharedFiles::SharedFiles(const CredentialSources &sources)
    : credentials_file_(sources.credentials_file),
      config_file_(sources.config_file),
      credentials_text_(read_shared_file(sources.credentials_file)),
      config_text_(read_shared_file(sources.config_file)) {}

SharedProfile SharedFiles::profile(const std::string &name) const {
  return {name, ini_section(credentials_text_, name),
          ini_section(config_text_, name == "default" ? "default" : "profile " + name)};
}

std::string SharedFiles::names() const {
  return (credentials_file_.empty() ? "(no credentials file: HOME is not set)"
                                    : credentials_file_) +
         " and " + (config_file_.empty() ? "(no config file: HOME is not set)" : config_file_);
}

void check_named_profile(const CredentialSources &sources) {
  if (!sources.profile_named) {
    return;
  }
  const SharedFiles files(sources);
  if (!files.profile(sources.profile).exists()) {
    throw Error(Status::invalid_config, "AWS_PROFILE: the profile \"" + sources.profile +
                                            "\" is in neither " + files.names() +
                                            " (the credentials file's [" + sources.profile +
                                            "] or the config file's [profile " + sources.profile +
                                            "]); unset AWS_PROFILE or add the profile");
  }
}

}  // namespace joinery::aws
