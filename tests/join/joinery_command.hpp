// Running the real joinery binary in the join tests: each test gets its own
// directory (for record and state files, configs and the plugin cache), the bundled
// plugins, and the test-only "flaky" backend through --plugin-dir.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

class JoineryCommand : public testing::Test {
 protected:
  // argv for `joinery <command> args...`, with the flaky backend's directory.
  std::vector<std::string> argv(const std::string &command, std::vector<std::string> args) const {
    // --allow-env-plugin-path: as root, XDG_CACHE_HOME (the test's own cache) is
    // read only with it.
    std::vector<std::string> out{joinery_binary().string(), command, "--plugin-dir",
                                 JOINERY_TEST_FIXTURE_PLUGIN_DIR, "--allow-env-plugin-path"};
    out.insert(out.end(), args.begin(), args.end());
    return out;
  }

  ChildProcess::Options options() const {
    return {.env = {{"XDG_CACHE_HOME", (dir_.path() / "cache").string()}}};
  }

  // Runs `joinery <command> args...` to completion.
  CommandResult joinery(const std::string &command, std::vector<std::string> args) const {
    return run(argv(command, std::move(args)), std::chrono::seconds(20), options());
  }

  // A path inside the test's directory.
  std::string file(const std::string &name) const { return (dir_.path() / name).string(); }

  // The lines of a file in the test's directory (none when it does not exist).
  std::vector<std::string> lines_of(const std::string &name) const {
    std::ifstream in(file(name));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::string write(const std::string &name, const std::string &content) const {
    return dir_.write(name, content).string();
  }

  // A configuration file for a server of dc2, federated with the primary dc1 through
  // mesh gateways the static provider finds (10.9.0.1:443, 10.9.0.2:443), joining the WAN
  // through the flaky backend (state in wan.txt); `tables` is appended.
  std::string federated_secondary_config(const std::string &tables = "") const {
    return write("secondary.toml", R"(
server = true
datacenter = "dc2"
primary_datacenter = "dc1"
primary_gateways = ["provider=static addrs=10.9.0.2:443,10.9.0.1:443"]
primary_gateways_interval = "1ms"
[connect]
enabled = true
enable_mesh_gateway_wan_federation = true
[join.wan]
backend = "flaky"
state_file = ")" + file("wan.txt") + "\"\n" +
                                       tables);
  }

  // Waits until the child's stderr holds `needle`; false after `timeout`.
  static bool wait_for_log(const ChildProcess &child, const std::string &needle,
                           std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (child.stderr_text().find(needle) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

 private:
  TempDir dir_;
};

}  // namespace joinery::test
