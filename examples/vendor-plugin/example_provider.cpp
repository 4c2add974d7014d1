// `provider=example`: a vendor's discovery provider, written against the C++ SDK.
// It turns a list of hosts into addresses with a port, the way many real providers
// finish their work:
//
//   joinery discover 'provider=example hosts=10.0.0.1,fd00::1 port=8301'
//   10.0.0.1:8301
//   [fd00::1]:8301
#include <joinery/plugin.hpp>

#include <string>

namespace {

using joinery::sdk::AddressSink;
using joinery::sdk::Call;
using joinery::sdk::Config;
using joinery::sdk::Error;
using joinery::sdk::Status;

class ExampleProvider final : public joinery::sdk::Provider {
 public:
  static constexpr joinery_key keys[] = {
      joinery::sdk::required("hosts", "comma-separated host names or IP addresses"),
      joinery::sdk::optional("port", "8301", "the port added to every host", JOINERY_KEY_INTEGER)};
  static constexpr auto description = joinery::sdk::describe(
      "example", "adds a port to each of the hosts it is given (a vendor example)",
      "provider=example hosts=10.0.0.1,fd00::1 port=8301", keys);

  // Runs before the first attempt: reject what key types cannot express.
  void validate(const Config &config, const Call & /*call*/) const override {
    const std::int64_t port = config.get_int("port", 8301);
    if (port < 1 || port > 65535) {
      throw Error(Status::invalid_config, "port: " + std::to_string(port) + " is not 1-65535");
    }
  }

  // Thread-safe: several entries may be discovered at once.
  void discover(const Config &config, const Call &call, const AddressSink &out) const override {
    const auto port = static_cast<std::uint16_t>(config.get_int("port", 8301));
    for (std::string_view host : config.get_list("hosts")) {
      out.push(joinery::sdk::join_host_port(host, port));
    }
    call.debug("example: done");
  }
};

}  // namespace

JOINERY_PLUGIN("com.example.joinery.example", EXAMPLE_PLUGIN_VERSION,
               joinery::sdk::Providers<ExampleProvider>, joinery::sdk::Backends<>);
