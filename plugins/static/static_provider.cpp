// The `static` discovery provider: returns the addresses it is configured with.
// Useful for tests, dry runs, and as the smallest example of a provider.
#include <joinery/plugin.hpp>

namespace {

using joinery::sdk::AddressSink;
using joinery::sdk::Call;
using joinery::sdk::Config;

class StaticProvider final : public joinery::sdk::Provider {
 public:
  static constexpr joinery_key keys[] = {
      joinery::sdk::required("addrs", "comma-separated addresses, returned as they are")};
  static constexpr auto description =
      joinery::sdk::describe("static", "returns the addresses it is configured with",
                             "provider=static addrs=10.0.0.1,10.0.0.2:8301,[::1]:8301", keys);

  void discover(const Config &config, const Call & /*call*/,
                const AddressSink &out) const override {
    for (std::string_view address : config.get_list("addrs")) {
      out.push(address);
    }
  }
};

}  // namespace

JOINERY_PLUGIN("org.joinery.static", "1.0.0", joinery::sdk::Providers<StaticProvider>,
               joinery::sdk::Backends<>);
