// Google Benchmark's runs, kept for the figures: the in-process programs run their
// benchmarks as usual (console output, every --benchmark_* flag) and then read each
// benchmark's real time per iteration to compute their figures.
#pragma once

#include <benchmark/benchmark.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samples.hpp"
#include "scorecard.hpp"

namespace joinery::bench {

// For a benchmark whose single iteration is the whole thing measured (an attempt of
// 200 ms, a million strings): one iteration per repetition, five repetitions, wall
// time in milliseconds. Use as BENCHMARK(f)->Apply(one_iteration_five_times).
inline void one_iteration_five_times(benchmark::internal::Benchmark *benchmark) {
  benchmark->Iterations(1)->Repetitions(5)->UseRealTime()->Unit(benchmark::kMillisecond);
}

class BenchmarkResults {
 public:
  // benchmark::Initialize, then every registered benchmark that --benchmark_filter
  // selects, reported on the console and kept.
  static BenchmarkResults run(int &argc, char **argv);

  // For each of `function_names` (as registered), in order: the real (wall-clock)
  // seconds per iteration of each of its repetitions. When one of them did not run,
  // notes on `card` why figure `number` was not measured (a benchmark that reported
  // an error is a failure; one left out by --benchmark_filter is a skip) and returns
  // nullopt.
  [[nodiscard]] std::optional<std::vector<Samples>> for_figure(
      Scorecard &card, int number, const std::string &what,
      std::initializer_list<std::string_view> function_names) const;

 private:
  struct Runs {
    Samples seconds;
    std::string error;  // the first error a repetition reported
  };
  std::map<std::string, Runs, std::less<>> runs_;
};

}  // namespace joinery::bench
