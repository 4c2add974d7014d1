#include "isolation/isolated_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <joinery/posix/available_read.hpp>
#include <joinery/posix/process_group.hpp>
#include <joinery/posix/process_tree.hpp>
#include <joinery/posix/unique_fd.hpp>
#include <joinery/sdk/deadline.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include "base/gateway_routes.hpp"
#include "logging/log.hpp"

namespace joinery::plugins {
namespace {

using Clock = IsolatedRunner::Clock;

// What a runner and its plugin may write to stdout/stderr per call before the rest is
// dropped: enough for an error report, not enough to drown the log.
constexpr std::size_t output_budget_per_call = 32 * 1024;
constexpr std::size_t max_output_line = 4096;
constexpr std::size_t max_remembered_line = 300;

std::string errno_text(int error) {
  return std::strerror(error);
}

// poll()'s timeout for a wait until `until` (none = forever), rounded up.
int poll_timeout(std::optional<Clock::time_point> until) {
  if (!until) return -1;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(*until - Clock::now()).count();
  return static_cast<int>(std::clamp<decltype(left)>(left, 0, INT_MAX));
}

// Reaps `pid`; returns its wait status and stores the most memory it had resident.
int reap(pid_t pid, std::uint64_t &peak_bytes) {
  rusage usage{};
  const int status = posix::reap(pid, &usage);
  peak_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  return status;
}

// A runner asks for PR_SET_PDEATHSIG, which fires when the *thread* that started it ends,
// not when joinery does; runners are started from call threads that end with their
// call. So one thread that lives as long as joinery's process starts them all.
class RunnerStarter {
 public:
  // Runs `start` (a posix_spawn) on that thread; throws std::system_error when the
  // thread cannot be made.
  static int run(std::function<int()> start) {
    static RunnerStarter *const starter = new RunnerStarter();  // never destroyed: see above
    std::packaged_task<int()> task(std::move(start));
    std::future<int> done = task.get_future();
    {
      const std::lock_guard lock(starter->mutex_);
      starter->tasks_.push_back(std::move(task));
    }
    starter->queued_.notify_one();
    return done.get();
  }

 private:
  RunnerStarter() {
    std::thread([this] {
      while (true) {
        std::unique_lock lock(mutex_);
        queued_.wait(lock, [this] { return !tasks_.empty(); });
        std::packaged_task<int()> task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        task();
      }
    }).detach();
  }

  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::packaged_task<int()>> tasks_;
};

// Starts the runner: its socket on descriptor 3, stdout and stderr into `output`,
// stdin from /dev/null, nothing else inherited, in a process group of its own (so that
// killing it takes whatever the plugin started along), default signal dispositions.
int spawn_runner(const IsolatedRunner::Settings &settings, int socket, int output, pid_t &pid) {
  posix::SpawnRequest request;
  request.argv = {settings.runner.string(),
                  "--memory-limit=" + std::to_string(settings.memory_limit),
                  settings.plugin_file.string()};
  request.search_path = false;
  request.fds = {posix::ChildFd::copy_of(isolated::runner_socket_fd, socket),
                 posix::ChildFd::copy_of(STDOUT_FILENO, output),
                 posix::ChildFd::copy_of(STDERR_FILENO, output),
                 posix::ChildFd::opened(STDIN_FILENO, "/dev/null", O_RDONLY)};
  request.close_from = isolated::runner_socket_fd + 1;
  request.default_signals = {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT};
  try {
    return RunnerStarter::run([&] { return posix::spawn_process_group(request, pid); });
  } catch (const std::system_error &failure) {
    return failure.code().value();
  }
}

// "1 GiB", "512 MiB", "1536 KiB", "100 bytes": a memory size as an operator writes it.
std::string format_memory_size(std::uint64_t bytes) {
  static constexpr const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  while (unit + 1 < std::size(units) && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + " " + units[unit];
}

logging::Level level_of(const nlohmann::json &level) {
  const int value = level.is_number_integer() ? level.get<int>() : 2;
  return static_cast<logging::Level>(std::clamp(value, 0, 4));
}

}  // namespace

std::string describe_wait_status(int status) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    const char *abbreviation = ::sigabbrev_np(signal);
    const char *description = ::sigdescr_np(signal);
    std::string text =
        "was killed by signal " +
        (abbreviation != nullptr ? "SIG" + std::string(abbreviation) : std::to_string(signal));
    if (description != nullptr) text += " (" + std::string(description) + ")";
    if (WCOREDUMP(status)) text += ", core dumped";
    return text;
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended (wait status " + std::to_string(status) + ")";
}

IsolatedRunner::IsolatedRunner(Settings settings, pid_t pid, int socket, int output)
    : settings_(std::move(settings)), pid_(pid), socket_(socket), output_(output) {}

IsolatedRunner::~IsolatedRunner() {
  if (alive()) {
    begin_shutdown();
    finish_shutdown(Clock::now() + exit_grace);
  }
  if (output_ >= 0) ::close(output_);
}

IsolatedRunner::Started IsolatedRunner::start(const Settings &settings, Clock::time_point deadline,
                                              const StopSource *stop) {
  Started started;
  Reply &hello = started.hello;
  const auto fail = [&](const std::string &what, int error) {
    hello.status = JOINERY_INTERNAL;
    hello.failure = what + ": " + errno_text(error);
    return std::move(started);
  };
  if (stop != nullptr && stop->stop_requested()) {
    hello.status = JOINERY_CANCELLED;
    hello.failure = "no runner was started: joinery is stopping (shutdown)";
    return started;
  }
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    return fail("cannot make a socket for the plugin runner", errno);
  }
  posix::UniqueFd ours(pair[0]), theirs(pair[1]);
  posix::Pipe output;
  if (const int error = posix::make_pipe(output); error != 0) {
    return fail("cannot make a pipe for the plugin runner", error);
  }

  pid_t pid = -1;
  if (const int error = spawn_runner(settings, theirs.get(), output.write_end.get(), pid);
      error != 0) {
    return fail("cannot start the plugin runner " + settings.runner.string() +
                    " (isolation needs joinery-plugin-runner, installed with joinery)",
                error);
  }
  // Only the runner may hold its ends: its death must read as end-of-file here.
  theirs.reset();
  output.write_end.reset();
  posix::set_nonblocking(ours.get());
  posix::set_nonblocking(output.read_end.get());
  std::unique_ptr<IsolatedRunner> runner(
      new IsolatedRunner(settings, pid, ours.release(), output.read_end.release()));
  logging::debug(settings.log_subsystem, "started plugin runner",
                 {{"file", settings.plugin_file.string()}, {"pid", std::to_string(pid)}});
  runner->output_budget_ = output_budget_per_call;
  hello = runner->serve(Expect::hello, nullptr, deadline, stop);
  if (!hello.message) return started;
  if (Result<> same = isolated::hello_version_problem(*hello.message, settings.runner.string());
      !same) {
    hello = {};
    hello.status = JOINERY_INTERNAL;
    hello.failure = same.error().text();
    return started;  // killed and reaped: nothing more of it is read
  }
  started.runner = std::move(runner);
  return started;
}

IsolatedRunner::Reply IsolatedRunner::call(const nlohmann::json &request, const CallContext &call,
                                           Clock::duration grace) {
  output_budget_ = output_budget_per_call;
  output_truncated_ = false;
  last_output_line_.clear();
  std::optional<Clock::time_point> kill_at = call.options().deadline;
  if (kill_at) *kill_at = sdk::deadline_after(*kill_at, grace);
  const Clock::time_point send_until = kill_at ? *kill_at : Clock::now() + std::chrono::seconds(10);
  if (!send(request, send_until)) {
    Reply reply;
    reply.status = JOINERY_INTERNAL;
    reply.failure =
        alive() ? kill_and_describe("did not take the call and was killed") : reap_and_describe();
    return reply;
  }
  return serve(Expect::result, &call, kill_at, call.options().stop);
}

bool IsolatedRunner::send(const nlohmann::json &message, Clock::time_point until) {
  const std::string frame = isolated::encode_frame(message);
  std::string_view rest = frame;
  while (!rest.empty()) {
    const ssize_t sent = ::send(socket_, rest.data(), rest.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent >= 0) {
      rest.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
    pollfd writable{socket_, POLLOUT, 0};
    if (::poll(&writable, 1, poll_timeout(until)) == 0) return false;
  }
  return true;
}

IsolatedRunner::Reply IsolatedRunner::serve(Expect expect, const CallContext *call,
                                            std::optional<Clock::time_point> kill_at,
                                            const StopSource *stop) {
  Reply reply;
  std::optional<Clock::time_point> cancel_kill_at;  // set once the cancel message went out
  const auto fail = [&](joinery_status status, std::string failure) {
    reply.status = status;
    reply.failure = std::move(failure);
    return reply;
  };

  while (true) {
    std::string broken;
    try {
      Result<std::optional<nlohmann::json>> next;
      while ((next = frames_.next()) && *next) {
        std::optional<nlohmann::json> &message = *next;
        const std::string type = message->value("type", "");
        if (type == "log") {
          std::string subsystem = message->value("subsystem", settings_.log_subsystem);
          if (subsystem.rfind("agent.plugin", 0) != 0) subsystem = settings_.log_subsystem;
          std::vector<logging::Field> fields;
          for (const nlohmann::json &field : message->value("fields", nlohmann::json::array())) {
            fields.push_back({field.at(0).get<std::string>(), field.at(1).get<std::string>()});
          }
          logging::write(level_of(message->value("level", nlohmann::json())), subsystem,
                         message->value("message", ""), fields);
        } else if (type == "route" && expect == Expect::result) {
          nlohmann::json addresses = nlohmann::json::array();
          if (call != nullptr && call->options().routes != nullptr) {
            for (const std::string &address :
                 call->options().routes->route(message->value("datacenter", ""))) {
              addresses.push_back(address);
            }
          }
          send({{"type", "route_reply"}, {"addresses", std::move(addresses)}},
               Clock::now() + std::chrono::seconds(1));
        } else if ((expect == Expect::hello && type == "hello") ||
                   (expect == Expect::result && type == "result")) {
          if (!pending_output_.empty()) log_output_line(std::exchange(pending_output_, {}));
          reply.message = std::move(message);
          return reply;
        } else {
          broken = "an unexpected message (type '" + type + "')";
          break;
        }
      }
      if (!next) broken = next.error().what;
    } catch (const nlohmann::json::exception &error) {
      broken = std::string("a malformed message (") + error.what() + ")";
    }
    if (!broken.empty()) {
      return fail(JOINERY_INTERNAL, kill_and_describe("sent " + broken + " and was killed"));
    }

    std::optional<Clock::time_point> until = kill_at;
    if (cancel_kill_at) until = until ? std::min(*until, *cancel_kill_at) : *cancel_kill_at;
    if (until && Clock::now() >= *until) {
      if (cancel_kill_at && Clock::now() >= *cancel_kill_at) {
        return fail(JOINERY_CANCELLED,
                    kill_and_describe("did not return soon after the call was cancelled "
                                      "(shutdown) and was killed"));
      }
      return fail(JOINERY_CANCELLED,
                  kill_and_describe(expect == Expect::hello
                                        ? "did not finish loading the plugin in time and was "
                                          "killed (does its init hang?)"
                                        : "gave no answer by the call's deadline and was killed "
                                          "(the plugin ignored its deadline)"));
    }

    pollfd fds[3] = {{socket_, POLLIN, 0},
                     {output_, POLLIN, 0},
                     {stop != nullptr && !cancel_kill_at ? stop->fd() : -1, POLLIN, 0}};
    if (::poll(fds, 3, poll_timeout(until)) < 0 && errno != EINTR) {
      return fail(JOINERY_INTERNAL, kill_and_describe("could not be watched (poll: " +
                                                      errno_text(errno) + ") and was killed"));
    }
    if (fds[2].revents != 0) {
      if (expect == Expect::hello) {
        return fail(JOINERY_CANCELLED,
                    kill_and_describe("was stopped while loading the plugin (shutdown)"));
      }
      send({{"type", "cancel"}}, Clock::now() + cancel_grace);
      cancel_kill_at = Clock::now() + cancel_grace;
    }
    if (fds[1].revents != 0) read_output(false);
    if (fds[0].revents != 0) {
      char buffer[65536];
      const ssize_t got = ::recv(socket_, buffer, sizeof buffer, 0);
      if (got > 0) {
        frames_.feed(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        return fail(JOINERY_INTERNAL, reap_and_describe());
      }
    }
  }
}

void IsolatedRunner::read_output(bool drain) {
  // Bounded, so that a runner that writes without pause cannot hold its call's thread.
  const std::size_t limit = (drain ? 64 : 4) * std::size_t{16384};
  const auto take = [this](std::string_view chunk) {
    pending_output_.append(chunk);
    std::size_t start = 0;
    for (std::size_t end = pending_output_.find('\n'); end != std::string::npos;
         end = pending_output_.find('\n', start)) {
      log_output_line(pending_output_.substr(start, end - start));
      start = end + 1;
    }
    pending_output_.erase(0, start);
    while (pending_output_.size() > max_output_line) {
      log_output_line(pending_output_.substr(0, max_output_line));
      pending_output_.erase(0, max_output_line);
    }
  };
  if (output_ >= 0 && posix::read_available(output_, limit, take) == posix::ReadEnd::ended) {
    ::close(output_);
    output_ = -1;
  }
  if (drain && !pending_output_.empty()) log_output_line(std::exchange(pending_output_, {}));
}

void IsolatedRunner::log_output_line(std::string line) {
  if (line.size() > max_output_line) line.resize(max_output_line);
  if (line.find_first_not_of(" \t\r") != std::string::npos) {
    last_output_line_ = line.substr(0, max_remembered_line);
  }
  if (output_budget_ == 0) {
    if (!output_truncated_) {
      output_truncated_ = true;
      logging::warn(settings_.log_subsystem,
                    "plugin output truncated: the rest of this call's output is dropped",
                    {{"file", settings_.plugin_file.string()}});
    }
    return;
  }
  output_budget_ -= std::min(output_budget_, line.size() + 1);
  logging::warn(settings_.log_subsystem, "plugin output", {{"line", line}});
}

std::string IsolatedRunner::with_last_output(std::string text) const {
  if (!last_output_line_.empty()) text += "; its last output: \"" + last_output_line_ + "\"";
  return text;
}

void IsolatedRunner::kill_runner_tree() const {
  // Stopped, the runner starts nothing more and stays alive: the subreaper that keeps
  // its plugin's orphans (daemons included) below it while they are killed.
  ::kill(pid_, SIGSTOP);
  if (!posix::kill_descendants(pid_)) {
    logging::warn(settings_.log_subsystem,
                  "processes the plugin started outran their killing (a fork bomb?) and may "
                  "still run",
                  {{"file", settings_.plugin_file.string()}, {"pid", std::to_string(pid_)}});
  }
  posix::signal_group(pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
}

std::string IsolatedRunner::kill_and_describe(std::string_view why) {
  const pid_t pid = pid_;
  kill_runner_tree();
  posix::reap(pid);
  pid_ = -1;
  if (socket_ >= 0) ::close(std::exchange(socket_, -1));
  read_output(true);
  return with_last_output("its runner process (pid " + std::to_string(pid) + ") " +
                          std::string(why));
}

std::string IsolatedRunner::reap_and_describe() {
  const pid_t pid = pid_;
  if (socket_ >= 0) ::close(std::exchange(socket_, -1));
  // The socket closed because the runner is ending; give it a moment to finish.
  const auto give_up = Clock::now() + std::chrono::milliseconds(200);
  while (!posix::has_ended(pid) && Clock::now() < give_up) {
    pollfd output{output_, POLLIN, 0};
    ::poll(&output, 1, 2);
    if (output.revents != 0) read_output(false);
  }
  kill_runner_tree();  // what the plugin started, and the runner if it lingers
  std::uint64_t peak = 0;
  const int status = reap(pid, peak);
  pid_ = -1;
  read_output(true);
  std::string fate = "its runner process (pid " + std::to_string(pid) + ") ";
  // The limit is on address space, which a runner never fills with resident memory
  // alone (libraries, thread stacks and malloc arenas are mapped, mostly not resident):
  // a runner that failed after half of it was resident was allocating without bound.
  const bool failed = WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
  if (failed && settings_.memory_limit > 0 && peak >= settings_.memory_limit / 2) {
    fate += "ran out of its memory limit (" + format_memory_size(settings_.memory_limit) +
            " of address space; it had " + std::to_string(peak >> 20) + " MiB resident) and " +
            describe_wait_status(status);
  } else {
    fate += describe_wait_status(status);
  }
  return with_last_output(std::move(fate));
}

void IsolatedRunner::post(const nlohmann::json &message) {
  if (socket_ >= 0) send(message, Clock::now() + cancel_grace);
}

void IsolatedRunner::begin_shutdown() noexcept {
  if (socket_ >= 0) ::close(std::exchange(socket_, -1));
}

void IsolatedRunner::finish_shutdown(Clock::time_point deadline) noexcept {
  if (pid_ <= 0) return;
  bool ended = posix::has_ended(pid_);
  while (!ended && Clock::now() < deadline) {
    pollfd output{output_, POLLIN, 0};
    ::poll(&output, 1, std::min(2, poll_timeout(deadline)));
    if (output.revents != 0) read_output(false);
    ended = posix::has_ended(pid_);
  }
  if (ended) {
    posix::signal_group(pid_, SIGKILL);  // it killed what was below it; what is left in its group
  } else {
    kill_runner_tree();
  }
  const int status = posix::reap(pid_);
  read_output(true);
  if (ended && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    logging::warn(settings_.log_subsystem, "plugin runner ended badly at shutdown",
                  {{"file", settings_.plugin_file.string()},
                   {"pid", std::to_string(pid_)},
                   {"error", describe_wait_status(status)}});
  }
  pid_ = -1;
}

}  // namespace joinery::plugins
