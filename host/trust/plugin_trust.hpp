// Whether a plugin file may be loaded, before any of its code runs: sudo's rule for
// its plugins when joinery runs as root (trust/root_only_path.hpp: every file and
// directory on the way to the plugin owned by root and not writable by group or
// others), and the SHA-256 pins of the configuration (plugin_sha256). Also whether the environment
// may say where plugins come from (JOINERY_PLUGIN_PATH, XDG_CACHE_HOME): not in a set-uid process,
// and as root only when the operator allowed it (--allow-env-plugin-path).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "problem/result.hpp"
#include "trust/root_only_path.hpp"

namespace joinery::plugins {

// One plugin_sha256 entry: the hash a plugin file must have, and where it was set.
struct PinnedHash {
  std::string sha256;  // 64 lowercase hex digits
  std::string origin;  // "a.toml:3:17", for messages
};

// File stem ("joinery-dns" for .../joinery-dns.so) -> its pinned hash. The stem,
// not a provider name: the hash must be checked before the file is loaded, and only
// loading tells which providers a file carries.
using Sha256Pins = std::map<std::string, PinnedHash, std::less<>>;

// What the operator configured about trusting plugins.
struct TrustPolicy {
  Sha256Pins sha256_pins;          // plugin_sha256
  bool allow_environment = false;  // --allow-env-plugin-path
};

using trust::ProcessPrivilege;

// Why the environment may not name plugin directories or the cache, or nothing when
// it may: never in a secure-execution (set-uid) process, whose environment belongs to
// whoever started it; as root only with `allow_environment`; always otherwise.
Result<> environment_distrust(const TrustPolicy &policy,
                              const ProcessPrivilege &privilege = ProcessPrivilege::current());

// Why `dir` may not hold plugins for a root process (it, or a directory above it, is
// writable by group or others, or owned by someone else); nothing when it may, and
// always nothing when the process is not root. The Problem's where is `dir`.
Result<> untrusted_directory(const std::filesystem::path &dir,
                             const ProcessPrivilege &privilege = ProcessPrivilege::current());

// Why `file` (absolute) may not be loaded: the ownership rule as root, then its pin;
// nothing when it may. The Problem's where is `file`; its reason names the file or
// directory at fault, what is wrong with it, and the command that fixes it.
Result<> untrusted_plugin_file(const std::filesystem::path &file, const TrustPolicy &policy,
                               const ProcessPrivilege &privilege = ProcessPrivilege::current());

// Larger plugin files are not hashed (their pin fails): the bundled ones are well
// under 10 MiB.
inline constexpr std::uintmax_t max_hashed_file_bytes = std::uintmax_t{1} << 30;

// The file's SHA-256 in lowercase hex; the Problem (where: the file) when it cannot be
// read, is not a regular file, or is larger than max_hashed_file_bytes.
Result<std::string> file_sha256(const std::filesystem::path &file);

// True for 64 hex digits (either case): the only form a pin may take.
bool is_sha256_hex(std::string_view text);

}  // namespace joinery::plugins
