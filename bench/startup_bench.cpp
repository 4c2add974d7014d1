// Figures 3 and 4, start-up and memory, for a run whose config uses the `srv` provider
// (against a real dnsmasq) and the `serf` backend, with every bundled plugin installed:
//  3. from the exec of `joinery run` to its first join call (the serf backend's connect
//     to its rpc_addr, caught by a FirstContactProbe): median under 5 ms; and only the
//     plugin libraries the run uses are loaded (read from /proc/PID/maps at that moment);
//  4. the peak RSS of the same run joining for real (a live serf agent, a peer found
//     through SRV): under 8 MiB.
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "first_contact_probe.hpp"
#include "measured_process.hpp"
#include "observer_priority.hpp"
#include "private_plugin_cache.hpp"
#include "run_count.hpp"
#include "samples.hpp"
#include "scorecard.hpp"
#include "support/dnsmasq.hpp"
#include "support/joinery_run.hpp"
#include "support/paths.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using joinery::bench::FirstContactProbe;
using joinery::bench::Goal;
using joinery::bench::MeasuredProcess;
using joinery::bench::Samples;
using joinery::bench::Scorecard;
namespace fs = std::filesystem;

// The plugin files the run needs: the srv provider's and the serf backend's.
const std::set<std::string> needed_plugins = {"joinery-dns.so", "joinery-serf.so"};

std::set<std::string> installed_plugins() {
  std::set<std::string> names;
  for (const auto &entry :
       fs::directory_iterator(joinery::bench::PrivatePluginCache::plugin_dir())) {
    if (entry.path().extension() == ".so") names.insert(entry.path().filename().string());
  }
  return names;
}

// The files mapped into `pid`: its executable and every shared library it loaded.
std::set<fs::path> mapped_files(pid_t pid) {
  std::set<fs::path> files;
  std::istringstream maps(joinery::bench::read_text("/proc/" + std::to_string(pid) + "/maps"));
  for (std::string line; std::getline(maps, line);) {
    if (const auto slash = line.find('/'); slash != std::string::npos) {
      files.insert(line.substr(slash));
    }
  }
  return files;
}

std::string joined(const std::set<std::string> &names) {
  std::string out;
  for (const std::string &name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

// The config of both figures: peers by SRV through dnsmasq, joined through `rpc_addr`.
std::string config_text(const std::string &srv_entry, const std::string &rpc_addr) {
  return "retry_join = " + joinery::test::toml_array({srv_entry}) +
         "\n\n[join.lan]\nbackend = \"serf\"\nrpc_addr = " + joinery::test::toml_string(rpc_addr) +
         "\n";
}

struct StartUp {
  double ms = 0;
  std::set<std::string> plugins_loaded;  // bundled plugin files mapped at the first join call
  bool curl_loaded = false;
};

// One run up to its first join call; then it is killed.
StartUp start_up(const std::vector<std::string> &argv, FirstContactProbe &probe,
                 const fs::path &output) {
  MeasuredProcess run(argv, output);
  const auto contact = probe.wait(10s);
  if (!contact) {
    run.kill();
    throw std::runtime_error("joinery never reached its join call:\n" +
                             joinery::bench::read_text(output));
  }
  StartUp out;
  out.ms = std::chrono::duration<double, std::milli>(*contact - run.started()).count();
  const fs::path plugin_dir = fs::canonical(joinery::bench::PrivatePluginCache::plugin_dir());
  for (const fs::path &file : mapped_files(run.pid())) {
    if (file.parent_path() == plugin_dir) out.plugins_loaded.insert(file.filename().string());
    if (file.filename().string().starts_with("libcurl")) out.curl_loaded = true;
  }
  run.kill();
  probe.hang_up();
  return out;
}

double serf_agent_peak_rss_mib(pid_t pid) {
  std::istringstream status(joinery::bench::read_text("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  const int runs = joinery::bench::run_count(argc, argv, 31, 5);
  joinery::bench::observe_at_realtime_priority();
  Scorecard card;
  const std::string startup_what = "start-up, exec to first join call (srv + serf)";
  const std::string plugins_what = "plugin libraries loaded that the run does not use";
  const std::string memory_what = "peak RSS of the srv + serf run, joining";
  try {
    const joinery::bench::PrivatePluginCache cache;
    const joinery::test::TempDir dir;
    const fs::path output = dir.path() / "output";
    const joinery::test::SerfAgent agent({.node = "bench-agent", .log_level = "info"});
    const joinery::test::SerfAgent peer({.node = "bench-peer", .log_level = "info"});
    const joinery::test::Dnsmasq dns(
        {.hosts = {{"peer.test", {"127.0.0.1"}}},
         .srv = {{.name = "_serf._tcp.test", .target = "peer.test", .port = peer.bind_port()}}});
    const std::string srv_entry =
        "provider=srv service=serf domain=test resolve=true resolver=" + dns.address();
    const std::set<std::string> installed = installed_plugins();
    std::cout << "installed plugins (" << installed.size() << "): " << joined(installed) << "\n";

    // Figure 3.
    FirstContactProbe probe;
    const std::vector<std::string> to_probe = cache.joinery_run(
        {"--config", dir.write("probe.toml", config_text(srv_entry, probe.address())).string()});
    const StartUp cold = start_up(to_probe, probe, output);  // writes the plugin cache
    Samples startup_ms;
    std::set<std::string> loaded;
    bool curl_loaded = false;
    for (int i = 0; i < runs; ++i) {
      const StartUp run = start_up(to_probe, probe, output);
      startup_ms.add(run.ms);
      loaded.insert(run.plugins_loaded.begin(), run.plugins_loaded.end());
      curl_loaded = curl_loaded || run.curl_loaded;
    }
    char cold_text[120];
    std::snprintf(cold_text, sizeof cold_text,
                  "\n           the first run, before the plugin cache existed: %.1f ms", cold.ms);
    card.record({.number = 3,
                 .what = startup_what + ", median",
                 .measured = startup_ms.median(),
                 .unit = "ms",
                 .goal = Goal::below(5),
                 .detail = startup_ms.summary(" ms") + cold_text});
    std::set<std::string> unneeded;
    for (const std::string &name : loaded) {
      if (!needed_plugins.contains(name)) unneeded.insert(name);
    }
    std::set<std::string> missing;
    for (const std::string &name : needed_plugins) {
      if (!loaded.contains(name)) missing.insert(name);
    }
    card.record({.number = 3,
                 .what = plugins_what,
                 .measured = static_cast<double>(unneeded.size() + missing.size()),
                 .unit = "",
                 .goal = Goal::at_most(0),
                 .detail = "of " + std::to_string(installed.size()) + " installed, loaded: " +
                           joined(loaded) + " (unneeded: " + joined(unneeded) +
                           "; needed but not loaded: " + joined(missing) + "); libcurl " +
                           (curl_loaded ? "LOADED" : "not loaded")});

    // Figure 4.
    const std::vector<std::string> to_join = cache.joinery_run(
        {"--config", dir.write("join.toml", config_text(srv_entry, agent.rpc_address())).string()});
    Samples rss_mib;
    for (int i = 0; i < std::max(5, runs / 3); ++i) {
      fs::remove(output);
      const auto usage = joinery::bench::measure(to_join, 30s, output);
      if (usage.status != 0) {
        throw std::runtime_error("joinery run exited with status " + std::to_string(usage.status) +
                                 ":\n" + joinery::bench::read_text(output));
      }
      rss_mib.add(usage.peak_rss_mib);
    }
    char agent_text[120];
    std::snprintf(agent_text, sizeof agent_text,
                  "\n           the serf agent it joined through: %.1f MiB",
                  serf_agent_peak_rss_mib(agent.pid()));
    card.record({.number = 4,
                 .what = memory_what + ", highest of the runs",
                 .measured = rss_mib.max(),
                 .unit = "MiB",
                 .goal = Goal::below(8),
                 .detail = rss_mib.summary(" MiB") + agent_text});
  } catch (const std::exception &error) {
    card.failed(3, startup_what, error.what());
  }
  return card.finish();
}
