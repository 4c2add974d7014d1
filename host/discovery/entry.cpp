#include "discovery/entry.hpp"

#include <joinery/sdk/host_port.hpp>

#include <charconv>
#include <cstdint>

namespace joinery::discovery {
namespace {

std::string_view trim_ascii_space(std::string_view s) {
  constexpr std::string_view space = " \t\r\n\v\f";
  const std::size_t begin = s.find_first_not_of(space);
  if (begin == std::string_view::npos) {
    return {};
  }
  return s.substr(begin, s.find_last_not_of(space) - begin + 1);
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  std::uint16_t port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return port;
}

// memberlist's node-name form: "name/addr". Splits at the first '/'.
struct NamedAddress {
  std::string_view name;  // empty when there is no '/'
  std::string_view address;
  bool has_name = false;
};

NamedAddress split_node_name(std::string_view entry) {
  const std::size_t slash = entry.find('/');
  if (slash == std::string_view::npos) {
    return {{}, entry, false};
  }
  return {entry.substr(0, slash), entry.substr(slash + 1), true};
}

}  // namespace

bool is_provider_string(std::string_view entry) noexcept {
  return entry.find("provider=") != std::string_view::npos;
}

std::optional<std::string> check_literal_address(std::string_view entry) {
  const NamedAddress named = split_node_name(entry);
  if (named.has_name && named.name.empty()) {
    return "empty node name provided";
  }
  const std::string_view address = named.address;
  if (address.empty()) {
    return "empty address";
  }
  if (address.find_first_of(" \t\r\n") != std::string_view::npos) {
    return "white space in address";
  }
  const auto parts = sdk::split_host_port(address);
  if (!parts) {
    if (address.find(']') == std::string_view::npos) {
      return "missing ']' in address";
    }
    return "expected ':PORT' after ']' in address (e.g. [::1]:8301)";
  }
  if (parts->host.empty()) {
    return "missing host in address";
  }
  if (parts->host.find_first_of("[]") != std::string_view::npos) {
    return "unexpected '[' or ']' in address";
  }
  if (!parts->port.empty() && !parse_port(parts->port)) {
    return "invalid port \"" + std::string(parts->port) + "\" in address (must be 0-65535)";
  }
  return std::nullopt;
}

std::string normalize_address(std::string_view address) {
  const std::string_view trimmed = trim_ascii_space(address);
  const NamedAddress named = split_node_name(trimmed);
  const auto parts = sdk::split_host_port(named.address);
  if (!parts || parts->port.empty()) {
    return std::string(trimmed);
  }
  const auto port = parse_port(parts->port);
  if (!port || parts->host.empty()) {
    return std::string(trimmed);
  }
  std::string out;
  if (named.has_name) {
    out.append(named.name).append("/");
  }
  return out.append(sdk::join_host_port(parts->host, *port));
}

}  // namespace joinery::discovery
