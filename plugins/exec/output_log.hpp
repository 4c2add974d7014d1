// What of a command's output one call logs: its first lines, up to output_log_lines
// lines and output_log_bytes bytes per stream, then one line counting the rest. A
// command that writes 300,000 lines to stderr must not write 300,000 log lines per
// attempt; what it said last is in the failure message anyway (SubprocessResult's tail).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace joinery::exec {

inline constexpr std::size_t output_log_lines = 200;
inline constexpr std::size_t output_log_bytes = 32 * 1024;

class OutputLog {
 public:
  // `prefix` starts every line ("command stderr: "); `log` writes one at the level the
  // stream is logged at.
  OutputLog(std::string prefix, std::function<void(std::string)> log)
      : prefix_(std::move(prefix)), log_(std::move(log)) {}

  // One line of the stream: logged while the stream's share lasts, counted after.
  void line(std::string_view text) {
    if (left_out_lines_ == 0 && logged_lines_ < output_log_lines &&
        logged_bytes_ + text.size() <= output_log_bytes) {
      ++logged_lines_;
      logged_bytes_ += text.size();
      log_(std::string(prefix_).append(text));
      return;
    }
    ++left_out_lines_;
    left_out_bytes_ += text.size();
  }

  // At the end of the call: one line saying how much was not logged, if anything.
  void finish() {
    if (left_out_lines_ == 0) return;
    log_(prefix_ + std::to_string(left_out_lines_) + " more " +
         (left_out_lines_ == 1 ? "line" : "lines") + " (" + std::to_string(left_out_bytes_) +
         " bytes) not logged: at most " + std::to_string(output_log_lines) + " lines and " +
         std::to_string(output_log_bytes / 1024) + " KiB of each stream are logged per call");
  }

 private:
  std::string prefix_;
  std::function<void(std::string)> log_;
  std::size_t logged_lines_ = 0;
  std::size_t logged_bytes_ = 0;
  std::size_t left_out_lines_ = 0;
  std::size_t left_out_bytes_ = 0;
};

}  // namespace joinery::exec
