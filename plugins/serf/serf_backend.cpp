// The `serf` join backend: asks a Serf agent to join the addresses, through the
// agent's RPC port (Serf's msgpack RPC protocol). One instance per cluster keeps its
// connection across attempts.
#include <joinery/plugin.hpp>

#include <random>
#include <string>

#include "federated_address.hpp"
#include "serf_rpc_session.hpp"

namespace {

using joinery::sdk::Call;
using joinery::sdk::Config;
using joinery::sdk::Error;
using joinery::sdk::Status;

constexpr const char *help =
    R"(Joins through a running Serf agent: joinery asks the agent at rpc_addr to join
the addresses each attempt found (Serf's RPC "join"), like `serf join -rpc-addr=...`.
The agent's own error text is reported as it is. A join where some addresses
failed is a success with a warning naming how many failed.

WAN federation: an address "*.<dc>/<placeholder>" (Consul's "any server of
datacenter <dc>") is joined through one of <dc>'s mesh gateways, as stored by
the primary_gateways joiner, picked at random on each attempt.

Example:
  [join.lan]
  backend = "serf"
  rpc_addr = "127.0.0.1:7373"
  rpc_auth = "s3cret"        # when the agent has rpc_auth set
  call_timeout = "15s")";

class SerfBackend final : public joinery::sdk::Backend {
 public:
  static constexpr joinery_key keys[] = {
      joinery::sdk::optional("rpc_addr", "127.0.0.1:7373",
                             "the agent's RPC address, host:port ([::1]:7373 for IPv6)"),
      joinery::sdk::secret("rpc_auth", "the agent's rpc_auth token, when it has one"),
      joinery::sdk::optional("replay", "false",
                             "replay past user events to the joining agent (serf join -replay)",
                             JOINERY_KEY_BOOL),
      joinery::sdk::optional("connect_timeout", "5s",
                             "limit for connecting to the agent's RPC port, handshake and auth",
                             JOINERY_KEY_DURATION),
      joinery::sdk::optional("call_timeout", "30s",
                             "limit for one join request (the agent waits for each peer)",
                             JOINERY_KEY_DURATION)};
  static constexpr auto description = joinery::sdk::describe(
      "serf", "joins through a Serf agent's RPC port (serf join)", help, keys);

  SerfBackend(const Config &config, const Call & /*call*/)
      : session_(settings(config)),
        replay_(config.get_bool("replay", false)),
        random_(std::random_device{}()) {}

  std::size_t join(const Call &call, std::string_view /*cluster*/,
                   const std::vector<std::string_view> &addresses) override {
    const auto routed = joinery::serf::route_federated(
        addresses, [&](std::string_view dc) { return call.gateway_route(dc); }, random_);
    std::vector<std::string> targets;
    targets.reserve(routed.size());
    for (const auto &address : routed) {
      if (!address.datacenter.empty()) {
        call.info("joining datacenter " + address.datacenter + " through mesh gateway " +
                  address.address);
      }
      targets.push_back(address.address);
    }

    const std::size_t joined = session_.join(targets, replay_, call.bounds(),
                                             [&call](std::string_view note) { call.debug(note); });
    const std::string agent = session_.settings().endpoint.text();
    if (joined == 0) {
      throw Error(Status::unavailable, "the serf agent at " + agent + " joined none of the " +
                                           std::to_string(targets.size()) + " addresses");
    }
    if (joined < targets.size()) {
      const std::size_t failed = targets.size() - joined;
      call.warn("partial join: the serf agent at " + agent + " joined " + std::to_string(joined) +
                " of " + std::to_string(targets.size()) + " addresses; " + std::to_string(failed) +
                (failed == 1 ? " address" : " addresses") + " failed (the agent's log says why)");
    }
    return joined;
  }

 private:
  static joinery::serf::SessionSettings settings(const Config &config) {
    joinery::serf::SessionSettings settings;
    settings.endpoint =
        joinery::serf::RpcEndpoint::parse(config.get_or("rpc_addr", "127.0.0.1:7373"));
    settings.auth_key = std::string(config.get_or("rpc_auth", ""));
    settings.connect_timeout = config.get_duration("connect_timeout", settings.connect_timeout);
    settings.call_timeout = config.get_duration("call_timeout", settings.call_timeout);
    if (settings.connect_timeout.count() == 0 || settings.call_timeout.count() == 0) {
      throw Error(Status::invalid_config, "connect_timeout and call_timeout must be above 0");
    }
    return settings;
  }

  joinery::serf::SerfRpcSession session_;
  bool replay_;
  std::mt19937 random_;
};

}  // namespace

JOINERY_PLUGIN("org.joinery.serf", "1.0.0", joinery::sdk::Providers<>,
               joinery::sdk::Backends<SerfBackend>);
