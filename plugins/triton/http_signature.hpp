// A signature as the HTTP Signature scheme of Triton's CloudAPI carries it: the
// algorithm's name and the signature bytes, made by the ssh-agent or from a key file.
#pragma once

#include <string>

namespace joinery::triton {

struct Signature {
  std::string algorithm;  // "rsa-sha256", "ecdsa-sha256", "ed25519-sha512"
  std::string bytes;      // PKCS #1 v1.5, DER (r, s) for ECDSA, or raw Ed25519
};

}  // namespace joinery::triton
