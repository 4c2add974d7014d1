// The host's one rule that keeps secrets out of argv: any key a plugin declares secret
// also takes its value from a file (`KEY_file=PATH`) or an environment variable
// (`KEY_env=NAME`), unless the plugin declares that name itself (then the key is the
// plugin's own, e.g. the http provider's `bearer_token_file`, read at every attempt).
// The host reads the value when it prepares an entry or a backend, before the plugin
// sees the configuration, and hands the plugin `KEY=value`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "keys/key_spec.hpp"

namespace joinery::plugins {

// A secret file larger than this is refused: tokens and keys are small, and a file
// that does not end (/dev/zero) must not fill the memory.
inline constexpr std::size_t max_secret_file_bytes = 64 * 1024;

// A name the host reads a secret key's value from.
struct SecretSource {
  std::string name;        // "rpc_auth_file"
  std::string secret_key;  // "rpc_auth"
  bool from_file = false;  // else from an environment variable
};

// Every KEY_file and KEY_env that `keys` (a plugin's declared keys) gets from the host,
// in key order: what help and `joinery plugins` show beside each secret key.
std::vector<SecretSource> secret_sources(const std::vector<KeySpec> &keys);

// The key's description in help ("a file holding rpc_auth, read by joinery at start").
std::string secret_source_description(const SecretSource &source);

struct ResolvedKeys {
  KeyValues values;   // KEY_file / KEY_env replaced by KEY=value, in place
  Problems problems;  // one per source that could not be read, naming it (where: the caller's)
};

// `values` with every KEY_file and KEY_env replaced by the value read. A file is opened
// without blocking (a FIFO is refused, not waited for), must be a regular file of at most
// max_secret_file_bytes, and loses its final line break. An environment variable is
// removed from joinery's environment once read (withhold_environment_variables does it
// earlier), so no command or plugin runner inherits it; a second entry naming it gets the
// value read first. Giving a key
// and one of its sources, or both sources, is a problem. Problems never quote a value.
ResolvedKeys resolve_secret_sources(const std::vector<KeySpec> &keys, const KeyValues &values);

// Takes every variable that a `*_env` key among `values` names out of the environment
// now (the values are kept for resolve_secret_sources). Called with every configured
// entry and backend before any plugin is loaded, so that no plugin runner, started to
// load a plugin before its keys are known, inherits one either.
void withhold_environment_variables(const KeyValues &values);

// Registers (logging::add_secret) what may not be shown of `values`: the value of every
// secret key, of every key `keys` does not declare (most likely a misspelt secret), and
// the secret part of a URL's user information in any value. Returns the names of the
// keys whose values are masked whole, for discovery::format_masked.
std::vector<std::string> register_secrets(const std::vector<KeySpec> &keys,
                                          const KeyValues &values);

}  // namespace joinery::plugins
