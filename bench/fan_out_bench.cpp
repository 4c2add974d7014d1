// Figure 1, discovery fan-out: one attempt resolves its provider entries in parallel,
// so 8 entries that each take 200 ms cost about as much as the slowest one; Consul
// resolves them one after another (8x). Each entry is the real `exec` provider
// running a script that sleeps 200 ms and prints an address.
#include <benchmark/benchmark.h>
#include <sys/stat.h>

#include <memory>
#include <string>
#include <vector>

#include "benchmark_results.hpp"
#include "bundled_registry.hpp"
#include "discovery/resolver.hpp"
#include "logging/log.hpp"
#include "scorecard.hpp"
#include "support/temp_dir.hpp"

namespace {

using joinery::bench::BenchmarkResults;
using joinery::bench::Goal;
using joinery::bench::Scorecard;

constexpr int slow_entries = 8;
constexpr double entry_seconds = 0.2;

// `count` entries, each running `slow-peer ADDRESS` (sleeps, then prints ADDRESS).
std::vector<std::string> slow_entries_of(const joinery::test::TempDir &dir, int count) {
  const auto script = dir.write(
      "slow-peer", "#!/bin/sh\nsleep " + std::to_string(entry_seconds) + "\necho \"$1\"\n");
  ::chmod(script.c_str(), 0755);
  std::vector<std::string> entries;
  for (int i = 1; i <= count; ++i) {
    entries.push_back("provider=exec command=\"" + script.string() + " 10.0.0." +
                      std::to_string(i) + ":8301\" timeout=5s");
  }
  return entries;
}

void resolve_slow_entries(benchmark::State &state, int count) {
  const joinery::test::TempDir dir;
  auto registry = joinery::bench::bundled_registry();
  auto stop = std::make_shared<joinery::plugins::StopSource>();
  auto resolver = joinery::discovery::Resolver::prepare(
      slow_entries_of(dir, count), registry, {.timeout = std::chrono::seconds(5), .stop = stop});
  for (auto _ : state) {
    const auto resolution = resolver.resolve();
    if (resolution.addresses.size() != static_cast<std::size_t>(count)) {
      state.SkipWithError("an entry found nothing (is the exec plugin built?)");
      break;
    }
  }
}

void BM_OneSlowEntry(benchmark::State &state) {
  resolve_slow_entries(state, 1);
}
void BM_EightSlowEntries(benchmark::State &state) {
  resolve_slow_entries(state, slow_entries);
}

BENCHMARK(BM_OneSlowEntry)->Apply(joinery::bench::one_iteration_five_times);
BENCHMARK(BM_EightSlowEntries)->Apply(joinery::bench::one_iteration_five_times);

}  // namespace

int main(int argc, char **argv) {
  joinery::logging::configure(joinery::logging::Level::warn, false);
  const BenchmarkResults results = BenchmarkResults::run(argc, argv);

  Scorecard card;
  const std::string what = "discovery fan-out, one attempt of 8 entries of 200 ms / the slowest";
  if (const auto runs =
          results.for_figure(card, 1, what, {"BM_EightSlowEntries", "BM_OneSlowEntry"})) {
    const double eight_ms = (*runs)[0].median() * 1000, one_ms = (*runs)[1].median() * 1000;
    char detail[200];
    std::snprintf(detail, sizeof detail,
                  "median attempt: 8 entries %.1f ms, 1 entry %.1f ms; one after another "
                  "(Consul) would take about %.0f ms (8x)",
                  eight_ms, one_ms, slow_entries * one_ms);
    card.record({.number = 1,
                 .what = what,
                 .measured = eight_ms / one_ms,
                 .unit = "x",
                 .goal = Goal::at_most(1.25),
                 .detail = detail});
  }
  return card.finish();
}
