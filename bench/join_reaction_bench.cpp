// Figure 7, join reaction: a `joinery run` retrying every second to join a peer that
// is not there yet joins it within one interval plus 50 ms of the peer becoming
// reachable. Each round starts a run, then (at a different phase of the retry
// schedule each round) a real serf agent on the peer's address; a watcher connects to
// that address every millisecond to see when it became reachable, and the run's exit
// (it exits once joined) is the moment of the join. The figure is the slowest round.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "measured_process.hpp"
#include "observer_priority.hpp"
#include "private_plugin_cache.hpp"
#include "run_count.hpp"
#include "samples.hpp"
#include "scorecard.hpp"
#include "support/joinery_run.hpp"
#include "support/loopback.hpp"
#include "support/paths.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using joinery::bench::Goal;
using joinery::bench::MeasuredProcess;
using joinery::bench::Samples;
using joinery::bench::Scorecard;
using joinery::bench::SteadyTime;

constexpr auto interval = 1s;

bool accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// Notes the first moment something accepts TCP connections on 127.0.0.1:port.
class ReachabilityWatch {
 public:
  explicit ReachabilityWatch(std::uint16_t port)
      : thread_([this, port] {
          while (!stop_.load()) {
            if (accepts(port)) {
              reachable_at_ = std::chrono::steady_clock::now();
              return;
            }
            std::this_thread::sleep_for(1ms);
          }
        }) {}
  ~ReachabilityWatch() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  ReachabilityWatch(const ReachabilityWatch &) = delete;
  ReachabilityWatch &operator=(const ReachabilityWatch &) = delete;

  // When it became reachable; waits for the watcher to end first.
  std::optional<SteadyTime> reachable_at() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    return reachable_at_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::optional<SteadyTime> reachable_at_;
  std::thread thread_;
};

}  // namespace

int main(int argc, char **argv) {
  const int rounds = joinery::bench::run_count(argc, argv, 6, 1);
  joinery::bench::observe_at_realtime_priority();
  Scorecard card;
  const std::string what = "join reaction: peer reachable -> joined, slowest round";
  try {
    const joinery::bench::PrivatePluginCache cache;
    const joinery::test::TempDir dir;
    const auto output = dir.path() / "output";
    const joinery::test::SerfAgent agent({.node = "bench-agent", .log_level = "info"});
    Samples reaction_ms;
    std::string rounds_text;  // each round's reaction, in ms
    for (int round = 0; round < rounds; ++round) {
      const std::uint16_t peer_port = joinery::test::free_port();
      const std::string config =
          "retry_join = [\"127.0.0.1:" + std::to_string(peer_port) +
          "\"]\nretry_interval = \"1s\"\n\n[join.lan]\nbackend = \"serf\"\nrpc_addr = " +
          joinery::test::toml_string(agent.rpc_address()) + "\n";
      MeasuredProcess run(cache.joinery_run({"--config", dir.write("join.toml", config).string()}),
                          output);
      // Spread the peer's arrival over one retry interval, starting just after the
      // second attempt (the slowest case: a whole interval to wait).
      std::filesystem::remove(output);
      std::this_thread::sleep_for(interval + 20ms +
                                  round * std::chrono::milliseconds(interval) / rounds);
      ReachabilityWatch watch(peer_port);
      const joinery::test::SerfAgent peer({.node = "bench-peer-" + std::to_string(round),
                                           .bind_port = peer_port,
                                           .log_level = "info"});
      const auto usage = run.wait(interval * 3 + 5s);
      const auto reachable = watch.reachable_at();
      if (!usage || usage->status != 0 || !reachable) {
        throw std::runtime_error("round " + std::to_string(round) +
                                 ": the run did not join the peer:\n" +
                                 joinery::bench::read_text(output));
      }
      const double reaction_ms_now =
          std::chrono::duration<double, std::milli>(usage->ended - *reachable).count();
      reaction_ms.add(reaction_ms_now);
      rounds_text +=
          (rounds_text.empty() ? "" : ", ") + joinery::bench::format_number(reaction_ms_now);
    }
    card.record({.number = 7,
                 .what = what,
                 .measured = reaction_ms.max(),
                 .unit = "ms",
                 .goal = Goal::at_most(1050),
                 .detail = reaction_ms.summary(" ms") +
                           ", retry_interval 1s; rounds: " + rounds_text + " ms"});
  } catch (const std::exception &error) {
    card.failed(7, what, error.what());
  }
  return card.finish();
}
