#include "mdns/mdns_discovery.hpp"

#include <poll.h>

#include <joinery/sdk/deadline.hpp>
#include <joinery/sdk/status.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "mdns/mdns_query.hpp"
#include "mdns/mdns_records.hpp"
#include "mdns/multicast_socket.hpp"

namespace joinery::mdns {
namespace {

using Clock = sdk::CallBounds::Clock;
using std::chrono::milliseconds;

constexpr milliseconds first_repeat{1000};

class MdnsListener {
 public:
  MdnsListener(const MdnsSettings &settings, Listening &listening)
      : settings_(settings), listening_(listening), answers_(settings.service_name()) {
    for (const auto &[family, wanted] :
         {std::pair{Family::v6, settings.v6}, std::pair{Family::v4, settings.v4}}) {
      if (!wanted) continue;
      try {
        sockets_.emplace_back(family);
      } catch (const sdk::Error &error) {
        listening_.problems.emplace_back(error.what());
      }
    }
  }

  // Sends the question on every socket; false when no socket could send it.
  bool ask(const std::string &name, RecordType type) {
    const std::vector<unsigned char> message = mdns_query(name, type);
    bool any = false;
    for (const MulticastQuerySocket &socket : sockets_) {
      if (const std::string why = socket.send(message); !why.empty()) {
        note("cannot send to " + socket.group() + ": " + why);
      } else {
        any = true;
      }
    }
    return any;
  }

  bool ask_for_instances() {
    asked_.clear();  // a repeat asks every follow-up again too
    return ask(settings_.service_name(), RecordType::ptr);
  }

  // Reads every waiting datagram of the sockets `fds` marks readable, then asks what
  // the answers so far leave missing.
  void read_answers(const std::vector<pollfd> &fds) {
    for (std::size_t i = 0; i < sockets_.size(); ++i) {
      if (fds[i].revents == 0) continue;
      while (auto datagram = sockets_[i].receive()) {
        const auto records = datagram->from_mdns_port ? read_mdns_response(datagram->bytes.data(),
                                                                           datagram->bytes.size())
                                                      : std::nullopt;
        if (!records) {
          ++listening_.ignored;
          continue;
        }
        answers_.add(*records);
      }
    }
    for (const auto &[name, type] : answers_.missing(settings_.v6, settings_.v4)) {
      if (!asked_.insert({name, type}).second) continue;
      try {
        (void)ask(name, type);
      } catch (const sdk::Error &) {
        // A name from an answer that c-ares cannot put in a question: that instance
        // stays incomplete, the others are not affected.
        note("cannot ask about \"" + name + "\", a name an answer gave");
      }
    }
  }

  [[nodiscard]] std::vector<pollfd> poll_set() const {
    std::vector<pollfd> fds;
    for (const MulticastQuerySocket &socket : sockets_) fds.push_back({socket.fd(), POLLIN, 0});
    return fds;
  }

  [[nodiscard]] const ServiceAnswers &answers() const { return answers_; }

 private:
  // Each problem once: a family that cannot send fails every question the same way.
  void note(std::string problem) {
    auto &problems = listening_.problems;
    if (std::find(problems.begin(), problems.end(), problem) == problems.end()) {
      problems.push_back(std::move(problem));
    }
  }

  const MdnsSettings &settings_;
  Listening &listening_;
  std::vector<MulticastQuerySocket> sockets_;
  ServiceAnswers answers_;
  std::set<std::pair<std::string, RecordType>> asked_;
};

// The host takes no address pushed after the call's deadline: listening stops a
// moment before it (a twentieth of the time left, 10 to 100 ms) so that what was
// found is handed over in time.
sdk::CallBounds with_room_to_push(sdk::CallBounds bounds) {
  if (bounds.deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(*bounds.deadline - Clock::now());
    *bounds.deadline -= std::clamp(left / 20, milliseconds(10), milliseconds(100));
  }
  return bounds;
}

// Why the loop must stop now, if it must: the deadline, then the listening timeout
// (when `timeout_at` passed), then cancellation.
std::optional<ListenEnd> reason_to_stop(const sdk::CallBounds &bounds, Clock::time_point timeout_at,
                                        Clock::time_point now) {
  if (bounds.expired(now)) return ListenEnd::deadline;
  if (now >= timeout_at) return ListenEnd::timed_out;
  // The host's own deadline is later than ours (with_room_to_push): this is a shutdown.
  if (bounds.stop_requested()) return ListenEnd::cancelled;
  return std::nullopt;
}

}  // namespace

Listening discover_mdns(const MdnsSettings &settings, const sdk::CallBounds &call_bounds) {
  const Clock::time_point start = Clock::now();
  // The listening timeout is the provider's own: it ends listening as timed out, the
  // call's deadline as cut short.
  const Clock::time_point timeout_at = sdk::deadline_after(start, settings.timeout);
  const sdk::CallBounds bounds = with_room_to_push(call_bounds);
  Listening listening;
  MdnsListener listener(settings, listening);
  if (!listener.ask_for_instances()) {
    std::string why;
    for (const std::string &problem : listening.problems)
      why += (why.empty() ? "" : "; ") + problem;
    throw sdk::Error(sdk::Status::unavailable,
                     "cannot send the mDNS query for " + settings.service_name() + ": " + why);
  }
  Clock::time_point next_repeat = start + first_repeat;
  milliseconds repeat_interval = first_repeat;

  for (;;) {
    const Clock::time_point now = Clock::now();
    if (const auto stop = reason_to_stop(bounds, timeout_at, now)) {
      listening.end = *stop;
      break;
    }
    if (now >= next_repeat) {
      (void)listener.ask_for_instances();
      repeat_interval *= 2;
      next_repeat = now + repeat_interval;
    }
    std::vector<pollfd> fds = listener.poll_set();
    const sdk::WaitEnd waited =
        sdk::wait(fds.data(), fds.size(), bounds, std::min(timeout_at, next_repeat));
    if (waited == sdk::WaitEnd::failed) {
      const int error = errno;
      throw sdk::Error(sdk::Status::internal,
                       std::string("poll on the mDNS sockets failed: ") + std::strerror(error));
    }
    if (waited == sdk::WaitEnd::cancelled) {
      listening.end = ListenEnd::cancelled;
      break;
    }
    // timed_out: reason_to_stop tells the deadline from the timeout and a repeat.
    if (waited == sdk::WaitEnd::ready) listener.read_answers(fds);
  }
  listening.listened = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  listening.found = listener.answers().addresses(settings.v6, settings.v4);
  return listening;
}

}  // namespace joinery::mdns
