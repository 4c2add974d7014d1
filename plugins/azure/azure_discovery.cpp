#include "azure_discovery.hpp"

#include "arm_api.hpp"
#include "url_component.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <cctype>
#include <functional>
#include <set>

namespace joinery::azure {
namespace {

const nlohmann::json *member(const nlohmann::json &object, const char *name) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

std::string string_member(const nlohmann::json &object, const char *name) {
  const nlohmann::json *found = member(object, name);
  return found != nullptr && found->is_string() ? found->get<std::string>() : std::string();
}

std::string lower(std::string text) {
  for (char &c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

// properties.<name>.id, lower-cased (ARM ids compare without case).
std::string linked_id(const nlohmann::json &resource, const char *name) {
  const nlohmann::json *properties = member(resource, "properties");
  const nlohmann::json *link = properties != nullptr ? member(*properties, name) : nullptr;
  return link != nullptr ? lower(string_member(*link, "id")) : std::string();
}

std::string pages_note(const std::string &what, const PageSizes &pages) {
  std::string note = what + ": " + std::to_string(pages.size()) + " page(s) of";
  for (const std::size_t held : pages) {
    note += " " + std::to_string(held);
  }
  return note;
}

}  // namespace

std::vector<std::string> private_addresses(const nlohmann::json &interface) {
  std::vector<std::string> out;
  const nlohmann::json *properties = member(interface, "properties");
  const nlohmann::json *configurations =
      properties != nullptr ? member(*properties, "ipConfigurations") : nullptr;
  if (configurations == nullptr || !configurations->is_array()) {
    return out;
  }
  for (const nlohmann::json &configuration : *configurations) {
    const nlohmann::json *ip = member(configuration, "properties");
    if (std::string address = ip != nullptr ? string_member(*ip, "privateIPAddress") : "";
        !address.empty()) {
      out.push_back(std::move(address));
    }
  }
  return out;
}

cloud::DiscoveredAddresses discover_azure(const AzureSettings &settings,
                                          const AzureEnvironment &environment,
                                          cloud::TokenCache &cache,
                                          const sdk::CallBounds &interruption) {
  cloud::DiscoveredAddresses found;
  const AzureAccess access = find_azure_access(settings, environment, cache, interruption);
  found.notes.push_back("credentials: " + access.origin);
  const std::string subscription = with_slash(environment.resource_manager) + "subscriptions/" +
                                   http::encode_url_component(settings.subscription_id);
  ArmRequest arm{access.token, "", &interruption};
  arm.hint = "credentials: " + access.origin + "; " +
             (settings.by_tag()
                  ? "listing needs Microsoft.Network/networkInterfaces/read on the subscription"
                  : "listing needs Microsoft.Compute/virtualMachineScaleSets/*/read, "
                    "Microsoft.Compute/virtualMachines/read and "
                    "Microsoft.Network/networkInterfaces/read in the resource group") +
             ", e.g. the Reader role";
  const auto checked = [&](auto list) {
    try {
      return list();
    } catch (const sdk::Error &) {
      if (arm.refused) {
        cache.forget(access.cache_key);  // revoked: fetch another at the next attempt
      }
      throw;
    }
  };

  // Every page of `url`, each item to each(); the pages noted as `what`.
  const auto list = [&](const std::string &what, const std::string &url,
                        const std::function<void(const nlohmann::json &)> &each) {
    found.notes.push_back(
        pages_note(what, checked([&] { return list_all_pages(url, arm, each); })));
  };
  std::size_t matched = 0;
  const auto take = [&](const nlohmann::json &interface) {
    ++matched;
    for (std::string &address : private_addresses(interface)) {
      found.addresses.push_back(std::move(address));
    }
  };
  if (settings.by_tag()) {
    list("network interfaces of the subscription",
         subscription +
             "/providers/Microsoft.Network/networkInterfaces?api-version=" + network_api_version,
         [&](const nlohmann::json &interface) {
           const nlohmann::json *tags = member(interface, "tags");
           const nlohmann::json *tag =
               tags != nullptr ? member(*tags, settings.tag_name.c_str()) : nullptr;
           if (tag != nullptr && tag->is_string() &&
               tag->get_ref<const std::string &>() == settings.tag_value) {
             take(interface);
           }
         });
  } else {
    const std::string group =
        subscription + "/resourceGroups/" + http::encode_url_component(settings.resource_group);
    const std::string scale_set = group + "/providers/Microsoft.Compute/virtualMachineScaleSets/" +
                                  http::encode_url_component(settings.vm_scale_set);
    const nlohmann::json resource = checked(
        [&] { return get_resource(scale_set + "?api-version=" + compute_api_version, arm); });
    const nlohmann::json *properties = member(resource, "properties");
    std::string mode = properties != nullptr ? string_member(*properties, "orchestrationMode") : "";
    if (mode.empty()) {
      mode = "Uniform";  // scale sets made before Flexible mode existed name none
    }
    found.notes.push_back("scale set " + sdk::escape_unprintable(settings.vm_scale_set) +
                          " is in " + sdk::escape_unprintable(mode) + " mode");
    if (lower(mode) == "flexible") {
      // A Flexible scale set's VMs are ordinary VMs naming it; their interfaces name them.
      const std::string scale_set_id =
          lower(scale_set.substr(with_slash(environment.resource_manager).size() - 1));
      std::set<std::string> members;
      list(
          "virtual machines of the resource group",
          group + "/providers/Microsoft.Compute/virtualMachines?api-version=" + compute_api_version,
          [&](const nlohmann::json &machine) {
            if (linked_id(machine, "virtualMachineScaleSet") == scale_set_id) {
              members.insert(lower(string_member(machine, "id")));
            }
          });
      list("network interfaces of the resource group",
           group +
               "/providers/Microsoft.Network/networkInterfaces?api-version=" + network_api_version,
           [&](const nlohmann::json &interface) {
             if (members.contains(linked_id(interface, "virtualMachine"))) {
               take(interface);
             }
           });
    } else {
      list("network interfaces of the scale set",
           scale_set + "/networkInterfaces?api-version=" + scale_set_nic_api_version, take);
    }
  }
  found.notes.push_back(std::to_string(matched) + " interface(s) match, with " +
                        std::to_string(found.addresses.size()) + " private IP(s)");
  return found;
}

}  // namespace joinery::azure
