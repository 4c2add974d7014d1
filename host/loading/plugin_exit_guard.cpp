#include "loading/plugin_exit_guard.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace joinery::plugins {
namespace {

std::atomic<bool> armed{false};
std::atomic<int> exit_status{1};
std::once_flag installed;

thread_local InProcessPluginCall *current_call = nullptr;

// Every call in flight on any thread, for an exit from a thread the plugin started.
std::mutex calls_mutex;
std::vector<const InProcessPluginCall *> calls_in_flight;

void write_all(const std::string &text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// Runs in the exiting thread, first of the handlers registered before it (atexit order).
void on_exit() {
  if (!armed.load()) return;
  std::string what;
  if (current_call != nullptr) {
    what = current_call->what();
  } else if (calls_mutex.try_lock()) {
    if (!calls_in_flight.empty()) what = calls_in_flight.front()->what();
    calls_mutex.unlock();
  }
  if (what.empty()) {
    write_all(
        "joinery: the process was ended by exit() from inside it, not by joinery (a plugin or "
        "a library it uses); the command did not finish\n");
  } else {
    write_all("joinery: " + what +
              " ended joinery's process with exit() (the plugin runs in process); the "
              "command did not finish. Run the plugin isolated (isolation = \"process\" in "
              "its [plugins.NAME] table, or --isolate-plugins): an exit then fails only its "
              "call\n");
  }
  ::_exit(exit_status.load());
}

}  // namespace

InProcessPluginCall::InProcessPluginCall(std::string what)
    : what_(std::move(what)), outer_(current_call) {
  current_call = this;
  const std::lock_guard lock(calls_mutex);
  calls_in_flight.push_back(this);
}

InProcessPluginCall::~InProcessPluginCall() {
  current_call = outer_;
  const std::lock_guard lock(calls_mutex);
  calls_in_flight.erase(std::find(calls_in_flight.begin(), calls_in_flight.end(), this));
}

void arm_plugin_exit_guard(int status) {
  exit_status.store(status);
  std::call_once(installed, [] {
    std::atexit(on_exit);
    std::at_quick_exit(on_exit);
  });
  armed.store(true);
}

void disarm_plugin_exit_guard() {
  armed.store(false);
}

}  // namespace joinery::plugins
