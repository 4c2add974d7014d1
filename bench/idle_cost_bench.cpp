// Figure 5, idle cost: a `joinery run` that retries 20 times at a 200 ms interval
// against nothing (a serf backend whose agent is not there: every attempt fails at
// once) must spend under 50 ms of CPU beyond the attempts themselves: no polling, no
// busy waits. "The attempts themselves" are measured by the same run with a 0s
// interval (the same 21 attempts, back to back); the figure is the difference of
// the two runs' CPU time (user + system, from the kernel).
#include <string>
#include <vector>

#include "measured_process.hpp"
#include "private_plugin_cache.hpp"
#include "run_count.hpp"
#include "samples.hpp"
#include "scorecard.hpp"
#include "support/loopback.hpp"
#include "support/paths.hpp"

namespace {

using namespace std::chrono_literals;
using joinery::bench::Goal;
using joinery::bench::Samples;
using joinery::bench::Scorecard;

constexpr int retries = 20;

std::vector<std::string> failing_run(const joinery::bench::PrivatePluginCache &cache,
                                     const std::string &interval) {
  const std::string nowhere = "127.0.0.1:" + std::to_string(joinery::test::free_port());
  const std::string no_agent = "127.0.0.1:" + std::to_string(joinery::test::free_port());
  return cache.joinery_run({"-retry-join", nowhere, "-retry-max", std::to_string(retries),
                            "-retry-interval", interval, "--join-backend",
                            "serf rpc_addr=" + no_agent});
}

joinery::bench::ProcessUsage run_to_exhaustion(const std::vector<std::string> &argv) {
  const auto usage = joinery::bench::measure(argv, 60s);
  if (usage.status != 1) {
    throw std::runtime_error("expected `joinery run` to spend its retries (exit 1), got " +
                             std::to_string(usage.status));
  }
  return usage;
}

}  // namespace

int main(int argc, char **argv) {
  const int runs = joinery::bench::run_count(argc, argv, 3, 1);
  Scorecard card;
  const std::string what = "idle cost: CPU of 20 retries 200 ms apart beyond the attempts";
  try {
    const joinery::bench::PrivatePluginCache cache;
    const auto waiting = failing_run(cache, "200ms");
    const auto back_to_back = failing_run(cache, "0s");
    run_to_exhaustion(back_to_back);  // writes the plugin cache
    Samples waiting_cpu, back_to_back_cpu, waiting_wall;
    for (int i = 0; i < runs; ++i) {
      const auto slow = run_to_exhaustion(waiting);
      waiting_cpu.add(slow.cpu_ms());
      waiting_wall.add(slow.wall_ms());
      back_to_back_cpu.add(run_to_exhaustion(back_to_back).cpu_ms());
    }
    card.record(
        {.number = 5,
         .what = what,
         .measured = waiting_cpu.median() - back_to_back_cpu.median(),
         .unit = "ms",
         .goal = Goal::below(50),
         .detail = "CPU of the whole run, 200ms interval: " + waiting_cpu.summary(" ms") +
                   "\n           the same 21 attempts back to back (0s):   " +
                   back_to_back_cpu.summary(" ms") +
                   "\n           wall time of the 200ms run: " + waiting_wall.summary(" ms")});
  } catch (const std::exception &error) {
    card.failed(5, what, error.what());
  }
  return card.finish();
}
