#include "gce_settings.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <re2/re2.h>

namespace joinery::gce {

ZonePattern::ZonePattern(std::string_view pattern) : text_(pattern) {
  RE2::Options options;
  options.set_log_errors(false);  // the error goes into the message below, not stderr
  regex_ = std::make_unique<re2::RE2>(re2::StringPiece(text_.data(), text_.size()), options);
  if (!regex_->ok()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "zone_pattern: \"" + sdk::escape_unprintable(text_) +
                         "\" is not an RE2 regular expression: " + regex_->error() +
                         " (example: us-west1-.* or us-(east|west)1-[a-c])");
  }
}

ZonePattern::~ZonePattern() = default;

bool ZonePattern::matches(std::string_view zone) const {
  return RE2::FullMatch(re2::StringPiece(zone.data(), zone.size()), *regex_);
}

GceSettings read_gce_settings(const sdk::Config &config) {
  GceSettings settings;
  settings.project_name = config.get_or("project_name", "");
  if (const std::string_view pattern = config.get_or("zone_pattern", ""); !pattern.empty()) {
    settings.zone_pattern = std::make_shared<const ZonePattern>(pattern);
  }
  settings.tag_value = config.get_or("tag_value", "");
  settings.label_key = config.get_or("label_key", "");
  settings.label_value = config.get_or("label_value", "");
  if (settings.label_key.empty() != settings.label_value.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     settings.label_key.empty()
                         ? "label_value: set without label_key (give both, e.g. label_key=role "
                           "label_value=consul-server)"
                         : "label_key: set without label_value (give both, e.g. label_key=role "
                           "label_value=consul-server)");
  }
  settings.credentials_file = config.get_or("credentials_file", "");
  return settings;
}

}  // namespace joinery::gce
