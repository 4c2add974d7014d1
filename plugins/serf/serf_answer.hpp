// Decodes what a Serf agent sends back on its RPC port, with no I/O: bytes go in as
// they arrive, whole answers come out. An answer is a header map {Seq, Error},
// followed for a join by a body map {Num}; msgpack has no length prefix, so the
// bytes of one answer may arrive in pieces, or several answers in one read.
// Keeping this apart from the socket lets the tests and the fuzzer drive it with
// plain bytes.
#pragma once

#include <msgpack.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace joinery::serf {

// The requests whose answers the backend reads; they decide whether a body follows
// the header.
enum class SerfCommand {
  handshake,  // answered by a header alone
  auth,       // answered by a header alone
  join,       // a header, then {Num} (even when Error is set)
};

// The request an answer is awaited for.
struct AwaitedAnswer {
  SerfCommand command = SerfCommand::handshake;
  std::uint64_t seq = 0;
};

// One whole answer whose Seq matched the request's.
struct SerfAnswer {
  std::string error;  // the agent's Error as it wrote it; empty = success
  // How many addresses a successful join reached (Serf's Num; a negative Num
  // counts as 0). Empty for handshake and auth, and when Error is set.
  std::optional<std::size_t> joined;
  // The agent answered with an error alone ("Handshake required",
  // "Authentication required", "Unsupported command") and left the request's body
  // unread on its side: the connection cannot carry another request.
  bool connection_spent = false;
};

// Not all of the answer arrived yet: feed more bytes and decode again.
struct NeedMoreBytes {};

// The bytes are not the answer awaited: not msgpack, not Serf's shape, the wrong
// Seq, or too large. The stream cannot be resynchronised after it: every later
// decode returns the same error.
struct MalformedAnswer {
  std::string reason;  // e.g. "the agent's answer is not a Serf RPC header (no Seq)"
};

using DecodedAnswer = std::variant<NeedMoreBytes, SerfAnswer, MalformedAnswer>;

// The answers on one connection, in order. Not thread-safe.
class SerfAnswerDecoder {
 public:
  SerfAnswerDecoder();

  // Appends bytes read from the agent.
  void feed(std::string_view bytes);

  // The answer to `awaited` once all of it was fed. After NeedMoreBytes, feed and
  // call again with the same `awaited`: a header already decoded is kept while its
  // body is awaited. Bytes after the answer stay for the next call.
  DecodedAnswer decode(const AwaitedAnswer &awaited);

 private:
  // The next whole msgpack value, nullopt when more bytes are needed. Records
  // failed_ when the bytes are not msgpack.
  std::optional<msgpack::object_handle> next_value();
  MalformedAnswer fail(std::string reason);

  msgpack::unpacker unpacker_;
  struct Header {
    std::uint64_t seq = 0;
    std::string error;
  };
  std::optional<Header> header_;  // decoded, its body still awaited
  std::optional<MalformedAnswer> failed_;
};

}  // namespace joinery::serf
