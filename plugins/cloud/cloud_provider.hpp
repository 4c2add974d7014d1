// A REST cloud's discovery provider, built from what sets the cloud apart: its
// description, its settings reader (no network) and its discovery function.
//
//   constexpr sdk::Description description = sdk::describe("digitalocean", ...);
//   JOINERY_PLUGIN(..., sdk::Providers<cloud::CloudProvider<description,
//                      read_digitalocean_settings, discover_digitalocean>>, ...)
//
// with Settings read(const sdk::Config &, const Environment &) and
// Found discover(const Settings &, const sdk::CallBounds &).
//
// Settings are read and checked in validate() (before the first attempt) and again
// for each attempt, with the environment variables as they are then.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>
#include <vector>

namespace joinery::cloud {

// What one attempt found: the addresses to join, and why instances were left out.
struct Found {
  std::vector<std::string> addresses;
  std::vector<std::string> notes;  // logged at debug level
};

template <const sdk::Description &described, auto read, auto find>
class CloudProvider final : public sdk::Provider {
 public:
  static constexpr sdk::Description description = described;

  void validate(const sdk::Config &config, const sdk::Call & /*call*/) const override {
    (void)read(config, Environment::of_this_process());
  }

  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override {
    const Found found = find(read(config, Environment::of_this_process()), call.bounds());
    for (const std::string &note : found.notes) {
      call.debug(note);
    }
    for (const std::string &address : found.addresses) {
      out.push(address);
    }
  }
};

}  // namespace joinery::cloud
