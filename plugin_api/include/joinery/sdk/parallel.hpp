// Independent requests of one call run at once: every region of a comma list, every zone
// of a project, the addresses of each instance found. One call's latency is then that of
// its slowest request, not their sum, and a provider needs no thread code of its own.
//
//   const auto found = joinery::sdk::run_in_parallel(regions, 8, [&](const std::string &region) {
//     return list_instances(region, call);  // honours the call's deadline and cancellation
//   });
//   for (const auto &addresses : joinery::sdk::values_or_throw(found)) ...
//
// Each item runs on a thread of this call (at most `width` at once), and every item has
// run (or failed) when run_in_parallel returns: nothing outlives the call. The work must
// bound itself by the call's deadline and cancellation, as every request does.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace joinery::sdk {

// What one item's work gave: its value, or the exception it threw.
template <class Value>
struct Outcome {
  std::optional<Value> value;
  std::exception_ptr error;  // set when the work threw

  [[nodiscard]] bool ok() const { return !error; }
};

// Runs work(item) for every item, at most `width` (at least 1) at once; the outcomes are
// in the order of `items`. The calling thread runs items too, so a single item costs
// no thread. Throws only std::system_error when no thread can be started at all.
template <class Item, class Work>
auto run_in_parallel(const std::vector<Item> &items, std::size_t width, Work work)
    -> std::vector<Outcome<std::invoke_result_t<Work &, const Item &>>> {
  using Value = std::invoke_result_t<Work &, const Item &>;
  std::vector<Outcome<Value>> outcomes(items.size());
  std::atomic<std::size_t> next{0};
  auto drain = [&] {
    for (std::size_t i = next++; i < items.size(); i = next++) {
      try {
        outcomes[i].value.emplace(work(items[i]));
      } catch (...) {
        outcomes[i].error = std::current_exception();
      }
    }
  };
  const std::size_t helpers = std::min(std::max<std::size_t>(width, 1), items.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < helpers; ++i) {
    try {
      threads.emplace_back(drain);
    } catch (const std::system_error &) {
      break;  // fewer threads: the ones started, and this one, take every item
    }
  }
  drain();
  for (std::thread &thread : threads) {
    thread.join();
  }
  return outcomes;
}

// The values of `outcomes` in order; rethrows the first error (in item order) instead.
template <class Value>
std::vector<Value> values_or_throw(std::vector<Outcome<Value>> outcomes) {
  std::vector<Value> values;
  values.reserve(outcomes.size());
  for (Outcome<Value> &outcome : outcomes) {
    if (outcome.error) {
      std::rethrow_exception(outcome.error);
    }
    values.push_back(std::move(*outcome.value));
  }
  return values;
}

}  // namespace joinery::sdk
