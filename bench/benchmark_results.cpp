#include "benchmark_results.hpp"

#include <benchmark/benchmark.h>

namespace joinery::bench {
namespace {

template <class Runs>
class KeepingReporter final : public benchmark::ConsoleReporter {
 public:
  explicit KeepingReporter(std::map<std::string, Runs, std::less<>> &runs) : runs_(runs) {}

  void ReportRuns(const std::vector<Run> &reports) override {
    for (const Run &run : reports) {
      if (run.run_type != Run::RT_Iteration) {
        continue;  // aggregates: recomputed from the repetitions
      }
      Runs &kept = runs_[run.run_name.function_name];
      if (run.error_occurred) {
        if (kept.error.empty()) kept.error = run.error_message;
      } else if (run.iterations > 0) {
        kept.seconds.add(run.real_accumulated_time / static_cast<double>(run.iterations));
      }
    }
    ConsoleReporter::ReportRuns(reports);
  }

 private:
  std::map<std::string, Runs, std::less<>> &runs_;
};

}  // namespace

BenchmarkResults BenchmarkResults::run(int &argc, char **argv) {
  BenchmarkResults results;
  benchmark::Initialize(&argc, argv);
  KeepingReporter<Runs> reporter(results.runs_);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return results;
}

std::optional<std::vector<Samples>> BenchmarkResults::for_figure(
    Scorecard &card, int number, const std::string &what,
    std::initializer_list<std::string_view> function_names) const {
  std::vector<Samples> out;
  for (std::string_view name : function_names) {
    const auto it = runs_.find(name);
    if (it == runs_.end()) {
      card.skipped(number, what, std::string(name) + " was not selected by --benchmark_filter");
      return std::nullopt;
    }
    if (!it->second.error.empty() || it->second.seconds.empty()) {
      card.failed(number, what, std::string(name) + ": " + it->second.error);
      return std::nullopt;
    }
    out.push_back(it->second.seconds);
  }
  return out;
}

}  // namespace joinery::bench
