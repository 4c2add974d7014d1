// The keys of a Consul agent's configuration that joinery does not read (data_dir,
// bootstrap_expect, acl, ...), so that a Consul config directory can be pointed at
// directly: with --skip-consul-keys they are skipped, each with a debug line; without
// it they are unknown keys, as any other. A key in neither list stays an error either
// way, so a misspelt retry_join is still caught.
#pragma once

#include <string_view>

namespace joinery::config {

// True when `path` ("data_dir", "connect.ca_provider") is a key of Consul's agent
// configuration (agent/config/config.go) that joinery does not read. Everything
// below such a key (a table's keys, an array's elements) goes with it.
bool is_consul_only_key(std::string_view path);

}  // namespace joinery::config
