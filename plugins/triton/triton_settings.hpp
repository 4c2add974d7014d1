// The triton provider's keys: go-discover's, each falling back on the triton CLI's
// TRITON_* (or older SDC_*) variable, plus key_file for hosts without an ssh-agent.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::triton {

inline constexpr joinery_key triton_keys[] = {
    sdk::optional("account", "", "the Triton account (login); default $TRITON_ACCOUNT"),
    sdk::optional("key_id", "",
                  "the key's fingerprint (MD5 aa:bb:... or SHA256:...); default $TRITON_KEY_ID"),
    sdk::optional("url", "",
                  "the CloudAPI URL (https://us-east-1.api.joyent.com); default "
                  "$TRITON_URL"),
    sdk::optional("tag_key", "", "only machines with this tag; empty: every machine"),
    sdk::optional("tag_value", "", "the value tag_key must have"),
    sdk::optional("key_file", "",
                  "a private key file (PEM or PKCS#8) to sign with instead of the ssh-agent; "
                  "default $TRITON_KEY_MATERIAL"),
};

struct TritonSettings {
  std::string account;
  std::string key_id;
  std::string url;  // without a trailing slash
  std::string tag_key;
  std::string tag_value;
  std::string key_file;      // empty: sign through the agent at agent_socket
  std::string agent_socket;  // $SSH_AUTH_SOCK
};

// Throws sdk::Error(invalid_config) for a missing account, key_id or url, a bad url,
// or neither a key_file nor $SSH_AUTH_SOCK.
TritonSettings read_triton_settings(const sdk::Config &config,
                                    const cloud::Environment &environment);

}  // namespace joinery::triton
