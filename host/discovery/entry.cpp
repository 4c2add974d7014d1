#include "discovery/entry.hpp"

#include <joinery/sdk/host_port.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
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

// Letters, digits, '.', '-' and '_', not starting with '-': what a DNS name or a node
// name may hold here. Nothing else can be an option, a shell word or a terminal escape.
bool is_name_text(std::string_view text) {
  if (text.empty() || text.front() == '-') {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
  });
}

bool is_ipv4(std::string_view host) {
  in_addr parsed{};
  return inet_pton(AF_INET, std::string(host).c_str(), &parsed) == 1;
}

// An IPv6 address, with an optional "%zone" (an interface name).
bool is_ipv6(std::string_view host) {
  const std::size_t percent = host.find('%');
  if (percent != std::string_view::npos && !is_name_text(host.substr(percent + 1))) {
    return false;
  }
  in6_addr parsed{};
  return inet_pton(AF_INET6, std::string(host.substr(0, percent)).c_str(), &parsed) == 1;
}

// A DNS name: labels of 1 to 63 name characters, at most 253 in all, an optional
// trailing dot.
bool is_dns_name(std::string_view host) {
  if (host.back() == '.') {
    host.remove_suffix(1);
  }
  if (host.empty() || host.size() > 253 || !is_name_text(host)) {
    return false;
  }
  for (std::size_t begin = 0;;) {
    const std::size_t dot = host.find('.', begin);
    const std::size_t size = (dot == std::string_view::npos ? host.size() : dot) - begin;
    if (size == 0 || size > 63 || host[begin] == '-') {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    begin = dot + 1;
  }
}

Result<> check_host(std::string_view host) {
  if (host.find(':') != std::string_view::npos) {
    if (!is_ipv6(host)) return failure({"invalid IPv6 address in address"});
    return {};
  }
  // All digits and dots is meant as IPv4 (Go's resolver would not look "300.1.1.1" up).
  if (host.find_first_not_of("0123456789.") == std::string_view::npos) {
    if (!is_ipv4(host)) return failure({"invalid IPv4 address in address"});
    return {};
  }
  if (!is_dns_name(host)) {
    return failure(
        {"invalid host name in address (letters, digits, '-' and '_' in dot-separated "
         "labels, not starting with '-')"});
  }
  return {};
}

}  // namespace

bool is_provider_string(std::string_view entry) noexcept {
  return entry.find("provider=") != std::string_view::npos;
}

Result<> check_address(std::string_view entry, AddressSource source) {
  const NamedAddress named = split_node_name(entry);
  if (named.has_name && named.name.empty()) {
    return failure({"empty node name provided"});
  }
  if (named.has_name) {
    const bool placeholder = named.name.starts_with("*.");
    if (placeholder && source == AddressSource::discovered) {
      return failure({"a WAN placeholder (\"*.DC/...\") is the host's own, never a provider's"});
    }
    if (!is_name_text(placeholder ? named.name.substr(2) : named.name)) {
      return failure(
          {"invalid node name (letters, digits, '.', '-' and '_', not starting with '-')"});
    }
  }
  const std::string_view address = named.address;
  if (address.empty()) {
    return failure({"empty address"});
  }
  if (address.find_first_of(" \t\r\n") != std::string_view::npos) {
    return failure({"white space in address"});
  }
  if (address.front() == '-') {
    return failure({"an address may not start with '-' (it would be read as an option)"});
  }
  const auto parts = sdk::split_host_port(address);
  if (!parts) {
    if (address.find(']') == std::string_view::npos) {
      return failure({"missing ']' in address"});
    }
    return failure({"expected ':PORT' after ']' in address (e.g. [::1]:8301)"});
  }
  if (parts->host.empty()) {
    return failure({"missing host in address"});
  }
  if (parts->host.find_first_of("[]") != std::string_view::npos) {
    return failure({"unexpected '[' or ']' in address"});
  }
  if (!parts->port.empty() && !parse_port(parts->port)) {
    return failure(
        {"invalid port \"" + std::string(parts->port) + "\" in address (must be 0-65535)"});
  }
  return check_host(parts->host);
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
