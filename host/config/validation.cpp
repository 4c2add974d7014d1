#include "config/validation.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace joinery::config {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Consul's validateBasicName: lower-case alphanumerics, '-' and '_'.
void check_basic_name(const char *field, const std::string &value, bool allow_empty,
                      Problems &problems) {
  if (value.empty()) {
    if (!allow_empty) problems.push_back({std::string(field) + " cannot be empty"});
    return;
  }
  const bool valid = std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  if (!valid) {
    problems.push_back({std::string(field) +
                        " can only contain lowercase alphanumeric, - or _ characters." +
                        " received: \"" + value + "\""});
  }
}

}  // namespace

void apply_defaults(Config &config, Problems &problems) {
  // Consul lower-cases both datacenter names before comparing or validating them.
  config.datacenter = lower(config.datacenter);
  config.primary_datacenter = lower(config.primary_datacenter);
  if (config.primary_datacenter.empty()) config.primary_datacenter = config.datacenter;
  if (config.node_name.empty()) {
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) != 0) {
      problems.push_back({std::string("Error determining node name: ") + std::strerror(errno)});
    } else {
      config.node_name = name.data();
    }
  }
  if (config.lan_backend.name.empty()) {
    config.lan_backend.name = "serf";
    if (config.lan_backend.origin.empty()) config.lan_backend.origin = "default";
  }
}

bool wan_has_work(const Config &config) {
  const bool federated_secondary = config.mesh_gateway_wan_federation &&
                                   config.effective_primary_datacenter() != config.datacenter;
  return config.server && (!config.retry_join_wan.empty() || federated_secondary);
}

Problems validate(const Config &config) {
  Problems problems;
  check_basic_name("datacenter", config.datacenter, false, problems);
  if (config.node_name.empty()) problems.push_back({"node_name cannot be empty"});
  if (config.primary_datacenter != config.datacenter) {  // else reported just above
    check_basic_name("primary_datacenter", config.primary_datacenter, true, problems);
  }

  const bool wanfed = config.mesh_gateway_wan_federation;
  if (wanfed && !config.connect_enabled) {
    problems.push_back(
        {"'connect.enable_mesh_gateway_wan_federation=true' requires 'connect.enabled=true'"});
  }
  if (wanfed && !config.server) {
    problems.push_back(
        {"'connect.enable_mesh_gateway_wan_federation = true' requires 'server = true'"});
  }
  if (wanfed && config.node_name.find('/') != std::string::npos) {
    problems.push_back(
        {"'connect.enable_mesh_gateway_wan_federation = true' requires that "
         "'node_name' not contain '/' characters"});
  }
  if (wanfed && !config.start_join_wan.empty()) {
    problems.push_back(
        {"'start_join_wan' is incompatible with "
         "'connect.enable_mesh_gateway_wan_federation = true'"});
  }
  if (wanfed && !config.retry_join_wan.empty()) {
    problems.push_back(
        {"'retry_join_wan' is incompatible with "
         "'connect.enable_mesh_gateway_wan_federation = true'"});
  }
  if (!config.primary_gateways.empty()) {
    if (!config.server) {
      problems.push_back({"'primary_gateways' requires 'server = true'"});
    }
    if (config.effective_primary_datacenter() == config.datacenter) {
      problems.push_back(
          {"'primary_gateways' should only be configured in a secondary datacenter"});
    }
  }

  // joinery's own: the WAN needs a join backend of its own, there is no default.
  if (config.wan_backend.name.empty() && !config.wan_backend.keys.empty()) {
    problems.push_back(
        {"[join.wan] sets backend keys but names no backend: add backend = "
         "\"NAME\" (e.g. backend = \"serf\")",
         config.wan_backend.origin});
  } else if (config.wan_backend.name.empty() && wan_has_work(config)) {
    const std::string reason = config.retry_join_wan.empty()
                                   ? "this server is in a secondary datacenter federated "
                                     "through mesh gateways"
                                   : "retry_join_wan is set on a server";
    problems.push_back({"the WAN has something to join (" + reason +
                        ") but no join backend: add a [join.wan] table with backend = "
                        "\"NAME\" (e.g. backend = \"serf\"), or pass --join-backend"});
  }
  return problems;
}

}  // namespace joinery::config
