#include "isolation/isolated_protocol.hpp"

#include <sys/socket.h>

#include <cerrno>

#include "logging/json_text.hpp"

namespace joinery::plugins::isolated {

Result<> hello_version_problem(const nlohmann::json &hello, const std::string &runner) {
  const auto found = hello.find("protocol");
  if (found != hello.end() && found->is_number_integer() &&
      found->get<std::int64_t>() == protocol_version) {
    return {};
  }
  const std::string theirs =
      found == hello.end() ? "no protocol version" : "protocol version " + found->dump();
  return failure({"the plugin runner " + runner + " speaks " + theirs +
                      ", this joinery protocol version " + std::to_string(protocol_version) +
                      ": it is not the runner of this joinery",
                  "", "install joinery and joinery-plugin-runner from the same build"});
}

std::string encode_frame(const nlohmann::json &message) {
  const std::string text = logging::json_text(message);
  const auto size = static_cast<std::uint32_t>(text.size());
  std::string frame;
  frame.reserve(4 + text.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    frame.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  frame += text;
  return frame;
}

Result<std::optional<nlohmann::json>> FrameReader::next() {
  if (buffer_.size() < 4) return std::nullopt;
  std::uint32_t size = 0;
  for (int i = 0; i < 4; ++i) {
    size = (size << 8) | static_cast<unsigned char>(buffer_[static_cast<std::size_t>(i)]);
  }
  if (size > max_frame_size) {
    return failure({"a message of " + std::to_string(size) + " bytes, more than the " +
                    std::to_string(max_frame_size) + " allowed"});
  }
  if (buffer_.size() < 4 + std::size_t{size}) return std::nullopt;
  nlohmann::json message =
      nlohmann::json::parse(buffer_.begin() + 4, buffer_.begin() + 4 + size, nullptr, false);
  buffer_.erase(0, 4 + std::size_t{size});
  if (!message.is_object()) return failure({"a message that is not a JSON object"});
  return message;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

nlohmann::json to_json(const PluginItemDescription &item) {
  nlohmann::json keys = nlohmann::json::array();
  for (const KeySpec &key : item.keys) {
    keys.push_back(
        {{"name", key.name},
         {"type", key.type},
         {"required", key.required},
         {"secret", key.secret},
         {"repeatable", key.repeatable},
         {"default", key.default_value ? nlohmann::json(*key.default_value) : nlohmann::json()},
         {"description", key.description}});
  }
  return {{"name", item.name},
          {"summary", item.summary},
          {"help", item.help},
          {"keys", std::move(keys)}};
}

PluginItemDescription item_from_json(const nlohmann::json &json) {
  PluginItemDescription item;
  item.name = json.at("name").get<std::string>();
  item.summary = json.at("summary").get<std::string>();
  item.help = json.at("help").get<std::string>();
  for (const nlohmann::json &key : json.at("keys")) {
    KeySpec spec;
    spec.name = key.at("name").get<std::string>();
    spec.type = key.at("type").get<joinery_key_type>();
    spec.required = key.at("required").get<bool>();
    spec.secret = key.at("secret").get<bool>();
    spec.repeatable = key.value("repeatable", false);  // absent from caches written before it
    if (!key.at("default").is_null()) spec.default_value = key.at("default").get<std::string>();
    spec.description = key.at("description").get<std::string>();
    item.keys.push_back(std::move(spec));
  }
  return item;
}

nlohmann::json to_json(const KeyValues &values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto &[key, value] : values) out.push_back({key, value});
  return out;
}

KeyValues key_values_from_json(const nlohmann::json &json) {
  KeyValues out;
  for (const nlohmann::json &pair : json) {
    out.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  }
  return out;
}

}  // namespace joinery::plugins::isolated
