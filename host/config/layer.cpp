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
// are added, each replacing every earlier value of the same key (a key given as an
// array has one pair per element) where the first of them stood.
void merge_backend(BackendChoice &target, const std::optional<BackendChoice> &later) {
  if (!later) return;
  if (!later->name.empty() && later->name != target.name) {
    target = *later;
    return;
  }
  plugins::KeyValues merged;
  for (const auto &entry : target.keys) {
    const std::string &key = entry.first;  // clang 14 cannot capture a structured binding
    const bool replaced = std::any_of(later->keys.begin(), later->keys.end(),
                                      [&key](const auto &pair) { return pair.first == key; });
    if (!replaced) {
      merged.push_back(entry);
    } else if (std::none_of(merged.begin(), merged.end(),
                            [&key](const auto &pair) { return pair.first == key; })) {
      for (const auto &pair : later->keys) {
        if (pair.first == key) merged.push_back(pair);
      }
    }
  }
  for (const auto &pair : later->keys) {
    if (std::none_of(target.keys.begin(), target.keys.end(),
                     [&pair](const auto &old) { return old.first == pair.first; })) {
      merged.push_back(pair);
    }
  }
  target.keys = std::move(merged);
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
  set_if(config.join_timeout, layer.join_timeout);
  set_if(config.isolate_plugins, layer.isolate_plugins);
  for (const auto &[name, isolation] : layer.plugin_isolation) {
    config.plugin_isolation[name] = isolation;
  }
  set_if(config.retry_backoff, layer.retry_backoff);
  set_if(config.retry_interval_max, layer.retry_interval_max);
  merge_backend(config.lan_backend, layer.lan_backend);
  merge_backend(config.wan_backend, layer.wan_backend);
  set_if(config.log_level, layer.log_level);
  set_if(config.log_json, layer.log_json);
  if (layer.summary) config.summary = layer.summary;
  set_if(config.systemd_notify, layer.systemd_notify);
}

}  // namespace joinery::config
