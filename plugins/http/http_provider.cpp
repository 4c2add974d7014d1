// The `http` discovery provider: fetches a URL and reads peer addresses out of its
// JSON answer (a list of strings, a Consul catalog answer, an etcd range answer...).
#include "curl_library.hpp"
#include "http_discovery.hpp"
#include "http_settings.hpp"

#include <joinery/plugin.hpp>

namespace {

using joinery::sdk::AddressSink;
using joinery::sdk::Call;
using joinery::sdk::Config;

class HttpProvider final : public joinery::sdk::Provider {
 public:
  static constexpr auto description = joinery::sdk::describe(
      "http", "reads addresses from a JSON answer over HTTP(S)",
      "Fetches url (GET, or POST with body) and reads addresses from the JSON answer:\n"
      "an array of strings, or what json_pointer points at; field names the member of\n"
      "each object that holds the address. Examples:\n"
      "  provider=http url=https://cfg.example/peers.json ca_file=/etc/ssl/ca.pem\n"
      "  provider=http url=http://127.0.0.1:8500/v1/catalog/service/consul field=Address "
      "port=8301\n"
      "  provider=http url=http://127.0.0.1:2379/v3/kv/range "
      "body=\"{\\\"key\\\":\\\"L2pvaW5lcnkvcGVlcnM=\\\"}\" json_pointer=/kvs field=value "
      "decode=base64",
      joinery::http::http_keys);

  void validate(const Config &config, const Call & /*call*/) const override {
    (void)joinery::http::read_http_settings(config);
  }

  void discover(const Config &config, const Call &call, const AddressSink &out) const override {
    const auto settings = joinery::http::read_http_settings(config);
    const auto found = joinery::http::discover_http(settings, call.bounds());
    for (const std::string &skipped : found.skipped) {
      call.debug("skipped " + skipped);
    }
    for (const std::string &address : found.addresses) {
      out.push(address);
    }
  }
};

}  // namespace

JOINERY_PLUGIN("org.joinery.http", "1.0.0", joinery::sdk::Providers<HttpProvider>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
