// `provider=acme`: a discovery provider written against the C++ SDK (a template).
// It turns a list of hosts into addresses with a port, the way many real providers
// finish their work:
//
//   joinery discover 'provider=acme hosts=10.0.0.1,fd00::1 port=8301'
//   10.0.0.1:8301
//   [fd00::1]:8301
//
// Replace discover() with the lookup your provider does (an API call, a file, a query),
// keeping its rules: push each address as it is found, honour call.remaining() and
// call.cancel_fd(), throw sdk::Error with a status to fail the call.
#include <joinery/plugin.hpp>

#include <string>

namespace {

using joinery::sdk::AddressSink;
using joinery::sdk::Call;
using joinery::sdk::Config;
using joinery::sdk::Error;
using joinery::sdk::Status;

class AcmeProvider final : public joinery::sdk::Provider {
 public:
  static constexpr joinery_key keys[] = {
      joinery::sdk::required("hosts", "comma-separated host names or IP addresses"),
      joinery::sdk::optional("port", "8301", "the port added to every host", JOINERY_KEY_INTEGER)};
  static constexpr auto description =
      joinery::sdk::describe("acme", "adds a port to each of the hosts it is given (a template)",
                             "Returns HOST:PORT for every host of `hosts`. Example:\n"
                             "  provider=acme hosts=10.0.0.1,fd00::1 port=8301",
                             keys);

  // Runs before the first attempt: reject what key types cannot express.
  void validate(const Config &config, const Call & /*call*/) const override {
    const std::int64_t port = config.get_int("port", 8301);
    if (port < 1 || port > 65535) {
      throw Error(Status::invalid_config, "port: must be 1-65535");
    }
  }

  // Thread-safe: several entries may be discovered at once.
  void discover(const Config &config, const Call &call, const AddressSink &out) const override {
    const auto port = static_cast<std::uint16_t>(config.get_int("port", 8301));
    for (std::string_view host : config.get_list("hosts")) {
      out.push(joinery::sdk::join_host_port(host, port));
    }
    call.debug("acme: done");
  }
};

}  // namespace

JOINERY_PLUGIN("com.example.acme", ACME_VERSION, joinery::sdk::Providers<AcmeProvider>,
               joinery::sdk::Backends<>);
