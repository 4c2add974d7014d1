// The gce provider's keys (go-discover's, key for key) and their values checked.
#pragma once

#include <joinery/plugin.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace joinery::gce {

inline constexpr joinery_key gce_keys[] = {
    sdk::optional("project_name", "",
                  "the project; default: the credentials file's project_id, then the "
                  "metadata server's"),
    sdk::optional("zone_pattern", "",
                  "RE2 regular expression a zone's whole name must match, e.g. us-west1-.*; "
                  "default: every zone"),
    sdk::optional("tag_value", "", "network tag an instance must carry"),
    sdk::optional("label_key", "", "label an instance must carry (with label_value)"),
    sdk::optional("label_value", "", "value label_key must have"),
    sdk::optional("credentials_file", "",
                  "service-account JSON key file; default: $GOOGLE_APPLICATION_CREDENTIALS, "
                  "gcloud's application default credentials, then the metadata server"),
};

// zone_pattern compiled once: RE2 (Google's API matches `name eq PATTERN` filters with
// it), anchored at both ends as that filter is.
class ZonePattern {
 public:
  // Throws sdk::Error(invalid_config) naming the key and RE2's reason.
  explicit ZonePattern(std::string_view pattern);
  ~ZonePattern();
  ZonePattern(const ZonePattern &) = delete;
  ZonePattern &operator=(const ZonePattern &) = delete;

  [[nodiscard]] bool matches(std::string_view zone) const;
  [[nodiscard]] const std::string &text() const { return text_; }

 private:
  std::string text_;
  std::unique_ptr<re2::RE2> regex_;
};

struct GceSettings {
  std::string project_name;
  std::shared_ptr<const ZonePattern> zone_pattern;  // null: every zone
  std::string tag_value;
  std::string label_key;
  std::string label_value;
  std::string credentials_file;
};

// Throws sdk::Error(invalid_config) naming the key.
GceSettings read_gce_settings(const sdk::Config &config);

}  // namespace joinery::gce
