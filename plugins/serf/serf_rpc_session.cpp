#include "serf_rpc_session.hpp"

#include <joinery/sdk/deadline.hpp>
#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/host_port.hpp>
#include <joinery/sdk/status.hpp>

#include <msgpack.hpp>

#include <array>
#include <charconv>
#include <variant>

#include "rpc_connection.hpp"
#include "serf_answer.hpp"

namespace joinery::serf {
namespace {

using sdk::Error;
using sdk::Status;
using Packer = msgpack::packer<msgpack::sbuffer>;

constexpr std::uint16_t default_rpc_port = 7373;
constexpr std::int32_t ipc_version = 1;

void pack_text(Packer &packer, std::string_view text) {
  packer.pack_str(static_cast<std::uint32_t>(text.size()));
  packer.pack_str_body(text.data(), static_cast<std::uint32_t>(text.size()));
}

// A request: the header map {Command, Seq}, then the body map written by `body`.
template <class Body>
msgpack::sbuffer pack_request(std::string_view command, std::uint64_t seq, Body &&body) {
  msgpack::sbuffer buffer;
  Packer packer(buffer);
  packer.pack_map(2);
  pack_text(packer, "Command");
  pack_text(packer, command);
  pack_text(packer, "Seq");
  packer.pack_uint64(seq);
  body(packer);
  return buffer;
}

// Serf's error text as the agent wrote it, without the trailing blank lines its
// multi-error format ends with.
std::string verbatim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\t')) {
    text.pop_back();
  }
  return text;
}

// How much one read from the agent takes at most; answers are far smaller.
constexpr std::size_t read_chunk = 16 * 1024;

std::string duration_text(std::chrono::milliseconds duration) {
  return sdk::format_duration(duration);
}

}  // namespace

RpcEndpoint RpcEndpoint::parse(std::string_view rpc_addr) {
  const auto split = sdk::split_host_port(rpc_addr);
  if (!split || split->host.empty()) {
    throw Error(Status::invalid_config,
                "rpc_addr: \"" + std::string(rpc_addr) +
                    "\" is not host:port (examples: 127.0.0.1:7373, [::1]:7373)");
  }
  RpcEndpoint endpoint{std::string(split->host), default_rpc_port};
  if (!split->port.empty()) {
    unsigned port = 0;
    const auto [end, error] =
        std::from_chars(split->port.data(), split->port.data() + split->port.size(), port);
    if (error != std::errc{} || end != split->port.data() + split->port.size() || port == 0 ||
        port > 65535) {
      throw Error(Status::invalid_config,
                  "rpc_addr: \"" + std::string(rpc_addr) + "\" has no valid port (1-65535)");
    }
    endpoint.port = static_cast<std::uint16_t>(port);
  }
  return endpoint;
}

std::string RpcEndpoint::text() const {
  return sdk::join_host_port(host, port);
}

struct SerfRpcSession::Link {
  std::unique_ptr<RpcConnection> connection;
  SerfAnswerDecoder answers;
};

SerfRpcSession::SerfRpcSession(SessionSettings settings) : settings_(std::move(settings)) {}

SerfRpcSession::~SerfRpcSession() = default;

std::size_t SerfRpcSession::join(const std::vector<std::string> &addresses, bool replay,
                                 const sdk::CallBounds &bounds, const SessionLog &log) {
  const std::string agent = settings_.endpoint.text();
  auto note = [&](const std::string &text) {
    if (log) log(text);
  };
  bool reused = false;
  if (link_ != nullptr) {
    if (link_->connection->unusable()) {
      note("the connection to the serf agent at " + agent + " was closed; reconnecting");
      link_.reset();
    } else {
      reused = true;
    }
  }
  for (;;) {
    bool connecting = link_ == nullptr;
    try {
      if (connecting) {
        connect(bounds, log);
        connecting = false;
      }
      return request_join(addresses, replay, bounds);
    } catch (const TransportError &error) {
      // A kept connection can die between attempts without a sign (the agent
      // restarted); if nothing came back on it, try once more on a fresh one.
      const bool retry = reused && !connecting && link_ != nullptr &&
                         error.kind() == TransportError::Kind::broken &&
                         !link_->connection->received_since_idle();
      link_.reset();
      reused = false;
      if (retry) {
        note("the kept connection to the serf agent at " + agent + " broke (" + error.what() +
             "); reconnecting");
        continue;
      }
      switch (error.kind()) {
        case TransportError::Kind::cancelled:
          throw Error(Status::cancelled, "cancelled while talking to the serf agent at " + agent);
        case TransportError::Kind::call_deadline:
          throw Error(Status::cancelled,
                      "the attempt's deadline passed while talking to the serf agent at " + agent);
        case TransportError::Kind::timed_out:
          throw Error(Status::unavailable,
                      connecting
                          ? "the serf agent's RPC at " + agent + " did not answer within " +
                                duration_text(settings_.connect_timeout) + " (connect_timeout)"
                          : "the serf agent at " + agent + " did not finish the join within " +
                                duration_text(settings_.call_timeout) + " (call_timeout)");
        case TransportError::Kind::broken:
          throw Error(
              Status::unavailable,
              connecting
                  ? "cannot reach the serf agent's RPC at " + agent + ": " + error.what()
                  : "lost the connection to the serf agent at " + agent + ": " + error.what());
      }
      throw;
    }
  }
}

SerfAnswer SerfRpcSession::await_answer(Link &link, const AwaitedAnswer &awaited,
                                        const sdk::CallBounds &bounds,
                                        Clock::time_point timeout_at) {
  std::array<char, read_chunk> bytes;
  for (;;) {
    DecodedAnswer decoded = link.answers.decode(awaited);
    if (auto *answer = std::get_if<SerfAnswer>(&decoded)) {
      return std::move(*answer);
    }
    if (const auto *malformed = std::get_if<MalformedAnswer>(&decoded)) {
      throw TransportError(TransportError::Kind::broken, malformed->reason);
    }
    const std::size_t got =
        link.connection->receive_some(bytes.data(), bytes.size(), bounds, timeout_at);
    link.answers.feed({bytes.data(), got});
  }
}

void SerfRpcSession::connect(const sdk::CallBounds &bounds, const SessionLog &log) {
  const Clock::time_point timeout_at = sdk::deadline_after(Clock::now(), settings_.connect_timeout);
  auto link = std::make_unique<Link>(Link{
      RpcConnection::open(settings_.endpoint.host, settings_.endpoint.port, bounds, timeout_at),
      SerfAnswerDecoder()});
  // The agent answers handshake and auth with a header alone; any error there is
  // the agent's own words ("Unsupported IPC version", "Invalid authentication token").
  auto exchange = [&](SerfCommand command, std::string_view name, auto &&body) {
    const std::uint64_t seq = next_seq_++;
    const msgpack::sbuffer request = pack_request(name, seq, body);
    link->connection->send({request.data(), request.size()}, bounds, timeout_at);
    const SerfAnswer answer = await_answer(*link, {command, seq}, bounds, timeout_at);
    if (!answer.error.empty()) {
      throw Error(Status::unavailable, verbatim(answer.error));
    }
  };
  exchange(SerfCommand::handshake, "handshake", [](Packer &packer) {
    packer.pack_map(1);
    pack_text(packer, "Version");
    packer.pack_int32(ipc_version);
  });
  if (!settings_.auth_key.empty()) {
    exchange(SerfCommand::auth, "auth", [&](Packer &packer) {
      packer.pack_map(1);
      pack_text(packer, "AuthKey");
      pack_text(packer, settings_.auth_key);
    });
  }
  if (log) {
    log("connected to the serf agent at " + settings_.endpoint.text() +
        (settings_.auth_key.empty() ? "" : " (authenticated)"));
  }
  link_ = std::move(link);
}

std::size_t SerfRpcSession::request_join(const std::vector<std::string> &addresses, bool replay,
                                         const sdk::CallBounds &bounds) {
  const Clock::time_point timeout_at = Clock::now() + settings_.call_timeout;
  const std::uint64_t seq = next_seq_++;
  const msgpack::sbuffer request = pack_request("join", seq, [&](Packer &packer) {
    packer.pack_map(2);
    pack_text(packer, "Existing");
    packer.pack_array(static_cast<std::uint32_t>(addresses.size()));
    for (const std::string &address : addresses) {
      pack_text(packer, address);
    }
    pack_text(packer, "Replay");
    if (replay) {
      packer.pack_true();
    } else {
      packer.pack_false();
    }
  });
  link_->connection->mark_idle();
  link_->connection->send({request.data(), request.size()}, bounds, timeout_at);
  const SerfAnswer answer = await_answer(*link_, {SerfCommand::join, seq}, bounds, timeout_at);
  if (answer.connection_spent) {
    link_.reset();
  }
  if (!answer.error.empty()) {
    throw Error(Status::unavailable, verbatim(answer.error));
  }
  return answer.joined.value_or(0);
}

}  // namespace joinery::serf
