// The serf backend's decoder of a Serf agent's answers, fed the bytes an agent
// would send (written with msgpack, as the agent writes them).
#include <gtest/gtest.h>
#include <msgpack.hpp>

#include <string>
#include <string_view>
#include <variant>

#include "serf_answer.hpp"

namespace joinery::serf {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

// Appends msgpack values to a byte string, the way the agent writes its answers.
class AgentBytes {
 public:
  AgentBytes &header(std::uint64_t seq, std::string_view error = {}) {
    return header_with_error_value(seq, std::string(error));
  }
  // A header whose Error is any value, e.g. msgpack::type::nil_t or a number.
  template <class Error>
  AgentBytes &header_with_error_value(std::uint64_t seq, const Error &error) {
    packer_.pack_map(2);
    text("Seq");
    packer_.pack_uint64(seq);
    text("Error");
    packer_.pack(error);
    return *this;
  }
  // A map of one entry, e.g. a header or body with a field of the wrong type.
  template <class Value>
  AgentBytes &single_entry_map(std::string_view key, const Value &value) {
    packer_.pack_map(1);
    text(key);
    packer_.pack(value);
    return *this;
  }
  AgentBytes &join_body(std::int64_t num) {
    packer_.pack_map(1);
    text("Num");
    packer_.pack_int64(num);
    return *this;
  }
  // Any value: `write` gets the packer.
  template <class Write>
  AgentBytes &value(Write &&write) {
    write(packer_);
    return *this;
  }
  AgentBytes &text(std::string_view text) {
    packer_.pack_str(static_cast<std::uint32_t>(text.size()));
    packer_.pack_str_body(text.data(), static_cast<std::uint32_t>(text.size()));
    return *this;
  }
  [[nodiscard]] std::string bytes() const { return {buffer_.data(), buffer_.size()}; }

 private:
  msgpack::sbuffer buffer_;
  Packer packer_{buffer_};
};

const AwaitedAnswer handshake{SerfCommand::handshake, 0};
const AwaitedAnswer auth{SerfCommand::auth, 1};
const AwaitedAnswer join{SerfCommand::join, 2};

// Feeds all of `bytes` and decodes the answer to `awaited`.
DecodedAnswer decode_all(std::string_view bytes, const AwaitedAnswer &awaited) {
  SerfAnswerDecoder decoder;
  decoder.feed(bytes);
  return decoder.decode(awaited);
}

SerfAnswer answer_of(const DecodedAnswer &decoded) {
  if (const auto *malformed = std::get_if<MalformedAnswer>(&decoded)) {
    ADD_FAILURE() << "malformed: " << malformed->reason;
  } else if (std::holds_alternative<NeedMoreBytes>(decoded)) {
    ADD_FAILURE() << "needs more bytes";
  } else {
    return std::get<SerfAnswer>(decoded);
  }
  return {};
}

std::string reason_of(const DecodedAnswer &decoded) {
  if (const auto *malformed = std::get_if<MalformedAnswer>(&decoded)) return malformed->reason;
  ADD_FAILURE() << "not a MalformedAnswer";
  return {};
}

bool needs_more(const DecodedAnswer &decoded) {
  return std::holds_alternative<NeedMoreBytes>(decoded);
}

TEST(SerfAnswerDecoder, DecodesASuccessfulHandshakeFromAHeaderAlone) {
  const SerfAnswer answer = answer_of(decode_all(AgentBytes().header(0).bytes(), handshake));
  EXPECT_EQ(answer.error, "");
  EXPECT_FALSE(answer.joined.has_value());
  EXPECT_FALSE(answer.connection_spent);
}

TEST(SerfAnswerDecoder, DecodesHowManyAJoinReached) {
  const SerfAnswer answer =
      answer_of(decode_all(AgentBytes().header(2).join_body(3).bytes(), join));
  EXPECT_EQ(answer.error, "");
  EXPECT_EQ(answer.joined, 3u);
}

TEST(SerfAnswerDecoder, CountsANegativeNumAsNoneJoined) {
  EXPECT_EQ(answer_of(decode_all(AgentBytes().header(2).join_body(-1).bytes(), join)).joined, 0u);
}

TEST(SerfAnswerDecoder, TakesANilErrorAsSuccess) {
  const std::string bytes = AgentBytes().header_with_error_value(0, msgpack::type::nil_t()).bytes();
  EXPECT_EQ(answer_of(decode_all(bytes, handshake)).error, "");
}

TEST(SerfAnswerDecoder, GivesTheAgentsErrorFromTheHeaderVerbatim) {
  const SerfAnswer answer =
      answer_of(decode_all(AgentBytes().header(1, "Invalid authentication token").bytes(), auth));
  EXPECT_EQ(answer.error, "Invalid authentication token");
  EXPECT_FALSE(answer.connection_spent) << "a wrong key leaves the connection open";
}

TEST(SerfAnswerDecoder, ReadsAFailedJoinsBodyButDoesNotCountIt) {
  const std::string error = "1 error occurred:\n\t* Failed to join 10.0.0.1: refused\n\n";
  SerfAnswerDecoder decoder;
  decoder.feed(AgentBytes().header(2, error).bytes());
  EXPECT_TRUE(needs_more(decoder.decode(join))) << "the body {Num} follows even on an error";
  decoder.feed(AgentBytes().join_body(0).bytes());
  const SerfAnswer answer = answer_of(decoder.decode(join));
  EXPECT_EQ(answer.error, error);
  EXPECT_FALSE(answer.joined.has_value());
  EXPECT_FALSE(answer.connection_spent);
}

TEST(SerfAnswerDecoder, EndsAJoinAnswerAtAHeaderAloneErrorAndSpendsTheConnection) {
  for (const char *error :
       {"Handshake required", "Authentication required", "Unsupported command"}) {
    const SerfAnswer answer = answer_of(decode_all(AgentBytes().header(2, error).bytes(), join));
    EXPECT_EQ(answer.error, error);
    EXPECT_TRUE(answer.connection_spent) << error;
  }
}

TEST(SerfAnswerDecoder, DecodesAnAnswerSplitAcrossManyReads) {
  const std::string bytes = AgentBytes().header(2).join_body(5).bytes();
  SerfAnswerDecoder decoder;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    decoder.feed(bytes.substr(i, 1));
    ASSERT_TRUE(needs_more(decoder.decode(join))) << "after " << i + 1 << " bytes";
  }
  decoder.feed(bytes.substr(bytes.size() - 1));
  EXPECT_EQ(answer_of(decoder.decode(join)).joined, 5u);
}

TEST(SerfAnswerDecoder, KeepsBytesAfterAnAnswerForTheNext) {
  SerfAnswerDecoder decoder;
  decoder.feed(AgentBytes().header(0).header(1).header(2).join_body(1).bytes());
  EXPECT_EQ(answer_of(decoder.decode(handshake)).error, "");
  EXPECT_EQ(answer_of(decoder.decode(auth)).error, "");
  EXPECT_EQ(answer_of(decoder.decode(join)).joined, 1u);
  EXPECT_TRUE(needs_more(decoder.decode({SerfCommand::join, 3})));
}

TEST(SerfAnswerDecoder, NeedsMoreBytesForATruncatedAnswer) {
  const std::string bytes = AgentBytes().header(0, "Unsupported IPC version").bytes();
  EXPECT_TRUE(needs_more(decode_all({}, handshake)));
  EXPECT_TRUE(
      needs_more(decode_all(std::string_view(bytes).substr(0, bytes.size() - 3), handshake)));
}

TEST(SerfAnswerDecoder, RejectsAWrongSeq) {
  EXPECT_EQ(reason_of(decode_all(AgentBytes().header(7).join_body(1).bytes(), join)),
            "the agent's answer is not a Serf RPC answer (wrong Seq)");
}

TEST(SerfAnswerDecoder, RejectsBytesThatAreNotMsgpack) {
  // 0xc1 is the one byte msgpack never uses.
  const std::string reason = reason_of(decode_all("\xc1garbage", handshake));
  EXPECT_EQ(reason.rfind("the agent's answer is not msgpack: ", 0), 0u) << reason;
}

TEST(SerfAnswerDecoder, RejectsAnHttpReplyAsNoSerfHeader) {
  // 'H' happens to be a msgpack integer: valid msgpack, but no header map.
  EXPECT_EQ(reason_of(decode_all("HTTP/1.0 400 Bad Request\r\n\r\n", handshake)),
            "the agent's answer is not a Serf RPC header");
}

TEST(SerfAnswerDecoder, RejectsAHeaderWithoutSeqOrWithSeqOfTheWrongType) {
  const std::string no_seq = AgentBytes().single_entry_map("Error", "").bytes();
  const std::string text_seq = AgentBytes().single_entry_map("Seq", "0").bytes();
  EXPECT_EQ(reason_of(decode_all(no_seq, handshake)),
            "the agent's answer is not a Serf RPC header (no Seq)");
  EXPECT_EQ(reason_of(decode_all(text_seq, handshake)),
            "the agent's answer is not a Serf RPC header (no Seq)");
}

TEST(SerfAnswerDecoder, RejectsAnErrorThatIsNotAString) {
  const std::string bytes = AgentBytes().header_with_error_value(0, 42).bytes();
  EXPECT_EQ(reason_of(decode_all(bytes, handshake)),
            "the agent's answer is not a Serf RPC header (Error is not a string)");
}

TEST(SerfAnswerDecoder, RejectsAJoinBodyWithoutANumericNum) {
  const std::string text_num = AgentBytes().header(2).single_entry_map("Num", "3").bytes();
  const std::string array_body =
      AgentBytes().header(2).value([](Packer &packer) { packer.pack_array(0); }).bytes();
  EXPECT_EQ(reason_of(decode_all(text_num, join)),
            "the agent's answer is not a Serf RPC join answer (no Num)");
  EXPECT_EQ(reason_of(decode_all(array_body, join)),
            "the agent's answer is not a Serf RPC join answer (no Num)");
}

TEST(SerfAnswerDecoder, RejectsAContainerAnnouncingMoreElementsThanAnyAnswerHas) {
  // An array32 header claiming four billion elements, and nothing behind it.
  const std::string reason = reason_of(decode_all("\xdd\xff\xff\xff\xff", handshake));
  EXPECT_EQ(reason.rfind("the agent's answer is not msgpack: ", 0), 0u) << reason;
}

TEST(SerfAnswerDecoder, RejectsAnAnswerLargerThanAnySerfAnswer) {
  // A header map whose five strings of 1 MiB each stay within every per-value limit.
  const std::string megabyte(1024 * 1024, 'x');
  SerfAnswerDecoder decoder;
  decoder.feed(AgentBytes().value([](Packer &packer) { packer.pack_map(5); }).bytes());
  for (int i = 0; i < 5; ++i) {
    decoder.feed(AgentBytes().text("Key" + std::to_string(i)).text(megabyte).bytes());
  }
  EXPECT_EQ(reason_of(decoder.decode(handshake)),
            "the agent's answer is larger than 4194304 bytes, far more than any Serf RPC answer");
}

TEST(SerfAnswerDecoder, StaysMalformedOnceTheStreamIsOutOfStep) {
  SerfAnswerDecoder decoder;
  decoder.feed(AgentBytes().header(9).bytes());
  const std::string reason = reason_of(decoder.decode(handshake));
  decoder.feed(AgentBytes().header(0).bytes());
  EXPECT_EQ(reason_of(decoder.decode(handshake)), reason) << "a later well-formed header";
}

}  // namespace
}  // namespace joinery::serf
