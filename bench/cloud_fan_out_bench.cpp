// Figure 9, the nine providers of issue #13 in one attempt: digitalocean, linode,
// aliyun, tencentcloud, os, packet, scaleway, softlayer and triton, each served 1,000
// instances by the tests' own server for its API (tests/plugins/NAME/NAME_api.py, the
// signatures and tokens checked as in the tests), resolved by one Resolver::resolve() with
// the real plugins in process. The providers run in parallel, so the attempt should
// cost about what the slowest provider costs alone (goal: at most 1.25x), not their sum.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bundled_registry.hpp"
#include "discovery/resolver.hpp"
#include "logging/log.hpp"
#include "measured_process.hpp"
#include "plugins/triton/ssh_key.hpp"
#include "run_count.hpp"
#include "samples.hpp"
#include "scorecard.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace {

using joinery::bench::Goal;
using joinery::bench::Samples;
using joinery::bench::Scorecard;
using joinery::test::HttpServer;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr int instances = 1000;

// The i-th instance's private address, distinct per provider (`net`).
std::string address(int net, int i) {
  return "10." + std::to_string(net) + "." + std::to_string(i / 250) + "." +
         std::to_string(i % 250 + 1);
}

// One provider: its server (serving `instances` matching instances), its entry and the
// environment that points it at the server.
struct Provider {
  std::string name;
  std::unique_ptr<HttpServer> server;
  std::string entry;
};

std::unique_ptr<HttpServer> serve(const std::string &cloud, json config) {
  return std::make_unique<HttpServer>(HttpServer::Options{
      .handler = joinery::test::source_dir() / "tests/plugins" / cloud / (cloud + "_api.py"),
      .handler_config = std::move(config)});
}

// Builds instance `i` of every provider's API, as its handler's docstring describes it.
template <typename Make>
json many(Make make) {
  json all = json::array();
  for (int i = 0; i < instances; ++i) {
    all.push_back(make(i));
  }
  return all;
}

std::vector<Provider> nine_providers(const joinery::test::TempDir &dir) {
  std::vector<Provider> out;
  auto add = [&](const std::string &name, json config, const std::string &entry,
                 const char *variable, const std::string &path) {
    auto server = serve(name, std::move(config));
    ::setenv(variable, server->url(path).c_str(), 1);
    out.push_back({name, std::move(server), entry});
  };
  add("digitalocean",
      {{"token", "do-token"},
       {"droplets", many([](int i) {
          return json{{"id", i + 1},
                      {"name", "node-" + std::to_string(i)},
                      {"region", {{"slug", "nyc3"}}},
                      {"tags", {"consul"}},
                      {"networks",
                       {{"v4", {{{"ip_address", address(1, i)}, {"type", "private"}}}},
                        {"v6", json::array()}}}};
        })}},
      "provider=digitalocean tag_name=consul api_token=do-token", "DIGITALOCEAN_API_URL", "/");
  add("linode",
      {{"token", "linode-token"},
       {"instances", many([](int i) {
          return json{
              {"id", i + 1},
              {"label", "node-" + std::to_string(i)},
              {"region", "us-east"},
              {"tags", {"consul"}},
              {"ips",
               {{"ipv4",
                 {{"public", json::array()},
                  {"private", {{{"address", address(2, i)}, {"prefix", 17}, {"type", "ipv4"}}}},
                  {"shared", json::array()},
                  {"reserved", json::array()},
                  {"vpc", json::array()}}},
                {"ipv6",
                 {{"slaac", nullptr}, {"link_local", nullptr}, {"global", json::array()}}}}}};
        })}},
      "provider=linode tag_name=consul api_token=linode-token", "LINODE_URL", "");
  add("aliyun",
      {{"keys", {{"LTAIbench", "aliyun-secret"}}},
       {"instances", many([](int i) {
          return json{{"InstanceId", "i-" + std::to_string(i)},
                      {"RegionId", "cn-hangzhou"},
                      {"Status", "Running"},
                      {"InstanceNetworkType", "vpc"},
                      {"Tags", {{"Tag", {{{"TagKey", "consul"}, {"TagValue", "server"}}}}}},
                      {"VpcAttributes", {{"PrivateIpAddress", {{"IpAddress", {address(3, i)}}}}}},
                      {"InnerIpAddress", {{"IpAddress", json::array()}}}};
        })}},
      "provider=aliyun region=cn-hangzhou tag_key=consul tag_value=server "
      "access_key_id=LTAIbench access_key_secret=aliyun-secret",
      "ALIBABA_CLOUD_ECS_ENDPOINT", "");
  add("tencentcloud",
      {{"keys", {{"AKIDbench", "tc-secret"}}},
       {"instances", many([](int i) {
          return json{{"InstanceId", "ins-" + std::to_string(i)},
                      {"Region", "ap-guangzhou"},
                      {"State", "RUNNING"},
                      {"Tags", {{{"Key", "consul"}, {"Value", "server"}}}},
                      {"PrivateIpAddresses", {address(4, i)}},
                      {"PublicIpAddresses", json::array()},
                      {"IPv6Addresses", json::array()}};
        })}},
      "provider=tencentcloud region=ap-guangzhou tag_key=consul tag_value=server "
      "access_key_id=AKIDbench access_key_secret=tc-secret",
      "TENCENTCLOUD_CVM_ENDPOINT", "");
  add("os",
      {{"users",
        {{{"name", "consul"},
          {"domain_id", "d-1"},
          {"domain_name", "Ops"},
          {"password", "os-pw"}}}},
       {"projects",
        {{{"id", "p-1"}, {"name", "prod"}, {"domain_id", "d-1"}, {"domain_name", "Ops"}}}},
       {"servers", many([](int i) {
          return json{
              {"id", "srv-" + std::to_string(i)},
              {"name", "node-" + std::to_string(i)},
              {"status", "ACTIVE"},
              {"project_id", "p-1"},
              {"metadata", {{"consul", "server"}}},
              {"addresses",
               {{"private",
                 {{{"addr", address(5, i)}, {"version", 4}, {"OS-EXT-IPS:type", "fixed"}}}}}}};
        })}},
      "provider=os user_name=consul password=os-pw project_name=prod domain_name=Ops "
      "tag_key=consul tag_value=server",
      "OS_AUTH_URL", "/v3");
  const std::string project = "93125c2a-8b78-4d4f-a3c4-7367d6b7cca8";
  add("packet",
      {{"token", "metal-token"},
       {"project", project},
       {"devices", many([](int i) {
          return json{{"id", "d-" + std::to_string(i)},
                      {"hostname", "node-" + std::to_string(i)},
                      {"facility", {{"code", "ewr1"}, {"name", "ewr1"}}},
                      {"tags", {"consul"}},
                      {"ip_addresses",
                       {{{"address", address(6, i)},
                         {"address_family", 4},
                         {"public", false},
                         {"management", true}}}}};
        })}},
      "provider=packet project=" + project + " auth_token=metal-token tag=consul", "PACKET_URL",
      "/metal/v1/");
  add("scaleway",
      {{"token", "scw-token"}, {"servers", many([](int i) {
                                  return json{{"id", "s-" + std::to_string(i)},
                                              {"name", "node-" + std::to_string(i)},
                                              {"hostname", "node-" + std::to_string(i)},
                                              {"zone", "fr-par-" + std::to_string(i % 3 + 1)},
                                              {"organization", "org"},
                                              {"tags", {"consul"}},
                                              {"state", "running"},
                                              {"private_ip", address(7, i)}};
                                })}},
      "provider=scaleway region=fr-par tag_name=consul token=scw-token", "SCW_API_URL", "");
  add("softlayer",
      {{"username", "SL1"}, {"api_key", "sl-key"}, {"guests", many([](int i) {
                                                      return json{
                                                          {"id", i + 1},
                                                          {"hostname", "node-" + std::to_string(i)},
                                                          {"domain", "example.com"},
                                                          {"datacenter", "dal09"},
                                                          {"tags", {"consul"}},
                                                          {"primaryBackendIpAddress",
                                                           address(8, i)}};
                                                    })}},
      "provider=softlayer tag_value=consul username=SL1 api_key=sl-key", "SL_ENDPOINT_URL",
      "/rest/v3");
  const joinery::test::SshKey key =
      joinery::test::make_ssh_key(dir, "triton-key", {"-t", "ecdsa", "-m", "PEM"});
  add("triton",
      {{"account", "acme"},
       {"keys", {{key.md5, key.public_line}}},
       {"machines", many([](int i) {
          return json{{"id", "uuid-" + std::to_string(i)},
                      {"name", "node-" + std::to_string(i)},
                      {"state", "running"},
                      {"tags", {{"consul-role", "server"}}},
                      {"primaryIp", address(9, i)}};
        })}},
      "provider=triton account=acme key_id=" + key.md5 +
          " tag_key=consul-role tag_value=server key_file=" + key.file.string(),
      "TRITON_URL", "");
  return out;
}

// The wall time of one attempt of `resolver`, which must find `expected` addresses.
double attempt_ms(joinery::discovery::Resolver &resolver, std::size_t expected,
                  const std::string &what) {
  const auto start = std::chrono::steady_clock::now();
  const auto resolution = resolver.resolve();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (resolution.addresses.size() != expected || !resolution.failures.empty()) {
    std::string why = what + ": found " + std::to_string(resolution.addresses.size()) + " of " +
                      std::to_string(expected) + " addresses";
    for (const auto &failure : resolution.failures) {
      why += "; " + failure.entry + ": " + failure.error;
    }
    throw std::runtime_error(why);
  }
  return ms;
}

}  // namespace

int main(int argc, char **argv) {
  const int runs = joinery::bench::run_count(argc, argv, 7, 3);
  joinery::logging::configure(joinery::logging::Level::warn, false);
  Scorecard card;
  const std::string what =
      "the nine #13 providers (1,000 instances each) in one attempt / the slowest alone";
  try {
    const joinery::test::TempDir dir;
    std::vector<Provider> providers = nine_providers(dir);
    auto registry = joinery::bench::bundled_registry();
    auto stop = std::make_shared<joinery::plugins::StopSource>();
    const joinery::discovery::ResolverOptions options{.timeout = 30s, .stop = stop};
    std::vector<std::string> entries;
    std::vector<joinery::discovery::Resolver> alone;
    for (const Provider &provider : providers) {
      entries.push_back(provider.entry);
      alone.push_back(joinery::discovery::Resolver::prepare({provider.entry}, registry, options));
    }
    auto together = joinery::discovery::Resolver::prepare(entries, registry, options);

    // One unmeasured attempt each first: the plugins loaded, the tokens granted (a run
    // keeps them for its later attempts, as these are).
    std::vector<Samples> alone_ms(providers.size());
    Samples together_ms;
    for (int run = -1; run < runs; ++run) {
      for (std::size_t p = 0; p < providers.size(); ++p) {
        const double ms = attempt_ms(alone[p], instances, providers[p].name);
        if (run >= 0) alone_ms[p].add(ms);
      }
      const double ms = attempt_ms(together, instances * providers.size(), "all nine");
      if (run >= 0) together_ms.add(ms);
    }
    std::size_t slowest = 0;
    double sum = 0;
    for (std::size_t p = 0; p < providers.size(); ++p) {
      sum += alone_ms[p].median();
      if (alone_ms[p].median() > alone_ms[slowest].median()) slowest = p;
    }
    card.record({.number = 9,
                 .what = what,
                 .measured = together_ms.median() / alone_ms[slowest].median(),
                 .unit = "x",
                 .goal = Goal::at_most(1.25),
                 .detail = "median attempt of " + std::to_string(runs) + ": all nine " +
                           joinery::bench::format_number(together_ms.median()) +
                           " ms, the slowest (" + providers[slowest].name + ") alone " +
                           joinery::bench::format_number(alone_ms[slowest].median()) +
                           " ms; one after another would take " +
                           joinery::bench::format_number(sum) + " ms"});
    for (std::size_t p = 0; p < providers.size(); ++p) {
      std::cout << "  " << providers[p].name << " alone: " << alone_ms[p].summary(" ms") << "\n";
    }
  } catch (const std::exception &error) {
    card.failed(9, what, error.what());
  }
  return card.finish();
}
