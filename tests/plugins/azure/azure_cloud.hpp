// A stand-in for Azure on loopback for the azure tests: python3's http.server with
// azure_api.py (Entra ID's token endpoint, IMDS and Resource Manager on one origin).
#pragma once

#include "support/http_server.hpp"
#include "support/paths.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace joinery::test {

inline constexpr const char *azure_subscription = "00000000-1111-2222-3333-444444444444";
inline constexpr const char *azure_secret = "fpOfcHQJAQBczjAxiVpeyLmX1M0M0KPBST+GU2GvEN4=";

inline std::string arm_id(const std::string &group, const std::string &type,
                          const std::string &name) {
  return std::string("/subscriptions/") + azure_subscription + "/resourceGroups/" + group +
         "/providers/" + type + "/" + name;
}

inline nlohmann::json azure_nic(const std::string &name, std::vector<std::string> ips,
                                nlohmann::json tags = {{"consul", "server"}},
                                const std::string &vm = "") {
  nlohmann::json configurations = nlohmann::json::array();
  for (const auto &ip : ips) {
    configurations.push_back(
        {{"name", "ipconfig"},
         {"properties",
          {{"privateIPAddress", ip},
           {"privateIPAddressVersion", ip.find(':') != std::string::npos ? "IPv6" : "IPv4"}}}});
  }
  nlohmann::json properties = {{"ipConfigurations", configurations}};
  if (!vm.empty()) {
    properties["virtualMachine"] = {{"id", arm_id("rg", "Microsoft.Compute/virtualMachines", vm)}};
  }
  nlohmann::json nic = {{"name", name},
                        {"id", arm_id("rg", "Microsoft.Network/networkInterfaces", name)},
                        {"properties", properties}};
  if (!tags.is_null()) {
    nic["tags"] = std::move(tags);
  }
  return nic;
}

class AzureCloud {
 public:
  explicit AzureCloud(nlohmann::json overrides = nlohmann::json::object()) {
    using nlohmann::json;
    const auto flex_vm = [](const std::string &name, const std::string &scale_set) {
      return json{
          {"id", arm_id("rg", "Microsoft.Compute/virtualMachines", name)},
          {"properties",
           {{"virtualMachineScaleSet",
             {{"id", arm_id("RG", "Microsoft.Compute/virtualMachineScaleSets", scale_set)}}}}}};
    };
    json config = {
        {"tenant", "contoso-tenant"},
        {"client_id", "app-1234"},
        {"client_secret", azure_secret},
        {"subscription", azure_subscription},
        {"page_size", 2},
        {"nics",
         {azure_nic("n1", {"10.1.0.1"}), azure_nic("n2", {"10.1.0.2", "fd00:1::2"}),
          azure_nic("n3", {"10.1.0.3"}, {{"consul", "client"}}),
          azure_nic("n4", {"10.1.0.4"}, nullptr), azure_nic("n5", {"10.1.0.5"})}},
        {"scale_sets",
         {{"rg/uniform",
           {{"mode", "Uniform"},
            {"nics",
             {azure_nic("u1", {"10.2.0.1"}, nullptr), azure_nic("u2", {"10.2.0.2"}, nullptr),
              azure_nic("u3", {"10.2.0.3"}, nullptr)}}}},
          {"rg/flex",
           {{"mode", "Flexible"},
            {"vms", {flex_vm("f1", "flex"), flex_vm("f2", "flex"), flex_vm("x1", "other")}},
            {"nics",
             {azure_nic("fn1", {"10.3.0.1"}, nullptr, "f1"),
              azure_nic("fn2", {"10.3.0.2"}, nullptr, "F2"),
              azure_nic("xn1", {"10.3.0.9"}, nullptr, "x1")}}}}}},
        {"denied_subscription", "denied"},
        {"foreign_next_subscription", "foreign"},
        {"loop_subscription", "loop"},
        {"revoked_subscription", "revoked"},
        {"hang_subscription", "hang"}};
    config.update(overrides);
    server = std::make_unique<HttpServer>(HttpServer::Options{
        .handler = source_dir() / "tests/plugins/azure/azure_api.py", .handler_config = config});
  }

  [[nodiscard]] std::size_t requests_to(const std::string &path) const {
    std::size_t count = 0;
    for (const auto &request : server->requests()) {
      count += request["path"] == path ? 1 : 0;
    }
    return count;
  }

  std::unique_ptr<HttpServer> server;
};

}  // namespace joinery::test
