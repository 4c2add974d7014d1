// One validated joinery configuration: TOML files, then command-line flags (later
// wins), checked by Consul's rules. Option names are Consul's where Consul has them.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "keys/key_spec.hpp"
#include "trust/plugin_trust.hpp"

namespace joinery::config {

using std::chrono::nanoseconds;

// How the wait between attempts grows.
enum class Backoff {
  fixed,        // Consul: always retry_interval
  exponential,  // doubling from retry_interval up to retry_interval_max, with full jitter
};

// Where a plugin runs: in joinery's process (the default, fast), or out of process in
// a plugin runner, where a crash or hang fails a call rather than joinery.
enum class Isolation {
  in_process,  // "in-process"
  process,     // "process"
};

// The join backend of one cluster and its keys, e.g. [join.lan] backend = "serf".
struct BackendChoice {
  std::string name;         // e.g. "serf"; empty = not configured
  plugins::KeyValues keys;  // every key of the table but `backend`, values as strings
  std::string origin;       // where it was set, for messages: "a.toml:12:1" or "--join-backend"
};

// Where a value came from, for messages that name the file, line and column.
struct Origin {
  std::string where;  // "a.toml:3:14", "--retry-join", or "default"
};

// One retry_join / retry_join_wan / primary_gateways entry and where it was written.
struct Entry {
  std::string text;
  Origin origin;
};

struct Config {
  // Consul's agent options.
  std::string datacenter = "dc1";
  std::string primary_datacenter;  // empty in files and flags means: = datacenter
  std::string node_name;  // empty in files and flags means: this host's name (load() fills it)
  bool server = false;
  bool connect_enabled = false;
  bool mesh_gateway_wan_federation = false;  // connect.enable_mesh_gateway_wan_federation

  std::vector<Entry> retry_join;
  std::vector<Entry> retry_join_wan;
  std::vector<Entry> start_join_wan;  // only checked for Consul's incompatibility rule
  std::vector<Entry> primary_gateways;
  std::int64_t retry_max = 0;  // 0 = forever; N = N+1 attempts
  std::int64_t retry_max_wan = 0;
  nanoseconds retry_interval = std::chrono::seconds(30);
  nanoseconds retry_interval_wan = std::chrono::seconds(30);
  nanoseconds primary_gateways_interval = std::chrono::seconds(30);

  // joinery's own options.
  std::vector<std::filesystem::path> plugin_dirs;       // plugin_dirs of the files, in order
  std::vector<std::filesystem::path> flag_plugin_dirs;  // --plugin-dir, searched before plugin_dirs
  plugins::Sha256Pins plugin_sha256;   // plugin file stem -> the SHA-256 it must have
  bool allow_env_plugin_path = false;  // --allow-env-plugin-path: JOINERY_PLUGIN_PATH as root
  nanoseconds discovery_timeout = std::chrono::seconds(30);
  nanoseconds join_timeout = std::chrono::seconds(60);  // per join-backend call
  bool isolate_plugins = false;                         // every plugin in a plugin runner
  std::map<std::string, Isolation> plugin_isolation;    // [plugins.NAME] isolation = "..."
  Backoff retry_backoff = Backoff::fixed;
  nanoseconds retry_interval_max = std::chrono::minutes(5);
  BackendChoice lan_backend;  // [join.lan]; defaults to the serf backend (load() fills it)
  BackendChoice wan_backend;  // [join.wan]; required when the WAN has anything to join
  std::string log_level = "info";
  bool log_json = false;
  std::optional<std::string> summary;  // --summary FILE or "-"
  bool systemd_notify = true;          // notify systemd when NOTIFY_SOCKET is set (run only)

  // What plugin files must satisfy before they are loaded (trust/plugin_trust.hpp).
  [[nodiscard]] plugins::TrustPolicy plugin_trust() const {
    return {plugin_sha256, allow_env_plugin_path};
  }

  // The primary datacenter with the default applied.
  [[nodiscard]] const std::string &effective_primary_datacenter() const {
    return primary_datacenter.empty() ? datacenter : primary_datacenter;
  }
};

}  // namespace joinery::config
