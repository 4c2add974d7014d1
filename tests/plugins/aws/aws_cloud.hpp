// What the aws tests share: the local AWS (aws_api.py: EC2, ECS, STS, IMDS and the ECS
// agent, every signature recomputed with botocore), its keys and instances, and the
// provider's discovery run in process against it.
#pragma once

#include "aws_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"

#include <string>
#include <vector>

namespace joinery::test {

inline const std::string aws_key_id = "AKIAIOSFODNN7EXAMPLE";
inline const std::string aws_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// Temporary credentials as STS, IMDS and the ECS agent hand them out, valid for an hour.
inline nlohmann::json temporary_credentials(
    const std::string &id, const std::string &secret, const std::string &token,
    const std::string &expiration = "2099-01-01T00:00:00Z") {
  return {{"AccessKeyId", id},
          {"SecretAccessKey", secret},
          {"Token", token},
          {"Expiration", expiration}};
}

// The keys the local AWS accepts: the long-term pair, plus `more` ({id: {secret, token}}).
inline nlohmann::json accepted_keys(nlohmann::json more = nlohmann::json::object()) {
  more[aws_key_id] = {{"secret", aws_secret}};
  return more;
}

inline nlohmann::json ec2_instance(int n, const std::string &region = "us-east-1",
                                   const std::string &tag = "server",
                                   const std::string &state = "running") {
  return {{"id", "i-" + std::to_string(n)},
          {"region", region},
          {"state", state},
          {"tags", {{"consul", tag}}},
          {"private", "10.0." + std::to_string(n / 250) + "." + std::to_string(n % 250)},
          {"public", "203.0.113." + std::to_string(n % 250)},
          {"ipv6", {"2600:1f18::" + std::to_string(n)}}};
}

// The settings every credential test discovers with: us-east-1, tag consul=server.
inline const PluginConfig &consul_servers_config() {
  static const PluginConfig config{
      {"region", "us-east-1"}, {"tag_key", "consul"}, {"tag_value", "server"}};
  return config;
}

inline HttpServer aws_server(nlohmann::json config) {
  if (!config.contains("keys")) {
    config["keys"] = accepted_keys();
  }
  return cloud_api_server("aws", std::move(config));
}

// The environment with every API of `server` (EC2, ECS, STS) as its endpoint.
inline cloud::Environment::Variables aws_endpoints(const HttpServer &server) {
  return {{"AWS_ENDPOINT_URL", server.url("")}, {"AWS_EC2_METADATA_DISABLED", "true"}};
}

inline cloud::Found aws_discover(const PluginConfig &config, cloud::Environment::Variables env,
                                 const sdk::CallBounds &interruption = {}) {
  return aws::discover_aws(
      aws::read_aws_settings(config.view(), cloud::Environment(std::move(env))), interruption);
}

}  // namespace joinery::test
