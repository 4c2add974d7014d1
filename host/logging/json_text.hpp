// The one rule for every JSON document joinery writes (output, summaries, logs, the
// plugin cache, frames to isolated runners): text from plugins, files and commands may
// hold invalid UTF-8, and nlohmann's default dump throws on it (type_error.316), which
// ended in std::terminate. Invalid sequences become U+FFFD instead.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace joinery::logging {

// `value` as JSON text; `indent` as nlohmann's dump (-1: one line).
template <typename Json>
std::string json_text(const Json &value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace joinery::logging
