#include "base/call_context.hpp"

#include <utility>

namespace joinery::plugins {

CallContext::CallContext(Options options) : options_(std::move(options)) {}

bool CallContext::deadline_passed() const noexcept {
  return options_.deadline && std::chrono::steady_clock::now() >= *options_.deadline;
}

bool CallContext::cancelled() const noexcept {
  return (options_.stop != nullptr && options_.stop->stop_requested()) || deadline_passed();
}

std::int64_t CallContext::remaining_ms() const noexcept {
  if (!options_.deadline) {
    return -1;
  }
  const auto left = *options_.deadline - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) {
    return 0;
  }
  // Rounded up: 0 must mean "passed", not "less than a millisecond left".
  return std::chrono::ceil<std::chrono::milliseconds>(left).count();
}

int CallContext::cancel_fd() const noexcept {
  return options_.stop != nullptr ? options_.stop->fd() : -1;
}

void CallContext::set_error(std::string message) {
  std::lock_guard lock(mutex_);
  error_ = std::move(message);
}

std::string CallContext::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace joinery::plugins
