#include "dns/lookup_failure.hpp"

#include <joinery/sdk/duration.hpp>

namespace joinery::dns {

LookupFailure describe_failure(const AresChannel &channel, std::string_view name,
                               std::string_view records, int ares_status, LoopEnd end,
                               std::chrono::milliseconds timeout) {
  sdk::Status status = sdk::Status::unavailable;
  std::string reason;
  switch (ares_status) {
    case ARES_ENOTFOUND:
      status = sdk::Status::not_found;
      reason = "no such host";
      break;
    case ARES_ENODATA:
      status = sdk::Status::not_found;
      reason = "no " + std::string(records) + " records";
      break;
    case ARES_ETIMEOUT:
      reason = "no answer from the DNS server (timed out)";
      break;
    case ARES_ECONNREFUSED:
      reason = "the DNS server could not be reached or refused the query";
      break;
    case ARES_ESERVFAIL:
      reason = "the DNS server failed (SERVFAIL)";
      break;
    case ARES_EREFUSED:
      reason = "the DNS server refused the query";
      break;
    case ARES_EBADNAME:
      status = sdk::Status::invalid_config;
      reason = "not a valid DNS name";
      break;
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION:
      if (end == LoopEnd::timed_out) {
        reason = "no answer within the timeout (" + sdk::format_duration(timeout) + ")";
      } else {
        status = sdk::Status::cancelled;
        reason = "cancelled";
      }
      break;
    default:
      reason = ares_strerror(ares_status);
      break;
  }
  return {status, "lookup " + std::string(name) + channel.server_suffix() + ": " + reason};
}

std::vector<std::string> warnings_unless_all_failed(
    const std::vector<std::optional<LookupFailure>> &failures, std::string_view what) {
  std::vector<std::string> messages;
  bool any_resolved = false;
  bool all_not_found = true;
  bool any_cancelled = false;
  for (const auto &failure : failures) {
    if (!failure) {
      any_resolved = true;
      continue;
    }
    messages.push_back(failure->message);
    all_not_found = all_not_found && failure->status == sdk::Status::not_found;
    any_cancelled = any_cancelled || failure->status == sdk::Status::cancelled;
  }
  if (any_resolved || failures.empty()) {
    return messages;
  }
  if (messages.size() == 1) {
    throw sdk::Error(failures.front()->status, messages.front());
  }
  std::string text =
      "none of the " + std::to_string(messages.size()) + " " + std::string(what) + " resolved: ";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    text += (i > 0 ? "; " : "") + messages[i];
  }
  const sdk::Status status = any_cancelled   ? sdk::Status::cancelled
                             : all_not_found ? sdk::Status::not_found
                                             : sdk::Status::unavailable;
  throw sdk::Error(status, text);
}

}  // namespace joinery::dns
