// The AWS shared credentials and config files as the SDKs read them: INI sections
// "[NAME]" in the credentials file, "[profile NAME]" (or "[default]") in the config
// file, one profile being the two sections together.
#pragma once

#include "aws_settings.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace joinery::aws {

using IniSection = std::map<std::string, std::string, std::less<>>;

// One profile's two sections; either may be missing.
struct SharedProfile {
  std::string name;
  std::optional<IniSection> credentials;  // [NAME] of the credentials file
  std::optional<IniSection> config;       // [profile NAME] / [default] of the config file

  [[nodiscard]] bool exists() const { return credentials || config; }
  // The setting `key` of the config section ("" when absent).
  [[nodiscard]] std::string config_value(std::string_view key) const;
};

// Both files' text, read once per attempt (they may change between attempts).
class SharedFiles {
 public:
  // Reads `sources`' two files; a missing file is an empty one. Throws
  // sdk::Error(unavailable) naming a file that exists but cannot be read.
  explicit SharedFiles(const CredentialSources &sources);

  [[nodiscard]] SharedProfile profile(const std::string &name) const;
  // "FILE and FILE", for messages.
  [[nodiscard]] std::string names() const;

 private:
  std::string credentials_file_, config_file_;
  std::string credentials_text_, config_text_;
};

// `text` without the blanks (space, tab, CR) at either end.
std::string trimmed(std::string_view text);

// The section `wanted` of the INI text `text`; nullopt when it has none.
std::optional<IniSection> ini_section(std::string_view text, std::string_view wanted);

// Throws sdk::Error(invalid_config) naming the profile and both files when `sources`
// names a profile ($AWS_PROFILE) that neither file holds: the SDKs refuse it
// (ProfileNotFound) instead of going on with the rest of the chain.
void check_named_profile(const CredentialSources &sources);

}  // namespace joinery::aws
