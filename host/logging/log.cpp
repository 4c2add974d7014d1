#include "logging/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <shared_mutex>

#include "logging/hclog_line.hpp"

#include <joinery/sdk/masked_text.hpp>

namespace joinery::logging {
namespace {

std::shared_ptr<spdlog::logger> make_logger() {
  auto logger = std::make_shared<spdlog::logger>("joinery",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);
  return logger;
}

// systemd sets JOURNAL_STREAM to "DEVICE:INODE" of the stream it connected to a
// service's stdout/stderr; only when stderr is still that stream (not redirected by
// a wrapper) does journald read the "<N>" prefixes joinery would write.
bool stderr_is_journal() {
  const char *stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) {
    return false;
  }
  const std::string_view text(stream);
  const std::size_t colon = text.find(':');
  unsigned long long device = 0;
  unsigned long long inode = 0;
  if (colon == std::string_view::npos ||
      std::from_chars(text.data(), text.data() + colon, device).ec != std::errc{} ||
      std::from_chars(text.data() + colon + 1, text.data() + text.size(), inode).ec !=
          std::errc{}) {
    return false;
  }
  struct stat status {};
  return fstat(STDERR_FILENO, &status) == 0 && status.st_dev == device && status.st_ino == inode;
}

struct State {
  std::shared_mutex mutex;
  std::vector<std::string> secrets;  // longest first, so a secret inside another is masked whole
  Level min_level = Level::info;
  bool json = false;
  bool journal = stderr_is_journal();  // stderr is journald's stream: lines carry a syslog priority
  std::shared_ptr<spdlog::logger> logger = make_logger();
  std::shared_ptr<const Forwarder> forwarder;  // set: lines go there instead
};

State &state() {
  static State s;
  return s;
}

// The syslog priority journald reads from a line's "<N>" prefix, so that
// `journalctl -p warning` selects joinery's warnings and errors.
std::string_view journal_priority(Level level) {
  switch (level) {
    case Level::error:
      return "<3>";
    case Level::warn:
      return "<4>";
    case Level::info:
      return "<6>";
    case Level::trace:
    case Level::debug:
    case Level::off:
      break;
  }
  return "<7>";
}

std::string redact_locked(const State &s, std::string_view text) {
  return sdk::mask_values(std::string(text), {s.secrets.begin(), s.secrets.end()});
}

}  // namespace

void configure(Level min_level, bool json) {
  State &s = state();
  std::unique_lock lock(s.mutex);
  s.min_level = min_level;
  s.json = json;
}

std::optional<Level> parse_level(std::string_view text) {
  static constexpr std::pair<std::string_view, Level> names[] = {
      {"trace", Level::trace}, {"debug", Level::debug}, {"info", Level::info},
      {"warn", Level::warn},   {"error", Level::error}, {"off", Level::off}};
  for (const auto &[name, level] : names) {
    if (text == name) {
      return level;
    }
  }
  return std::nullopt;
}

void add_secret(std::string_view value) {
  if (value.size() < sdk::min_masked_size) {
    return;
  }
  State &s = state();
  std::unique_lock lock(s.mutex);
  if (std::find(s.secrets.begin(), s.secrets.end(), value) != s.secrets.end()) {
    return;
  }
  s.secrets.emplace_back(value);
  std::sort(s.secrets.begin(), s.secrets.end(),
            [](const std::string &a, const std::string &b) { return a.size() > b.size(); });
}

std::string redact(std::string_view text) {
  State &s = state();
  std::shared_lock lock(s.mutex);
  return redact_locked(s, text);
}

void forward_lines(Forwarder forwarder) {
  State &s = state();
  std::unique_lock lock(s.mutex);
  s.forwarder = forwarder ? std::make_shared<const Forwarder>(std::move(forwarder)) : nullptr;
}

void write(Level level, std::string_view subsystem, std::string_view message,
           const std::vector<Field> &fields) {
  State &s = state();
  std::shared_lock lock(s.mutex);
  if (level < s.min_level || level == Level::off) {
    return;
  }
  if (s.forwarder) {
    const std::shared_ptr<const Forwarder> forwarder = s.forwarder;
    lock.unlock();
    (*forwarder)(level, subsystem, message, fields);
    return;
  }
  std::vector<Field> masked = fields;
  for (Field &field : masked) {
    field.value = redact_locked(s, field.value);
    for (std::string &item : field.items) {
      item = redact_locked(s, item);
    }
  }
  const Timestamp now = local_timestamp(std::chrono::system_clock::now());
  std::string line(s.journal ? journal_priority(level) : std::string_view{});
  line += s.json ? hclog_json_line(now, level, subsystem, redact_locked(s, message), masked)
                 : hclog_text_line(now, level, subsystem, redact_locked(s, message), masked);
  s.logger->info(line);
}

}  // namespace joinery::logging
