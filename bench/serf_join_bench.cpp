// Figure 2, join overhead against Serf's own CLI: `joinery run` joining one address
// into a live local serf agent, as a whole process, against `serf join -rpc-addr=...`
// doing the same. The two run alternately (so load on the machine hits both alike),
// each at least 20 times; the figure is the ratio of the medians of their wall times.
#include <filesystem>
#include <string>
#include <vector>

#include "measured_process.hpp"
#include "observer_priority.hpp"
#include "private_plugin_cache.hpp"
#include "run_count.hpp"
#include "samples.hpp"
#include "scorecard.hpp"
#include "support/paths.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using joinery::bench::Goal;
using joinery::bench::MeasuredProcess;
using joinery::bench::Samples;
using joinery::bench::Scorecard;

const std::string what = "`joinery run` joining one address / `serf join`, wall time";

// Runs `argv` once; throws with its output when it does not exit 0.
joinery::bench::ProcessUsage run_checked(const std::vector<std::string> &argv,
                                         const std::filesystem::path &output) {
  std::filesystem::remove(output);
  const auto usage = joinery::bench::measure(argv, 30s, output);
  if (usage.status != 0) {
    throw std::runtime_error(argv.front() + " " + argv[1] + " exited with status " +
                             std::to_string(usage.status) + ":\n" +
                             joinery::bench::read_text(output));
  }
  return usage;
}

}  // namespace

int main(int argc, char **argv) {
  const int runs = joinery::bench::run_count(argc, argv, 60, 20);
  joinery::bench::observe_at_realtime_priority();
  Scorecard card;
  try {
    const joinery::bench::PrivatePluginCache cache;
    const joinery::test::TempDir dir;
    const auto output = dir.path() / "output";
    const joinery::test::SerfAgent agent({.node = "bench-agent", .log_level = "info"});
    const joinery::test::SerfAgent peer({.node = "bench-peer", .log_level = "info"});

    const std::vector<std::string> joinery_join =
        cache.joinery_run({"-retry-join", peer.bind_address(), "--join-backend",
                           "serf rpc_addr=" + agent.rpc_address()});
    const std::vector<std::string> serf_join = {"serf", "join", "-rpc-addr=" + agent.rpc_address(),
                                                peer.bind_address()};

    // Once each, unmeasured: both must work, and joinery writes its plugin cache.
    run_checked(joinery_join, output);
    run_checked(serf_join, output);

    Samples joinery_ms, serf_ms;
    for (int i = 0; i < runs; ++i) {
      joinery_ms.add(run_checked(joinery_join, output).wall_ms());
      serf_ms.add(run_checked(serf_join, output).wall_ms());
    }
    card.record({.number = 2,
                 .what = what,
                 .measured = joinery_ms.median() / serf_ms.median(),
                 .unit = "x",
                 .goal = Goal::at_most(0.6),
                 .detail = "joinery run: " + joinery_ms.summary(" ms") +
                           "\n           serf join:   " + serf_ms.summary(" ms") +
                           "\n           (alternating, each exiting 0)"});
  } catch (const std::exception &error) {
    card.failed(2, what, error.what());
  }
  return card.finish();
}
