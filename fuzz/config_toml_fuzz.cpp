// A TOML configuration file as anything might have written it: parsed, merged onto
// the defaults and validated, as `joinery run --config` does. Every problem must come
// back as a message; nothing may crash or throw.
#include <cstdint>
#include <string>
#include <string_view>

#include "config/layer.hpp"
#include "config/toml_reader.hpp"
#include "config/validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  joinery::Problems problems;
  const joinery::config::Layer layer =
      joinery::config::read_toml(text, "fuzz.toml", "/etc/joinery", problems);
  joinery::config::Config config;
  joinery::config::merge_into(config, layer);
  if (problems.empty()) {
    joinery::config::apply_defaults(config, problems);
    if (problems.empty()) problems = joinery::config::validate(config);
  }
  for (const joinery::Problem &problem : problems) (void)problem.text();
  return 0;
}
