// Which plugins run out of process, in a plugin runner of their own, and with what:
// `--isolate-plugins` / `isolate_plugins = true` for all, `[plugins.NAME] isolation =
// "process"` for one (and "in-process" to exempt one from "all"). A plugin file runs
// isolated when any provider or backend it carries is isolated: a library is loaded
// whole, so its names share its fate.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/stop_source.hpp"

namespace joinery::plugins {

// The address space (RLIMIT_AS) a plugin runner and each process its plugin starts may
// use: far above what a plugin needs (a runner with the k8s plugin uses under 100 MiB),
// low enough that a runaway allocation fails in seconds instead of pushing the machine
// into swap or the OOM killer. None under AddressSanitizer, whose shadow memory takes
// terabytes of address space.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr std::uint64_t default_runner_memory_limit = 0;
#else
inline constexpr std::uint64_t default_runner_memory_limit = std::uint64_t{1} << 30;  // 1 GiB
#endif

struct IsolationPolicy {
  bool all = false;                                // every plugin, unless exempted
  std::set<std::string, std::less<>> isolated;     // names run out of process
  std::set<std::string, std::less<>> in_process;   // names exempted from `all`
  std::filesystem::path runner;                    // joinery-plugin-runner; empty = bundled
  std::chrono::milliseconds load_timeout{10'000};  // for a runner to load its plugin
  std::uint64_t memory_limit = default_runner_memory_limit;  // bytes per runner; 0 = none
  // Shutdown (SIGINT, SIGTERM): ends a runner's loading (the plugin's init) at once; may
  // be null.
  std::shared_ptr<const StopSource> stop;

  // Whether any plugin may run out of process.
  [[nodiscard]] bool any() const noexcept { return all || !isolated.empty(); }
  // Whether the provider or backend `name` runs out of process.
  [[nodiscard]] bool isolates(std::string_view name) const {
    if (in_process.find(name) != in_process.end()) return false;
    return all || isolated.find(name) != isolated.end();
  }
  [[nodiscard]] bool isolates_any(const std::vector<std::string> &names) const {
    for (const std::string &name : names) {
      if (isolates(name)) return true;
    }
    return false;
  }
  // `runner`, or the bundled runner next to the executable.
  [[nodiscard]] std::filesystem::path runner_path() const;
};

// The bundled runner: the executable's directory (from /proc/self/exe) joined with
// JOINERY_RUNNER_RELATIVE_PATH ("../libexec/joinery/joinery-plugin-runner").
std::filesystem::path builtin_runner_path();

}  // namespace joinery::plugins
