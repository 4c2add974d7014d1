// Figure 6, scale of inputs: the real `file` provider reading 100,000 addresses (with
// duplicates), the resolver normalising and de-duplicating them, and the real `log`
// backend getting them, all in under 100 ms; and go-discover's provider-string parser
// reading 1,000,000 strings in under 1 s; and preparing a run (what `validate` does) of
// 100,000 literal entries in under 200 ms.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "benchmark_results.hpp"
#include "bundled_registry.hpp"
#include "discovery/provider_string.hpp"
#include "discovery/resolver.hpp"
#include "join/backend_join.hpp"
#include "join/prepared_run.hpp"
#include "logging/log.hpp"
#include "scorecard.hpp"
#include "support/temp_dir.hpp"

namespace {

using joinery::bench::BenchmarkResults;
using joinery::bench::Goal;
using joinery::bench::Scorecard;

constexpr std::size_t file_addresses = 100'000;
constexpr std::size_t distinct_addresses = 60'000;  // the other 40,000 lines repeat them
constexpr std::size_t provider_strings = 1'000'000;
constexpr std::size_t literal_entries = 100'000;

// One address per line: IPv4 with a port, every fifth an IPv6 with a port, in an
// order that scatters the repeats through the file.
std::string address_file_text() {
  std::string text;
  text.reserve(file_addresses * 24);
  char line[64];
  for (std::size_t i = 0; i < file_addresses; ++i) {
    const std::size_t d = (i * 7919) % distinct_addresses;
    if (d % 5 == 0) {
      std::snprintf(line, sizeof line, "[fd00::%zx]:8301\n", d);
    } else {
      std::snprintf(line, sizeof line, "10.%zu.%zu.%zu:8301\n", d >> 16, (d >> 8) & 0xff, d & 0xff);
    }
    text += line;
  }
  return text;
}

// The log lines of 100,000 addresses go where a run's log would go, but not to the
// terminal: stderr points at /dev/null while this object lives.
class QuietStderr {
 public:
  QuietStderr() : saved_(::dup(2)) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 2);
    ::close(null);
  }
  ~QuietStderr() {
    ::dup2(saved_, 2);
    ::close(saved_);
  }
  QuietStderr(const QuietStderr &) = delete;
  QuietStderr &operator=(const QuietStderr &) = delete;

 private:
  int saved_;
};

void BM_FileProviderToBackend(benchmark::State &state) {
  const joinery::test::TempDir dir;
  const auto file = dir.write("peers", address_file_text());
  auto registry = joinery::bench::bundled_registry();
  auto stop = std::make_shared<joinery::plugins::StopSource>();
  auto resolver = joinery::discovery::Resolver::prepare(
      {"provider=file path=" + file.string() + " format=lines"}, registry, {.stop = stop});
  auto join =
      joinery::join::BackendJoin::prepare(registry, "LAN", {"log", {}, "bench"}, stop, nullptr);
  const QuietStderr quiet;
  for (auto _ : state) {
    const auto resolution = resolver.resolve();
    const auto result = join.join(resolution.addresses);
    if (resolution.addresses.size() != distinct_addresses || result.joined != distinct_addresses) {
      state.SkipWithError("the backend did not get every distinct address once");
      break;
    }
  }
  state.counters["addresses"] = static_cast<double>(file_addresses);
}
BENCHMARK(BM_FileProviderToBackend)
    ->Repetitions(5)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Provider strings as operators write them: several providers, quoted values,
// secrets, every string different.
std::vector<std::string> provider_strings_text() {
  std::vector<std::string> out;
  out.reserve(provider_strings);
  for (std::size_t i = 0; i < provider_strings; ++i) {
    const std::string n = std::to_string(i);
    switch (i % 4) {
      case 0:
        out.push_back("provider=aws region=eu-west-" + std::to_string(i % 3) +
                      " tag_key=consul-role tag_value=server-" + n + " access_key_id=AKIA" + n +
                      " secret_access_key=s3cr3t" + n);
        break;
      case 1:
        out.push_back("provider=k8s namespace=team-" + n +
                      " label_selector=\"app=consul,component=server\" kubeconfig=/etc/kube/" + n);
        break;
      case 2:
        out.push_back("provider=dns name=consul-" + n + ".service.example port=8301 type=any");
        break;
      default:
        out.push_back("provider=gce project_name=project-" + n +
                      " tag_value=consul zone_pattern=\"us-(central|east)1-.*\" "
                      "credentials_file=/etc/gce/" +
                      n + ".json");
        break;
    }
  }
  return out;
}

void BM_ParseProviderStrings(benchmark::State &state) {
  const std::vector<std::string> strings = provider_strings_text();
  for (auto _ : state) {
    std::size_t parsed = 0;
    for (const std::string &text : strings) {
      auto entry = joinery::discovery::parse_provider_string(text);
      parsed += entry.has_value() ? 1 : 0;
      benchmark::DoNotOptimize(entry);
    }
    if (parsed != strings.size()) {
      state.SkipWithError("a provider string did not parse");
      break;
    }
  }
  state.counters["strings"] = static_cast<double>(strings.size());
}
BENCHMARK(BM_ParseProviderStrings)->Apply(joinery::bench::one_iteration_five_times);

// What `joinery validate` does with 100,000 literal retry_join entries, each with its
// origin: the plan, a resolver over every entry, the log backend, and the description.
void BM_PrepareLiteralEntries(benchmark::State &state) {
  joinery::join::RunSettings settings;
  settings.agent.lan.entries.reserve(literal_entries);
  for (std::size_t i = 0; i < literal_entries; ++i) {
    const std::string n = std::to_string(i);
    settings.agent.lan.entries.push_back({"10." + std::to_string(i >> 16) + "." +
                                              std::to_string((i >> 8) & 0xff) + "." +
                                              std::to_string(i & 0xff) + ":8301",
                                          "bench.toml:" + n + ":14"});
  }
  settings.lan_backend = {"log", {}, "bench"};
  auto registry = joinery::bench::bundled_registry();
  for (auto _ : state) {
    const joinery::join::PreparedRun run(settings, registry,
                                         std::make_shared<joinery::plugins::StopSource>());
    benchmark::DoNotOptimize(run.describe());
  }
  state.counters["entries"] = static_cast<double>(literal_entries);
}
BENCHMARK(BM_PrepareLiteralEntries)->Apply(joinery::bench::one_iteration_five_times);

}  // namespace

int main(int argc, char **argv) {
  joinery::logging::configure(joinery::logging::Level::info, false);
  const BenchmarkResults results = BenchmarkResults::run(argc, argv);

  Scorecard card;
  const std::string file_what =
      "100,000 file addresses (60,000 distinct) parsed, de-duplicated, handed to the backend";
  if (const auto runs = results.for_figure(card, 6, file_what, {"BM_FileProviderToBackend"})) {
    card.record({.number = 6,
                 .what = file_what,
                 .measured = runs->front().median() * 1000,
                 .unit = "ms",
                 .goal = Goal::below(100),
                 .detail = "per attempt, " + runs->front().summary(" ms", 1000) +
                           " (file provider -> resolver -> log backend, in process)"});
  }
  const std::string parse_what = "parsing 1,000,000 provider strings";
  if (const auto runs = results.for_figure(card, 6, parse_what, {"BM_ParseProviderStrings"})) {
    card.record({.number = 6,
                 .what = parse_what,
                 .measured = runs->front().median(),
                 .unit = "s",
                 .goal = Goal::below(1),
                 .detail = runs->front().summary(" s")});
  }
  const std::string prepare_what = "validating 100,000 literal retry_join entries";
  if (const auto runs = results.for_figure(card, 6, prepare_what, {"BM_PrepareLiteralEntries"})) {
    card.record({.number = 6,
                 .what = prepare_what,
                 .measured = runs->front().median() * 1000,
                 .unit = "ms",
                 .goal = Goal::below(200),
                 .detail = runs->front().summary(" ms", 1000) +
                           " (plan, resolver, log backend and description, in process)"});
  }
  return card.finish();
}
