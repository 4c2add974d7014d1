// Writing a discovery provider as a C++ class.
//
//   class StaticProvider final : public joinery::sdk::Provider {
//   public:
//     static constexpr joinery_key keys[] = {joinery::sdk::required("addrs", "comma list")};
//     static constexpr auto description =
//         joinery::sdk::describe("static", "returns the addresses it is given", nullptr, keys);
//     void discover(const Config &config, const Call &call, const AddressSink &out) const override
//     {
//       for (auto address : config.get_list("addrs")) out.push(address);
//     }
//   };
//
// One instance per library is created on first use and shared by every call, from
// several threads at once: discover() and validate() must be thread-safe.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/address_sink.hpp>
#include <joinery/sdk/call.hpp>
#include <joinery/sdk/config.hpp>
#include <joinery/sdk/description.hpp>
#include <joinery/sdk/guard.hpp>

namespace joinery::sdk {

class Provider {
 public:
  virtual ~Provider() = default;

  // Checks values before the first attempt (no network). Throw Error(invalid_config).
  virtual void validate(const Config & /*config*/, const Call & /*call*/) const {}

  // Pushes every address found. Throw Error to fail this entry for this attempt.
  virtual void discover(const Config &config, const Call &call, const AddressSink &out) const = 0;
};

namespace detail {

template <class P>
struct ProviderAdapter {
  static const P &instance() {
    static const P provider;
    return provider;
  }

  static joinery_status validate(const joinery_discovery_provider * /*self*/,
                                 const joinery_call *call, const joinery_config *config) {
    return guard(call, [&] { instance().validate(Config(config), Call(host(), call)); });
  }

  static joinery_status discover(const joinery_discovery_provider * /*self*/,
                                 const joinery_call *call, const joinery_config *config,
                                 const joinery_address_sink *sink) {
    return guard(
        call, [&] { instance().discover(Config(config), Call(host(), call), AddressSink(sink)); });
  }

  static constexpr joinery_discovery_provider table = {sizeof(joinery_discovery_provider),
                                                       P::description.name,
                                                       P::description.summary,
                                                       P::description.help,
                                                       P::description.keys,
                                                       P::description.key_count,
                                                       nullptr,
                                                       &validate,
                                                       &discover};
};

}  // namespace detail
}  // namespace joinery::sdk
