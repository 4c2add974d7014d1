// ssh-agent answers as a broken or hostile agent sends them, through the triton
// provider's readers of IDENTITIES_ANSWER and SIGN_RESPONSE (lengths past the end,
// counts larger than the keys, signatures of unknown types, ECDSA r and s that are
// not numbers). Every answer must give a key or signature, or an sdk::Error.
//
// Input: byte 0 bit 0 chooses the reader (0: identities, 1: signature); the rest is
// the answer after its message type.
#include <cstdint>
#include <string>

#include <joinery/sdk/status.hpp>

#include "ssh_agent.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const std::string answer(reinterpret_cast<const char *>(data + 1), size - 1);
  try {
    if ((data[0] & 1) == 0) {
      (void)joinery::triton::key_of_identities(answer, "SHA256:x", "fuzz.sock");
    } else {
      (void)joinery::triton::signature_of_answer(answer, "fuzz.sock");
    }
  } catch (const joinery::sdk::Error &) {
    // Not an agent's answer: the provider says so.
  }
  return 0;
}
