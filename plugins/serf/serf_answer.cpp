#include "serf_answer.hpp"

#include <cstring>
#include <exception>
#include <utility>

namespace joinery::serf {
namespace {

// What one answer of an agent may hold. Serf's answers are a header {Seq, Error} and
// a small body; the longest part is an error listing every address that failed. The
// limits keep a broken or hostile agent from making us allocate what it claims (an
// array header alone can announce four billion elements) or stream without end.
constexpr std::size_t max_answer_bytes = 4 * 1024 * 1024;
constexpr std::size_t max_string_bytes = 1024 * 1024;
constexpr std::size_t max_elements = 4096;
constexpr std::size_t max_depth = 32;

// msgpack's own default (private to its unpacker): strings point into the buffer.
// The decoded values live only until their fields are copied out.
bool refer_to_buffer(msgpack::type::object_type, std::size_t, void *) {
  return true;
}

msgpack::unpack_limit answer_limits() {
  return {max_elements,     max_elements,     max_string_bytes,
          max_string_bytes, max_string_bytes, max_depth};
}

std::string not_serf(std::string_view what) {
  return "the agent's answer is not a Serf RPC " + std::string(what);
}

// The value of the map entry `name` (Serf's keys are strings; some clients write
// them as bin), or nullptr.
const msgpack::object *field(const msgpack::object &map, std::string_view name) {
  if (map.type != msgpack::type::MAP) {
    return nullptr;
  }
  for (std::uint32_t i = 0; i < map.via.map.size; ++i) {
    const msgpack::object_kv &kv = map.via.map.ptr[i];
    if ((kv.key.type == msgpack::type::STR || kv.key.type == msgpack::type::BIN) &&
        std::string_view(kv.key.via.str.ptr, kv.key.via.str.size) == name) {
      return &kv.val;
    }
  }
  return nullptr;
}

// Errors the agent answers with a header alone (no body follows), after which the
// request's body is left unread on the agent's side.
bool header_only_error(std::string_view error) {
  return error == "Handshake required" || error == "Authentication required" ||
         error == "Unsupported command";
}

}  // namespace

SerfAnswerDecoder::SerfAnswerDecoder()
    : unpacker_(&refer_to_buffer, nullptr, MSGPACK_UNPACKER_INIT_BUFFER_SIZE, answer_limits()) {}

void SerfAnswerDecoder::feed(std::string_view bytes) {
  if (failed_ || bytes.empty()) {
    return;
  }
  unpacker_.reserve_buffer(bytes.size());
  std::memcpy(unpacker_.buffer(), bytes.data(), bytes.size());
  unpacker_.buffer_consumed(bytes.size());
  if (unpacker_.message_size() > max_answer_bytes) {
    fail("the agent's answer is larger than " + std::to_string(max_answer_bytes) +
         " bytes, far more than any Serf RPC answer");
  }
}

MalformedAnswer SerfAnswerDecoder::fail(std::string reason) {
  failed_ = MalformedAnswer{std::move(reason)};
  return *failed_;
}

std::optional<msgpack::object_handle> SerfAnswerDecoder::next_value() {
  msgpack::object_handle value;
  try {
    if (unpacker_.next(value)) {
      return value;
    }
  } catch (const std::exception &error) {
    fail(std::string("the agent's answer is not msgpack: ") + error.what());
  }
  return std::nullopt;
}

DecodedAnswer SerfAnswerDecoder::decode(const AwaitedAnswer &awaited) {
  if (failed_) {
    return *failed_;
  }
  if (!header_) {
    std::optional<msgpack::object_handle> value = next_value();
    if (failed_) return *failed_;
    if (!value) return NeedMoreBytes{};
    const msgpack::object &message = value->get();
    if (message.type != msgpack::type::MAP) {
      return fail(not_serf("header"));
    }
    const msgpack::object *seq = field(message, "Seq");
    if (seq == nullptr || seq->type != msgpack::type::POSITIVE_INTEGER) {
      return fail(not_serf("header (no Seq)"));
    }
    Header header{seq->via.u64, {}};
    if (const msgpack::object *error = field(message, "Error"); error != nullptr) {
      if (error->type == msgpack::type::STR || error->type == msgpack::type::BIN) {
        header.error.assign(error->via.str.ptr, error->via.str.size);
      } else if (error->type != msgpack::type::NIL) {
        return fail(not_serf("header (Error is not a string)"));
      }
    }
    // Answers come in request order: another Seq means the stream is out of step.
    if (header.seq != awaited.seq) {
      return fail(not_serf("answer (wrong Seq)"));
    }
    header_ = std::move(header);
  }

  SerfAnswer answer{header_->error, std::nullopt, header_only_error(header_->error)};
  if (awaited.command != SerfCommand::join || answer.connection_spent) {
    header_.reset();
    return answer;
  }
  // A join's body follows even when Error is set; it is read (to keep the stream
  // in step) but only a successful join's Num counts.
  std::optional<msgpack::object_handle> body = next_value();
  if (failed_) return *failed_;
  if (!body) return NeedMoreBytes{};
  header_.reset();
  if (!answer.error.empty()) {
    return answer;
  }
  const msgpack::object *num = field(body->get(), "Num");
  if (num == nullptr || (num->type != msgpack::type::POSITIVE_INTEGER &&
                         num->type != msgpack::type::NEGATIVE_INTEGER)) {
    return fail(not_serf("join answer (no Num)"));
  }
  answer.joined =
      num->type == msgpack::type::POSITIVE_INTEGER ? static_cast<std::size_t>(num->via.u64) : 0;
  return answer;
}

}  // namespace joinery::serf
