// What a broken or malicious Serf agent may answer: the serf backend's answer
// decoder reads the input's bytes as the agent's whole side of the conversation
// (handshake, optional auth, join) the way the session does, and must turn every
// input into answers, "need more bytes" or a MalformedAnswer, never crash or hang.
//
// The same bytes are decoded twice, all fed at once and fed in small pieces as a
// socket may deliver them; both must read the same conversation, since where the
// reads split the stream must not change what it means.
//
// Input: one byte of flags (bit 0: authenticate; bits 2-7: the piece size minus
// one, so 0 feeds byte by byte), then the agent's bytes: msgpack headers and
// bodies for the handshake, the auth and the join.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "serf_answer.hpp"

namespace joinery::serf {
namespace {

// Far above any Serf answer the fuzzer needs, far below the decoder's size limit,
// which is checked per feed and so may trip at different pieces.
constexpr std::size_t max_input = 64 * 1024;

// Checks what the decoder promises about a whole answer.
void check(const AwaitedAnswer &awaited, const SerfAnswer &answer) {
  const bool counted = awaited.command == SerfCommand::join && answer.error.empty();
  if (answer.joined.has_value() != counted || (answer.connection_spent && answer.error.empty())) {
    std::fprintf(stderr, "inconsistent answer: error \"%s\", joined %d, spent %d\n",
                 answer.error.c_str(), answer.joined.has_value() ? 1 : 0,
                 answer.connection_spent ? 1 : 0);
    std::abort();
  }
}

// What the session would read from `agent`, fed `piece` bytes at a time (0: all at
// once): one line per answer, ending at the first error, malformed answer, or the
// end of the bytes.
std::vector<std::string> conversation(std::string_view agent, bool authenticate,
                                      std::size_t piece) {
  SerfAnswerDecoder decoder;
  std::vector<SerfCommand> commands{SerfCommand::handshake};
  if (authenticate) commands.push_back(SerfCommand::auth);
  commands.push_back(SerfCommand::join);

  std::vector<std::string> lines;
  std::uint64_t seq = 0;
  for (const SerfCommand command : commands) {
    const AwaitedAnswer awaited{command, seq++};
    DecodedAnswer decoded = decoder.decode(awaited);
    while (std::holds_alternative<NeedMoreBytes>(decoded) && !agent.empty()) {
      const std::size_t size = piece == 0 ? agent.size() : std::min(piece, agent.size());
      decoder.feed(agent.substr(0, size));
      agent.remove_prefix(size);
      decoded = decoder.decode(awaited);
    }
    if (std::holds_alternative<NeedMoreBytes>(decoded)) {
      lines.emplace_back("need more bytes");
      break;
    }
    if (const auto *malformed = std::get_if<MalformedAnswer>(&decoded)) {
      if (malformed->reason.empty()) std::abort();
      lines.push_back("malformed: " + malformed->reason);
      break;
    }
    const SerfAnswer &answer = std::get<SerfAnswer>(decoded);
    check(awaited, answer);
    lines.push_back("error \"" + answer.error + "\" joined " +
                    (answer.joined ? std::to_string(*answer.joined) : "-") +
                    (answer.connection_spent ? " spent" : ""));
    if (!answer.error.empty()) break;
  }
  return lines;
}

}  // namespace
}  // namespace joinery::serf

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0 || size > joinery::serf::max_input) return 0;
  const std::uint8_t flags = data[0];
  const std::string_view agent(reinterpret_cast<const char *>(data + 1), size - 1);
  const bool authenticate = (flags & 1) != 0;
  const std::size_t piece = static_cast<std::size_t>(flags >> 2) + 1;

  const auto whole = joinery::serf::conversation(agent, authenticate, 0);
  const auto pieces = joinery::serf::conversation(agent, authenticate, piece);
  if (whole != pieces) {
    std::fprintf(stderr, "fed at once and in %zu-byte pieces, the answers differ:\n", piece);
    for (const auto &line : whole) std::fprintf(stderr, "  at once:   %s\n", line.c_str());
    for (const auto &line : pieces) std::fprintf(stderr, "  in pieces: %s\n", line.c_str());
    std::abort();
  }
  return 0;
}
