// Signing with a private key read from a file (PEM or PKCS#8: RSA, ECDSA or Ed25519),
// for hosts without an ssh-agent.
#pragma once

#include "http_signature.hpp"

#include <string>

namespace joinery::triton {

// Throws sdk::Error (unavailable) naming the file when it cannot be read, is in
// OpenSSH's own format, is encrypted or of another kind. Never quotes the key.
Signature sign_with_key_file(const std::string &path, const std::string &data);

}  // namespace joinery::triton
