// joinery run: join the clusters as Consul's agent does at start-up, then exit with
// a status that says how it went.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/run_setup.hpp"
#include "cli/stop_on_signals.hpp"
#include "logging/json_text.hpp"
#include "logging/log.hpp"
#include "problem/result.hpp"
#include "service/run_status.hpp"
#include "service/systemd_notifier.hpp"

namespace joinery::cli {
namespace {

constexpr std::string_view run_usage = R"(Usage: joinery run [options]

Joins this node to its clusters as Consul's agent does when it starts, then
exits: the LAN always; the WAN too on a server (with mesh gateway WAN
federation, a secondary datacenter first finds the primary's mesh gateways and
joins through them). Each cluster resolves its entries (addresses, or provider
strings through discovery plugins) and joins through its join backend, retrying
until a join succeeds or its retry budget is spent. LAN and WAN join at the
same time.

Exit status:
  0         every cluster joined, or had nothing to join
  1         a retry budget was spent ("Retry join failed")
  2         a usage or configuration error; nothing was started
  3         a plugin the run needs is missing or was refused
  4         every cluster joined, but --summary could not be written
  5         a plugin in joinery's process ended it with exit(): the run did not
            finish
  70        an internal error (please report it)
  130, 143  stopped by SIGINT, SIGTERM (at once, even mid-wait or mid-call)

Under systemd (NOTIFY_SOCKET set) it reports its progress as the unit's status,
READY=1 once every cluster joined (a Type=notify unit is then started) and
STOPPING=1 when a signal stops it; --systemd-notify=false turns that off.

Examples:
  # join the LAN through the local serf agent, peers found by DNS, forever
  joinery run -retry-join 'provider=dns name=consul.service.example' \
      --join-backend 'serf rpc_addr=127.0.0.1:7373'

  # the same from a file; give up after 4 attempts 5s apart; summary on stdout
  joinery run --config /etc/joinery/joinery.toml -retry-max 3 \
      -retry-interval 5s --summary -

  # a dry run: log (and record) the addresses each attempt would join
  joinery run -retry-join 10.0.0.1 -retry-join '[::1]:8301' \
      --join-backend 'log record=/tmp/joins.txt'

)";

// The version of the summary's layout; raised when a member changes meaning or goes
// away (adding one does not).
constexpr int summary_schema = 1;

// `time` as RFC 3339 in UTC with milliseconds, "2026-12-03T07:15:00.123Z": the same
// width for every time, so that text order is time order.
std::string utc_time_text(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(millis));
  return buffer;
}

struct RunTimes {
  std::chrono::system_clock::time_point started, ended;
};

nlohmann::ordered_json summary_of(const std::vector<join::ClusterReport> &reports, int status,
                                  const RunTimes &times) {
  const auto text_or_null = [](const std::string &text) {
    return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(logging::redact(text));
  };
  nlohmann::ordered_json clusters = nlohmann::ordered_json::array();
  for (const join::ClusterReport &report : reports) {
    const join::JoinStats &stats = report.stats;
    nlohmann::ordered_json addresses = nlohmann::ordered_json::array();
    for (const std::string &address : stats.addresses) {
      addresses.push_back(logging::redact(address));
    }
    clusters.push_back(
        {{"cluster", report.cluster},
         {"outcome", join::outcome_name(stats.outcome)},
         {"attempts", stats.attempts},
         {"addresses", std::move(addresses)},
         {"joined", stats.joined},
         {"last_error", text_or_null(stats.last_error)},
         {"failure", text_or_null(stats.failure)},
         {"note", text_or_null(report.note)},
         {"duration_seconds", std::chrono::duration<double>(stats.duration).count()}});
  }
  return {{"schema", summary_schema},
          {"joinery_version", JOINERY_VERSION},
          {"started_at", utc_time_text(times.started)},
          {"ended_at", utc_time_text(times.ended)},
          {"exit_status", status},
          {"clusters", std::move(clusters)}};
}

// Writes the summary to `where` ("-" = stdout). False, after an error naming where,
// when it could not be written: a oneshot unit reading it must not see success.
bool write_summary(const std::string &where, const nlohmann::ordered_json &summary) {
  const std::string text = logging::json_text(summary, 2) + "\n";
  errno = 0;
  if (where == "-") {
    std::cout << text << std::flush;
    if (std::cout) return true;
  } else {
    std::ofstream out(where, std::ios::trunc);
    out << text;
    out.close();
    if (out) return true;
  }
  const int error = errno;
  logging::error("agent", "Cannot write the run summary",
                 {{"file", where == "-" ? "stdout" : where},
                  {"error", error != 0 ? std::strerror(error) : "write failed"}});
  return false;
}

// As Consul logs a stop, with Go's names for the two signals.
void log_caught(int signal) {
  logging::info("agent", "Caught", {{"signal", signal == SIGINT ? "interrupt" : "terminated"}});
}

// Whether the summary can be written to `where`, found before the first attempt
// (opening it, creating it when absent) so that a mistyped directory is a
// configuration error and not a line logged after the node joined. O_NONBLOCK: a FIFO
// nobody reads fails (ENXIO) instead of blocking the boot.
Result<> check_summary_writable(const std::string &where) {
  if (where == "-") return {};
  const int fd = ::open(where.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644);
  if (fd < 0) {
    return failure(
        {"cannot be written: " + std::string(std::strerror(errno)), "--summary " + where});
  }
  ::close(fd);
  return {};
}

}  // namespace

int run_command(const Arguments &args) {
  RunTimes times{std::chrono::system_clock::now(), {}};
  // Taken before any plugin, runner or thread starts, so none of them inherits it.
  const std::optional<std::string> notify_socket = service::take_notify_socket();
  auto stop = std::make_shared<plugins::StopSource>();
  const StopOnSignals signals(*stop);  // from here on, even preparing stops on a signal
  RunSetupResult result = set_up_run(args, run_usage, stop);
  if (result.stopped) {
    log_caught(signals.signal());
    return signals.exit_status();
  }
  if (!result.setup) {
    print_errors(result.errors);
    return result.exit_status;
  }
  RunSetup &setup = *result.setup;
  if (setup.options.config.summary) {
    if (Result<> writable = check_summary_writable(*setup.options.config.summary); !writable) {
      std::cerr << writable.error().text() << '\n';
      return exit_usage;
    }
  }
  std::optional<service::SystemdNotifier> systemd;
  if (notify_socket && setup.options.config.systemd_notify) {
    systemd.emplace(*notify_socket);
  }
  service::RunStatus progress([&systemd](const std::string &line) {
    if (systemd) systemd->notify("STATUS=" + line);
  });
  const std::vector<join::ClusterReport> reports = setup.run->run(nullptr, &progress);

  // Consul says nothing when it has nothing to join; at boot that is more often a
  // configuration that did not load than a node meant to stand alone, so say so.
  const bool nothing_joined =
      std::all_of(reports.begin(), reports.end(), [](const join::ClusterReport &report) {
        return report.stats.outcome == join::Outcome::nothing_to_do ||
               report.stats.outcome == join::Outcome::skipped;
      });
  if (nothing_joined) {
    logging::warn("agent",
                  "Nothing to join: no retry_join, retry_join_wan or primary_gateways entries "
                  "are configured");
  }

  int status = exit_ok;
  for (const join::ClusterReport &report : reports) {
    if (report.stats.outcome == join::Outcome::exhausted) {
      logging::error("agent", "Retry join failed", {{"error", report.stats.failure}});
      status = exit_join_failed;
    }
  }
  if (status == exit_ok && signals.signal() != 0) {
    log_caught(signals.signal());
    status = signals.exit_status();
  }
  if (systemd) {
    // joinery exits next: these must reach systemd before it does (notify_and_wait).
    constexpr auto last_message_timeout = std::chrono::seconds(5);
    if (status == exit_ok) {
      systemd->notify_and_wait("READY=1\nSTATUS=" + progress.line(), last_message_timeout);
    } else if (signals.signal() != 0) {
      systemd->notify_and_wait("STOPPING=1\nSTATUS=stopping: caught " +
                                   std::string(signals.signal() == SIGINT ? "SIGINT" : "SIGTERM"),
                               last_message_timeout);
    }
  }
  if (setup.options.config.summary) {
    times.ended = std::chrono::system_clock::now();
    if (!write_summary(*setup.options.config.summary, summary_of(reports, status, times)) &&
        status == exit_ok) {
      status = exit_summary_failed;
    }
  }
  return status;
}

}  // namespace joinery::cli
