#include "base/abandoned_calls.hpp"

#include <atomic>
#include <string>

#include "logging/log.hpp"

namespace joinery::plugins {
namespace {

std::atomic<std::size_t> running{0};

}  // namespace

void count_abandoned_call(std::string_view plugin) {
  const std::size_t now = ++running;
  logging::warn("agent.plugin", "Abandoned a plugin call that ignored its deadline",
                {{"plugin", std::string(plugin)},
                 {"abandoned_calls", std::to_string(now)},
                 {"limit", std::to_string(max_abandoned_calls)}});
}

void count_abandoned_call_ended() {
  --running;
}

std::size_t abandoned_calls_running() {
  return running.load();
}

Result<> abandoned_call_refusal() {
  const std::size_t now = running.load();
  if (now < max_abandoned_calls) return {};
  return failure({"not started: " + std::to_string(now) +
                      " in-process plugin calls that ignored their deadline are still running, "
                      "the most joinery allows (" +
                      std::to_string(max_abandoned_calls) + ")",
                  "",
                  "isolate the plugins that hang (isolation = \"process\") so that joinery "
                  "kills such calls"});
}

}  // namespace joinery::plugins
