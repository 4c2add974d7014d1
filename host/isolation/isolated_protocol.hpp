// What joinery and its plugin runner (joinery-plugin-runner, which loads one plugin
// library in a process of its own) say to each other over their socket: frames of
// one JSON object each, preceded by the object's length (4 bytes, big-endian).
//
//   runner -> joinery, once:   {"type":"hello", "protocol", "ok":true, plugin_id,
//                               plugin_version, abi_major, abi_minor, providers:[item],
//                               backends:[item]}
//                              or {"type":"hello", "protocol", "ok":false, "reason":"..."}
//   joinery -> runner, a call: {"type":"call", "function":"validate"|"discover"|"create"|
//                               "join"|"destroy", "name", "config":[[k,v]...], "cluster",
//                               "addresses", "instance", "remaining_ms" (-1 = none),
//                               "log_subsystem"}
//   runner -> joinery, during a call (or, for log lines, between calls):
//                              {"type":"log", "level", "subsystem", "message", "fields"}
//                              {"type":"route", "datacenter"}     (gateway_route)
//   joinery -> runner:         {"type":"route_reply", "addresses":[...]}
//                              {"type":"cancel"}                  (shutdown: cancel_fd)
//   runner -> joinery, last:   {"type":"result", "status", "message", "addresses",
//                               "instance", "joined"}
//
// "protocol" is protocol_version below: joinery refuses a runner whose hello carries
// another (or none), before it reads anything else of it, for the two sides of a
// socket must come from the same joinery.
//
// One call at a time per runner: joinery never sends a call before the previous
// result came. is_cancelled and remaining_ms are answered inside the runner from the
// deadline sent with the call and the cancel message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keys/key_spec.hpp"
#include "loading/plugin_item_description.hpp"
#include "problem/result.hpp"

namespace joinery::plugins::isolated {

// The version of this protocol, in every hello. Raised with any change to a message.
inline constexpr int protocol_version = 1;

// Why a hello cannot be used (a runner of another joinery), or nothing when it can:
// the problem names both versions and `runner`, and says what to do.
Result<> hello_version_problem(const nlohmann::json &hello, const std::string &runner);

// The largest frame either side accepts; a bigger one is a broken or hostile peer.
inline constexpr std::size_t max_frame_size = std::size_t{16} << 20;
// The runner's socket is always this descriptor in the runner.
inline constexpr int runner_socket_fd = 3;

// The frame carrying `message` (strings that are not UTF-8 have the bad bytes replaced).
std::string encode_frame(const nlohmann::json &message);

// Cuts a byte stream into messages.
class FrameReader {
 public:
  void feed(const char *data, std::size_t size) { buffer_.append(data, size); }
  // The next complete message, or nullopt while none has arrived whole. A Problem when
  // the stream is broken ("a message that is not a JSON object", or one over
  // max_frame_size): nothing more of it can be read.
  Result<std::optional<nlohmann::json>> next();

 private:
  std::string buffer_;
};

// Writes all of `bytes` to the blocking socket `fd` (no SIGPIPE). False when the peer is gone.
bool write_all(int fd, std::string_view bytes);

// One provider's or backend's description, as the hello carries it.
nlohmann::json to_json(const PluginItemDescription &item);
// throws nlohmann::json::exception
PluginItemDescription item_from_json(const nlohmann::json &json);

nlohmann::json to_json(const KeyValues &values);
KeyValues key_values_from_json(const nlohmann::json &json);  // throws nlohmann::json::exception

}  // namespace joinery::plugins::isolated
