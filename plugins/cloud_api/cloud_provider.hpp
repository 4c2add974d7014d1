// A REST cloud's discovery provider, built from what sets the cloud apart:
//
//   struct DigitalOcean {
//     static constexpr sdk::Description description = sdk::describe(...);
//     using Settings = DigitalOceanSettings;
//     static Settings read(const sdk::Config &, const Environment &);       // no network
//     static Found discover(const Settings &, const http::Interruption &);  // the API calls
//   };
//   JOINERY_PLUGIN(..., sdk::Providers<cloud::CloudProvider<DigitalOcean>>, ...)
//
// Settings are read and checked in validate() (before the first attempt) and again
// for each attempt, with the environment variables as they are then.
#pragma once

#include "environment.hpp"
#include "interruption.hpp"

#include <joinery/plugin.hpp>

#include <string>
#include <vector>

namespace joinery::cloud {

// What one attempt found: the addresses to join, and why instances were left out.
struct Found {
  std::vector<std::string> addresses;
  std::vector<std::string> notes;  // logged at debug level
};

template <class Cloud>
class CloudProvider final : public sdk::Provider {
 public:
  static constexpr sdk::Description description = Cloud::description;

  void validate(const sdk::Config &config, const sdk::Call & /*call*/) const override {
    (void)Cloud::read(config, Environment::of_this_process());
  }

  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override {
    const Found found = Cloud::discover(Cloud::read(config, Environment::of_this_process()),
                                        http::interruption_of(call));
    for (const std::string &note : found.notes) {
      call.debug(note);
    }
    for (const std::string &address : found.addresses) {
      out.push(address);
    }
  }
};

}  // namespace joinery::cloud
