#include "plugins/plugin_trust.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <pwd.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>
#include <string_view>
#include <type_traits>

namespace joinery::plugins {
namespace {

namespace fs = std::filesystem;

// Symbolic links followed on one path before giving up (the kernel's own limit).
constexpr int max_links = 40;

std::string owner_name(uid_t uid) {
  struct passwd entry {};
  struct passwd *found = nullptr;
  std::array<char, 4096> buffer{};
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return std::string(" (") + found->pw_name + ")";
  }
  return {};
}

// The path as a word of a shell command: quoted only when it has to be.
std::string shell_word(const fs::path &path) {
  const std::string text = path.string();
  if (text.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:@,=") ==
      std::string::npos) {
    return text;
  }
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// What the check walks towards: a plugin directory, or a plugin file.
enum class Target { directory, file };

// Checks every directory the kernel passes through to reach `subject`, following
// symbolic links the way it does, and the subject itself. Each must be owned by root
// and not writable by group or others: else someone other than root could swap in
// the code a root process is about to run. A directory above the plugin's may be
// world-writable with the sticky bit (/tmp): then only root can rename what root
// owns in it. The directory that holds a plugin file (or a link to one), and a
// plugin directory itself, get no such pass: anyone could add files to them.
class OwnershipWalk {
 public:
  OwnershipWalk(fs::path subject, Target target) : subject_(std::move(subject)), target_(target) {}

  std::string run() {
    std::deque<std::string> pending;
    for (const fs::path &part : subject_.relative_path()) pending.push_back(part.string());
    current_ = "/";
    if (!stat_current()) return cannot_check(current_);
    if (std::string problem = check(current_, current_stat_, !pending.empty()); !problem.empty()) {
      return problem;
    }
    int links = 0;
    while (!pending.empty()) {
      const std::string name = pending.front();
      pending.pop_front();
      if (name.empty() || name == ".") continue;
      if (name == "..") {
        current_ = current_.parent_path();
        if (!stat_current()) return cannot_check(current_);
        continue;
      }
      const bool last = pending.empty();
      const fs::path next = current_ / name;
      struct stat info {};
      if (::lstat(next.c_str(), &info) != 0) return cannot_check(next);
      if (S_ISLNK(info.st_mode)) {
        if (last && target_ == Target::file) {
          if (std::string problem = check(current_, current_stat_, false); !problem.empty()) {
            return problem;
          }
        }
        if (++links > max_links) return "has too many levels of symbolic links";
        std::error_code error;
        const fs::path link = fs::read_symlink(next, error);
        if (error) return cannot_check(next);
        if (link.is_absolute()) current_ = "/";
        if (!stat_current()) return cannot_check(current_);
        std::deque<std::string> more;
        for (const fs::path &part : link.relative_path()) more.push_back(part.string());
        pending.insert(pending.begin(), more.begin(), more.end());
        continue;
      }
      if (last && target_ == Target::file) {
        if (!S_ISREG(info.st_mode)) return "is not a regular file";
        if (std::string problem = check(current_, current_stat_, false); !problem.empty()) {
          return problem;
        }
      } else if (!S_ISDIR(info.st_mode)) {
        const std::string what = describe(next);
        return (what.empty() ? "is" : what + " is") + " not a directory";
      }
      if (std::string problem = check(next, info, !last); !problem.empty()) return problem;
      current_ = next;
      current_stat_ = info;
    }
    return {};
  }

 private:
  bool stat_current() { return ::stat(current_.c_str(), &current_stat_) == 0; }

  // Empty for the subject itself; else "directory /x on its path", or "link target
  // /y" for the file a link to the plugin leads to.
  [[nodiscard]] std::string describe(const fs::path &path, bool is_directory = true) const {
    if (path == subject_) return {};
    return is_directory ? "directory " + path.string() + " on its path"
                        : "link target " + path.string();
  }

  [[nodiscard]] std::string cannot_check(const fs::path &path) const {
    const std::string what = describe(path);
    return (what.empty() ? "" : what + ": ") + "cannot be checked: " + std::strerror(errno);
  }

  // One file or directory: owned by root, not writable by group or others (unless
  // `sticky_allowed` and it is a sticky directory).
  [[nodiscard]] std::string check(const fs::path &path, const struct stat &info,
                                  bool sticky_allowed) const {
    const mode_t writable = info.st_mode & (S_IWGRP | S_IWOTH);
    const bool sticky_pass = sticky_allowed && S_ISDIR(info.st_mode) && (info.st_mode & S_ISVTX);
    const bool foreign_owner = info.st_uid != 0;
    const bool open_to_others = writable != 0 && !sticky_pass;
    if (!foreign_owner && !open_to_others) return {};

    const std::string what = describe(path, S_ISDIR(info.st_mode));
    std::string text = what.empty() ? "is " : what + " is ";
    std::string remedy;
    if (foreign_owner) {
      text +=
          "owned by uid " + std::to_string(info.st_uid) + owner_name(info.st_uid) + ", not root";
      remedy = "chown root " + shell_word(path);
    }
    if (open_to_others) {
      if (foreign_owner) text += ", and ";
      text += "writable by ";
      text += writable == (S_IWGRP | S_IWOTH) ? "group and others"
              : writable == S_IWGRP           ? "group"
                                              : "others";
      text += " (mode " + mode_text(info.st_mode) + ")";
      remedy += (remedy.empty() ? "" : " && ") + std::string("chmod go-w ") + shell_word(path);
    }
    return text +
           ": joinery runs as root and loads plugins only from files and directories no one but "
           "root can change; " +
           (foreign_owner ? "check what is in it, then " : "") + "run `" + remedy + "`";
  }

  fs::path subject_;
  Target target_;
  fs::path current_;
  struct stat current_stat_ {};
};

std::string pin_mismatch(const fs::path &file, const std::string &stem, const PinnedHash &pin,
                         const std::string &actual) {
  return "its SHA-256 is " + actual + ", but plugin_sha256 pins '" + stem + "' to " + pin.sha256 +
         (pin.origin.empty() ? "" : " (" + pin.origin + ")") +
         ": it is not the file the pin was made for; install the pinned file, or, if you trust "
         "this one, pin its hash (`sha256sum " +
         shell_word(file) + "`)";
}

// OpenSSL's digest functions, from libcrypto loaded on first use rather than linked:
// linked, libcrypto costs every run about 0.7 ms before main() (its relocations and
// its constructors; docs/benchmarks.md), and most runs pin no plugin file.
struct Digests {
  decltype(&EVP_MD_CTX_new) context_new = nullptr;
  decltype(&EVP_MD_CTX_free) context_free = nullptr;
  decltype(&EVP_sha256) sha256 = nullptr;
  decltype(&EVP_DigestInit_ex) init = nullptr;
  decltype(&EVP_DigestUpdate) update = nullptr;
  decltype(&EVP_DigestFinal_ex) final = nullptr;
  std::string error;  // why they could not be loaded; empty when they were

  // The process's one copy, loaded (or failed) on first use; thread-safe.
  static const Digests &get() {
    static const Digests digests = load();
    return digests;
  }

 private:
  static Digests load() {
#define JOINERY_TEXT(x) #x
#define JOINERY_SONAME(major) "libcrypto.so." JOINERY_TEXT(major)
    static constexpr const char *soname = JOINERY_SONAME(OPENSSL_VERSION_MAJOR);
#undef JOINERY_SONAME
#undef JOINERY_TEXT
    Digests out;
    void *library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);  // kept for the process's life
    if (library == nullptr) {
      const char *why = ::dlerror();
      out.error = std::string("cannot load OpenSSL (") + soname + "): " + (why ? why : "unknown");
      return out;
    }
    const auto find = [&](auto &function, const char *name) {
      function =
          reinterpret_cast<std::remove_reference_t<decltype(function)>>(::dlsym(library, name));
      if (function == nullptr && out.error.empty()) {
        out.error = std::string(soname) + " has no " + name;
      }
    };
    find(out.context_new, "EVP_MD_CTX_new");
    find(out.context_free, "EVP_MD_CTX_free");
    find(out.sha256, "EVP_sha256");
    find(out.init, "EVP_DigestInit_ex");
    find(out.update, "EVP_DigestUpdate");
    find(out.final, "EVP_DigestFinal_ex");
    return out;
  }
};

}  // namespace

ProcessPrivilege ProcessPrivilege::current() {
  return {::geteuid(), ::getauxval(AT_SECURE) != 0};
}

std::string environment_distrust(const TrustPolicy &policy, const ProcessPrivilege &privilege) {
  if (privilege.secure_execution) {
    return "joinery runs set-uid or set-gid, so its environment belongs to whoever started it "
           "(--allow-env-plugin-path does not change that)";
  }
  if (privilege.effective_uid == 0 && !policy.allow_environment) {
    return "joinery runs as root; pass --allow-env-plugin-path to use it";
  }
  return {};
}

std::string untrusted_directory(const fs::path &dir, const ProcessPrivilege &privilege) {
  if (privilege.effective_uid != 0) return {};
  return OwnershipWalk(fs::absolute(dir).lexically_normal(), Target::directory).run();
}

std::string untrusted_plugin_file(const fs::path &file, const TrustPolicy &policy,
                                  const ProcessPrivilege &privilege) {
  if (privilege.effective_uid == 0) {
    std::string problem = OwnershipWalk(fs::absolute(file).lexically_normal(), Target::file).run();
    if (!problem.empty()) return problem;
  }
  const std::string stem = file.stem().string();
  const auto pin = policy.sha256_pins.find(stem);
  if (pin == policy.sha256_pins.end()) return {};
  std::string error;
  const std::optional<std::string> actual = file_sha256(file, error);
  if (!actual) return "cannot be read to check its plugin_sha256 pin: " + error;
  if (*actual != pin->second.sha256) return pin_mismatch(file, stem, pin->second, *actual);
  return {};
}

std::optional<std::string> file_sha256(const fs::path &file, std::string &error) {
  const Digests &openssl = Digests::get();
  if (!openssl.error.empty()) {
    error = openssl.error;
    return std::nullopt;
  }
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  const auto free_context = [&](EVP_MD_CTX *context) { openssl.context_free(context); };
  std::unique_ptr<EVP_MD_CTX, decltype(free_context)> context(openssl.context_new(), free_context);
  bool ok = context != nullptr && openssl.init(context.get(), openssl.sha256(), nullptr) == 1;
  std::array<unsigned char, 1 << 16> buffer{};
  while (ok) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ok = false;
    } else if (n == 0) {
      break;
    } else {
      ok = openssl.update(context.get(), buffer.data(), static_cast<std::size_t>(n)) == 1;
    }
  }
  ::close(fd);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (ok) ok = openssl.final(context.get(), digest.data(), &length) == 1;
  if (!ok) {
    if (error.empty()) error = "OpenSSL could not compute the hash";
    return std::nullopt;
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 &&
         text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

}  // namespace joinery::plugins
