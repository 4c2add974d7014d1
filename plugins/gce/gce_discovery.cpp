#include "gce_discovery.hpp"

#include "compute_api.hpp"
#include "url_component.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/escaped_text.hpp>
#include <joinery/sdk/parallel.hpp>

#include <map>

namespace joinery::gce {
namespace {

std::string string_field(const nlohmann::json &object, const char *name) {
  if (!object.is_object()) {
    return {};
  }
  const auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string base_url(std::string endpoint) {
  while (endpoint.ends_with('/')) {
    endpoint.pop_back();
  }
  return endpoint;
}

struct ZoneAddresses {
  std::vector<std::string> addresses;
  std::string note;
};

}  // namespace

std::optional<std::string> instance_address(const nlohmann::json &instance,
                                            const GceSettings &settings, std::string &why_not) {
  if (const std::string status = string_field(instance, "status"); status != "RUNNING") {
    why_not = "not RUNNING";
    return std::nullopt;
  }
  if (!settings.tag_value.empty()) {
    bool tagged = false;
    if (const auto tags = instance.find("tags"); tags != instance.end() && tags->is_object()) {
      if (const auto items = tags->find("items"); items != tags->end() && items->is_array()) {
        for (const nlohmann::json &tag : *items) {
          tagged = tagged ||
                   (tag.is_string() && tag.get_ref<const std::string &>() == settings.tag_value);
        }
      }
    }
    if (!tagged) {
      why_not = "without network tag";
      return std::nullopt;
    }
  }
  if (!settings.label_key.empty()) {
    const auto labels = instance.find("labels");
    if (labels == instance.end() ||
        string_field(*labels, settings.label_key.c_str()) != settings.label_value) {
      why_not = "without label";
      return std::nullopt;
    }
  }
  const auto interfaces = instance.find("networkInterfaces");
  std::string address;
  if (interfaces != instance.end() && interfaces->is_array() && !interfaces->empty()) {
    address = string_field(interfaces->front(), "networkIP");
  }
  if (address.empty()) {
    why_not = "without networkIP";
    return std::nullopt;
  }
  return address;
}

cloud::DiscoveredAddresses discover_gce(const GceSettings &settings,
                                        const GceEnvironment &environment, cloud::TokenCache &cache,
                                        const sdk::CallBounds &interruption) {
  cloud::DiscoveredAddresses found;
  const GceAccess access = find_gce_access(settings, environment, cache, interruption);
  found.notes.push_back("credentials: " + access.origin);

  std::string project = settings.project_name;
  if (!project.empty()) {
    found.notes.push_back("project \"" + sdk::escape_unprintable(project) + "\" (project_name)");
  } else if (!access.project_id.empty()) {
    project = access.project_id;
    found.notes.push_back("project \"" + sdk::escape_unprintable(project) +
                          "\" (the credentials file's project_id)");
  } else {
    project = metadata_project(environment, interruption);
    found.notes.push_back("project \"" + sdk::escape_unprintable(project) +
                          "\" (the metadata server)");
  }

  const std::string projects_url =
      base_url(environment.compute_endpoint) + "/projects/" + http::encode_url_component(project);
  const std::string hint = "credentials: " + access.origin +
                           "; listing needs compute.zones.list and compute.instances.list on "
                           "project " +
                           sdk::escape_unprintable(project) + ", e.g. roles/compute.viewer";
  const auto listed = [&](const std::string &url,
                          const std::function<void(const nlohmann::json &)> &each) {
    bool refused = false;
    try {
      return list_all_pages(url, access.token, hint, interruption, refused, each);
    } catch (const sdk::Error &) {
      if (refused) {
        cache.forget(access.cache_key);  // revoked or expired early: fetch another next time
      }
      throw;
    }
  };

  std::vector<std::string> zones;
  std::size_t listed_zones = 0;
  (void)listed(projects_url + "/zones", [&](const nlohmann::json &zone) {
    ++listed_zones;
    const std::string name = string_field(zone, "name");
    if (!name.empty() && (!settings.zone_pattern || settings.zone_pattern->matches(name))) {
      zones.push_back(name);
    }
  });
  std::string zone_note =
      std::to_string(zones.size()) + " of " + std::to_string(listed_zones) + " zones" +
      (settings.zone_pattern
           ? " match \"" + sdk::escape_unprintable(settings.zone_pattern->text()) + "\""
           : std::string());
  for (std::size_t i = 0; i < zones.size(); ++i) {
    zone_note += (i == 0 ? ": " : ", ") + zones[i];
  }
  found.notes.push_back(zone_note);

  const auto per_zone = sdk::run_in_parallel(zones, parallel_zones, [&](const std::string &zone) {
    ZoneAddresses out;
    std::map<std::string, std::size_t> skipped;
    const PageSizes pages =
        listed(projects_url + "/zones/" + http::encode_url_component(zone) + "/instances",
               [&](const nlohmann::json &instance) {
                 std::string why_not;
                 if (auto address = instance_address(instance, settings, why_not)) {
                   out.addresses.push_back(std::move(*address));
                 } else {
                   ++skipped[why_not];
                 }
               });
    out.note = "zone " + zone + ": " + std::to_string(pages.size()) + " page(s) of";
    for (const std::size_t held : pages) {
      out.note += " " + std::to_string(held);
    }
    out.note += " instance(s), " + std::to_string(out.addresses.size()) + " match";
    for (const auto &[why, count] : skipped) {
      out.note += ", " + std::to_string(count) + " " + why;
    }
    return out;
  });
  for (ZoneAddresses &zone : sdk::values_or_throw(per_zone)) {
    found.notes.push_back(std::move(zone.note));
    for (std::string &address : zone.addresses) {
      found.addresses.push_back(std::move(address));
    }
  }
  return found;
}

}  // namespace joinery::gce
