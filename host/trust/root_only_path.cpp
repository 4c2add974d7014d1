#include "trust/root_only_path.hpp"

#include <pwd.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <utility>

namespace joinery::trust {
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

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Checks every directory the kernel passes through to reach `subject`, following
// symbolic links the way it does, and the subject itself. Each must be owned by root
// and not writable by group or others: else someone other than root could swap in
// what a root process is about to run or obey. A directory above the subject's may be
// world-writable with the sticky bit (/tmp): then only root can rename what root
// owns in it. The directory that holds a file (or a link to one), and a subject
// directory itself, get no such pass: anyone could add files to them.
class OwnershipWalk {
 public:
  OwnershipWalk(fs::path subject, Target target, std::string_view purpose)
      : subject_(std::move(subject)), target_(target), purpose_(purpose) {}

  Result<> run() {
    std::deque<std::string> pending;
    for (const fs::path &part : subject_.relative_path()) pending.push_back(part.string());
    current_ = "/";
    if (!stat_current()) return cannot_check(current_);
    if (Result<> checked = check(current_, current_stat_, !pending.empty()); !checked) {
      return checked;
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
          if (Result<> checked = check(current_, current_stat_, false); !checked) return checked;
        }
        if (++links > max_links) return refuse("has too many levels of symbolic links");
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
        if (!S_ISREG(info.st_mode)) return refuse("is not a regular file");
        if (Result<> checked = check(current_, current_stat_, false); !checked) return checked;
      } else if (!S_ISDIR(info.st_mode)) {
        const std::string what = describe(next);
        return refuse((what.empty() ? "is" : what + " is") + " not a directory");
      }
      if (Result<> checked = check(next, info, !last); !checked) return checked;
      current_ = next;
      current_stat_ = info;
    }
    return {};
  }

 private:
  bool stat_current() { return ::stat(current_.c_str(), &current_stat_) == 0; }

  // The subject is where the operator looks, whichever file or directory on its way is
  // at fault (`what` names that one).
  [[nodiscard]] tl::unexpected<Problem> refuse(std::string what, std::string remedy = {}) const {
    return failure({std::move(what), subject_.string(), std::move(remedy)});
  }

  // Empty for the subject itself; else "directory /x on its path", or "link target
  // /y" for the file a link to the plugin leads to.
  [[nodiscard]] std::string describe(const fs::path &path, bool is_directory = true) const {
    if (path == subject_) return {};
    return is_directory ? "directory " + path.string() + " on its path"
                        : "link target " + path.string();
  }

  [[nodiscard]] tl::unexpected<Problem> cannot_check(const fs::path &path) const {
    const std::string what = describe(path);
    return refuse((what.empty() ? "" : what + ": ") + "cannot be checked: " + std::strerror(errno));
  }

  // One file or directory: owned by root, not writable by group or others (unless
  // `sticky_allowed` and it is a sticky directory).
  [[nodiscard]] Result<> check(const fs::path &path, const struct stat &info,
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
    return refuse(
        text + ": joinery runs as root and " + std::string(purpose_) +
            " only from files and directories no one but root can change",
        (foreign_owner ? "check what is in it, then " : "") + std::string("run `") + remedy + "`");
  }

  fs::path subject_;
  Target target_;
  std::string_view purpose_;
  fs::path current_;
  struct stat current_stat_ {};
};

}  // namespace

ProcessPrivilege ProcessPrivilege::current() {
  return {::geteuid(), ::getauxval(AT_SECURE) != 0};
}

Result<> set_id_refusal() {
  const uid_t uid = ::getuid();
  const uid_t euid = ::geteuid();
  const gid_t gid = ::getgid();
  const gid_t egid = ::getegid();
  if (uid == euid && gid == egid) return {};
  const std::string ids =
      uid != euid ? "real uid " + std::to_string(uid) + ", effective uid " + std::to_string(euid)
                  : "real gid " + std::to_string(gid) + ", effective gid " + std::to_string(egid);
  return failure({"refusing to run set-uid or set-gid (" + ids +
                      "): it would run the caller's configuration, plugins and commands with its "
                      "owner's rights",
                  "",
                  "remove the bits (`chmod u-s,g-s` on the executable) and run it as the user "
                  "it should run as (a systemd unit, sudo)"});
}

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

Result<> changeable_by_others(const fs::path &subject, Target target, std::string_view purpose) {
  return OwnershipWalk(fs::absolute(subject).lexically_normal(), target, purpose).run();
}

}  // namespace joinery::trust
