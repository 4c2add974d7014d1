// The rule a root joinery applies to what it runs or obeys (plugin files, configuration
// files), sudo's for its plugins: every file and directory on the way to it owned by
// root and not writable by group or others, so that no one but root can change or swap
// it. Also who this process runs as, as far as that rule is concerned.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "problem/result.hpp"

namespace joinery::trust {

// Who this process runs as, as far as trust is concerned.
struct ProcessPrivilege {
  uid_t effective_uid = 0;
  bool secure_execution = false;  // set-uid/set-gid or file capabilities: AT_SECURE

  static ProcessPrivilege current();
};

// What the walk ends at: a directory (every entry of which is trusted alike), or a file.
enum class Target { directory, file };

// Why `subject` (the Problem's where) may be changed by someone other than root, or
// nothing when it may not.
// Every directory the kernel passes through to reach it, following symbolic links the
// way it does, and the subject itself, must be owned by root and not writable by group
// or others; a directory above the subject's may instead be world-writable with the
// sticky bit (/tmp), but not the directory holding a file or a link to it, nor a
// `Target::directory` subject itself. A file must be a regular file. The reason names
// the file or directory at fault, what is wrong with it and the command that fixes it,
// and says why: "joinery runs as root and <purpose> only from files and directories no
// one but root can change" (purpose: "loads plugins", "reads its configuration").
Result<> changeable_by_others(const std::filesystem::path &subject, Target target,
                              std::string_view purpose);

// Why this process must not run at all, or nothing: it was started set-uid or set-gid
// (real and effective user or group ids differ). Such a joinery would run whatever its
// caller's configuration, plugins and environment say with its owner's rights; dropping
// to the caller's ids instead would make it a joinery run as the caller, which the caller
// can run without the bit. Checked before anything is read.
Result<> set_id_refusal();

// The path as a word of a shell command: quoted only when it has to be.
std::string shell_word(const std::filesystem::path &path);

}  // namespace joinery::trust
