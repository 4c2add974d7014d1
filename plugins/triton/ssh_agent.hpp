// A client of the running ssh-agent (OpenSSH's agent protocol over its unix socket,
// draft-miller-ssh-agent): the key whose fingerprint is key_id, and a signature of
// data with it. The private key never leaves the agent.
#pragma once

#include <joinery/plugin.hpp>
#include "http_signature.hpp"

#include <chrono>
#include <string>

namespace joinery::triton {

// `key_id` as its MD5 (aa:bb:..., optionally "MD5:"-prefixed) or SHA256:base64
// fingerprint; the agent at `socket_path` signs `data` with that key (RSA with
// SHA-256). Every read and write waits at most `timeout`, and ends at once when
// `interruption` cancels the call (an agent that hangs mid-exchange included).
// Throws sdk::Error: unavailable naming the socket (no agent, no such key, a refusal,
// no answer in time), cancelled when the call was.
Signature sign_with_agent(const std::string &socket_path, const std::string &key_id,
                          const std::string &data, std::chrono::milliseconds timeout,
                          const sdk::CallBounds &interruption);

// The parts of the agent's answers (after the message type), as sign_with_agent
// reads them; each throws sdk::Error (unavailable) for a malformed answer.
// The public key blob of IDENTITIES_ANSWER whose fingerprint is key_id.
std::string key_of_identities(const std::string &answer, const std::string &key_id,
                              const std::string &socket_path);
// The signature of SIGN_RESPONSE in the form HTTP Signatures carry.
Signature signature_of_answer(const std::string &answer, const std::string &socket_path);

// The fingerprints of an SSH public key blob.
std::string md5_fingerprint(const std::string &blob);     // "aa:bb:..."
std::string sha256_fingerprint(const std::string &blob);  // "SHA256:base64 without padding"

}  // namespace joinery::triton
