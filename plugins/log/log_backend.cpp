// The `log` join backend: logs the addresses it is given and succeeds, joining
// nothing. For dry runs ("what would joinery join?") and for tests; with `record`
// set it also appends each attempt's addresses to a file, one attempt per line.
#include <joinery/plugin.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace {

using joinery::sdk::Call;
using joinery::sdk::Config;

class LogBackend final : public joinery::sdk::Backend {
 public:
  static constexpr joinery_key keys[] = {joinery::sdk::optional(
      "record", "", "a file to append each attempt's addresses to, one attempt per line")};
  static constexpr auto description =
      joinery::sdk::describe("log", "logs the addresses it is given and succeeds (a dry run)",
                             "backend = \"log\"\nrecord = \"/tmp/joins.txt\"   # optional", keys);

  LogBackend(const Config &config, const Call & /*call*/) : record_(config.get_or("record", "")) {}

  std::size_t join(const Call &call, std::string_view cluster,
                   const std::vector<std::string_view> &addresses) override {
    std::string line;
    for (std::string_view address : addresses) {
      line.append(line.empty() ? "" : " ").append(address);
    }
    call.info(std::string("would join ").append(cluster).append(": ").append(line));
    if (!record_.empty()) {
      append_record(std::string(cluster).append(" ").append(line).append("\n"));
    }
    return addresses.size();
  }

 private:
  [[noreturn]] void refuse(const std::string &why) const {
    throw joinery::sdk::Error(joinery::sdk::Status::unavailable,
                              "record: cannot append to " + record_ + ": " + why);
  }

  // Appends `text` to the record file. joinery often runs as root, and the file may sit
  // in a directory others can write (/tmp): a symbolic link there (O_NOFOLLOW) or a FIFO
  // or device (O_NONBLOCK, then not a regular file) would make root write somewhere
  // else, or block the attempt for ever.
  void append_record(const std::string &text) const {
    const int fd = ::open(
        record_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
    if (fd < 0) {
      const int error = errno;
      refuse(error == ELOOP ? std::string("it is a symbolic link") : std::strerror(error));
    }
    const std::string problem = untrusted(fd);
    if (problem.empty()) {
      std::size_t written = 0;
      while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          const int error = n < 0 ? errno : EIO;
          ::close(fd);
          refuse(std::strerror(error));
        }
        written += static_cast<std::size_t>(n);
      }
    }
    if (::close(fd) != 0 && problem.empty()) refuse(std::strerror(errno));
    if (!problem.empty()) refuse(problem);
  }

  // Why the open file is not one to append to, or "". As root, the host's trust rule for
  // plugins where it applies to a file written, not run: a file another (non-root) user
  // owns in a sticky directory is theirs to point anywhere, as fs.protected_regular has it.
  [[nodiscard]] std::string untrusted(int fd) const {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return std::strerror(errno);
    if (!S_ISREG(info.st_mode)) return "not a regular file";
    if (::geteuid() != 0 || info.st_uid == 0) return {};
    const auto slash = record_.rfind('/');
    const std::string dir = slash == std::string::npos ? "."
                            : slash == 0               ? "/"
                                                       : record_.substr(0, slash);
    struct stat parent {};
    if (::stat(dir.c_str(), &parent) != 0)
      return "cannot check " + dir + ": " + std::strerror(errno);
    if ((parent.st_mode & S_ISVTX) != 0 && parent.st_uid != info.st_uid) {
      return "owned by uid " + std::to_string(info.st_uid) +
             ", not root, in the sticky directory " + dir;
    }
    return {};
  }

  std::string record_;
};

}  // namespace

JOINERY_PLUGIN("org.joinery.log", "1.0.0", joinery::sdk::Providers<>,
               joinery::sdk::Backends<LogBackend>);
