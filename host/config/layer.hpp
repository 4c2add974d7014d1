// What one source of configuration sets: one TOML file, or the command line. A
// field left unset was not written in that source. load() merges the layers in
// order onto the defaults, as Consul merges its sources: lists append; scalars,
// later wins; a backend table: a later table naming another backend replaces it,
// one naming the same backend (or none) adds and overrides its keys one by one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace joinery::config {

struct Layer {
  std::optional<std::string> datacenter;
  std::optional<std::string> primary_datacenter;
  std::optional<std::string> node_name;
  std::optional<bool> server;
  std::optional<bool> connect_enabled;
  std::optional<bool> mesh_gateway_wan_federation;

  std::vector<Entry> retry_join;
  std::vector<Entry> retry_join_wan;
  std::vector<Entry> start_join_wan;
  std::vector<Entry> primary_gateways;
  std::optional<std::int64_t> retry_max;
  std::optional<std::int64_t> retry_max_wan;
  std::optional<nanoseconds> retry_interval;
  std::optional<nanoseconds> retry_interval_wan;
  std::optional<nanoseconds> primary_gateways_interval;

  std::vector<std::filesystem::path> plugin_dirs;       // from files: relative to the file
  std::vector<std::filesystem::path> flag_plugin_dirs;  // --plugin-dir, as given
  plugins::Sha256Pins plugin_sha256;                    // a later pin of a name replaces it
  std::optional<bool> allow_env_plugin_path;            // command line only
  std::optional<nanoseconds> discovery_timeout;
  std::optional<nanoseconds> join_timeout;
  std::optional<bool> isolate_plugins;
  std::map<std::string, Isolation> plugin_isolation;  // a later layer wins per name
  std::optional<Backoff> retry_backoff;
  std::optional<nanoseconds> retry_interval_max;
  std::optional<BackendChoice> lan_backend;  // name may be empty: keys for the current one
  std::optional<BackendChoice> wan_backend;
  std::optional<std::string> log_level;
  std::optional<bool> log_json;
  std::optional<std::string> summary;  // command line only
  std::optional<bool> systemd_notify;

  // About the source itself, not merged: how many of joinery's top-level keys it
  // wrote, and the Consul keys it skipped (ReadRules::skip_consul_keys), by path.
  std::size_t keys_read = 0;
  std::vector<std::string> skipped_keys;
};

// Merges `layer` into `config` by the rules above.
void merge_into(Config &config, const Layer &layer);

}  // namespace joinery::config
