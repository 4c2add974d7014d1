#include "config/spelling.hpp"

#include "keys/spelling.hpp"

namespace joinery::config {

// One spelling rule for option names and plugin keys: the plugins layer (which
// config builds on) has it.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string> &candidates) {
  return plugins::closest_name(word, candidates);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string> &candidates) {
  return plugins::did_you_mean(word, candidates);
}

}  // namespace joinery::config
