#include "config/layer.hpp"

#include <algorithm>

namespace joinery::config {
namespace {

template <class T>
void set_if(T &target, const std::optional<T> &value) {
  if (value) target = *value;
}

template <class T>
void append(std::vector<T> &target, const std::vector<T> &more) {
  target.insert(target.end(), more.begin(), more.end());
}

// A later table naming another backend replaces the earlier one; otherwise its keys
// are added, each overriding an earlier value of the same key in place.
void merge_backend(BackendChoice &target, const std::optional<BackendChoice> &later) {
  if (!later) return;
  if (!later->name.empty() && later->name != target.name) {
    target = *later;
    return;
  }
  for (const auto &pair : later->keys) {
    const std::string &key = pair.first;  // clang 14 cannot capture a structured binding
    const auto same = std::find_if(target.keys.begin(), target.keys.end(),
                                   [&key](const auto &other) { return other.first == key; });
    if (same != target.keys.end()) {
      same->second = pair.second;
    } else {
      target.keys.push_back(pair);
    }
  }
  target.origin = later->origin;
}

}  // namespace

void merge_into(Config &config, const Layer &layer) {
  set_if(config.datacenter, layer.datacenter);
  set_if(config.primary_datacenter, layer.primary_datacenter);
  set_if(config.node_name, layer.node_name);
  set_if(config.server, layer.server);
  set_if(config.connect_enabled, layer.connect_enabled);
  set_if(config.mesh_gateway_wan_federation, layer.mesh_gateway_wan_federation);

  append(config.retry_join, layer.retry_join);
  append(config.retry_join_wan, layer.retry_join_wan);
  append(config.start_join_wan, layer.start_join_wan);
  append(config.primary_gateways, layer.primary_gateways);
  set_if(config.retry_max, layer.retry_max);
  set_if(config.retry_max_wan, layer.retry_max_wan);
  set_if(config.retry_interval, layer.retry_interval);
  set_if(config.retry_interval_wan, layer.retry_interval_wan);
  set_if(config.primary_gateways_interval, layer.primary_gateways_interval);

  append(config.plugin_dirs, layer.plugin_dirs);
  append(config.flag_plugin_dirs, layer.flag_plugin_dirs);
  for (const auto &[name, pin] : layer.plugin_sha256) config.plugin_sha256[name] = pin;
  set_if(config.allow_env_plugin_path, layer.allow_env_plugin_path);
  set_if(config.discovery_timeout, layer.discovery_timeout);
  set_if(config.retry_backoff, layer.retry_backoff);
  set_if(config.retry_interval_max, layer.retry_interval_max);
  merge_backend(config.lan_backend, layer.lan_backend);
  merge_backend(config.wan_backend, layer.wan_backend);
  set_if(config.log_level, layer.log_level);
  set_if(config.log_json, layer.log_json);
  if (layer.summary) config.summary = layer.summary;
}

}  // namespace joinery::config
