#include "pod_addresses.hpp"

#include "go_strconv.hpp"

#include <joinery/plugin.hpp>
#include <nlohmann/json.hpp>

#include <optional>

namespace joinery::k8s {
namespace {

using nlohmann::json;

// The member `key` of `object`, or null when `object` is not an object or lacks it.
const json &member(const json &object, const char *key) {
  static const json null;
  if (!object.is_object()) {
    return null;
  }
  const auto found = object.find(key);
  return found == object.end() ? null : *found;
}

std::string string_at(const json &object, const char *key) {
  const json &value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::int64_t integer_at(const json &object, const char *key) {
  const json &value = member(object, key);
  return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

const json &array_at(const json &object, const char *key) {
  static const json empty = json::array();
  const json &value = member(object, key);
  return value.is_array() ? value : empty;
}

struct PortChoice {
  std::optional<std::int64_t> port;
  std::string error;
};

// go-discover's podPort: a named container port first, else the annotation as a number.
PortChoice pod_port(const json &pod, const std::string &annotation, bool host_network) {
  for (const json &container : array_at(member(pod, "spec"), "containers")) {
    for (const json &port : array_at(container, "ports")) {
      if (string_at(port, "name") != annotation) {
        continue;
      }
      if (host_network) {
        const std::int64_t host_port = integer_at(port, "hostPort");
        if (host_port == 0) {
          continue;  // not exposed on the host: keep looking
        }
        return {host_port, {}};
      }
      return {integer_at(port, "containerPort"), {}};
    }
  }
  GoInt parsed = parse_go_int(annotation, 32);
  return {parsed.value, std::move(parsed.error)};
}

bool is_ready(const json &status) {
  for (const json &condition : array_at(status, "conditions")) {
    if (string_at(condition, "type") == "Ready" && string_at(condition, "status") != "True") {
      return false;
    }
  }
  return true;  // no Ready condition counts as ready
}

}  // namespace

PodAddresses pod_addresses(std::string_view pod_list, bool host_network) {
  const json list = json::parse(pod_list, nullptr, false);
  const json &items = member(list, "items");
  if (list.is_discarded() || !list.is_object() || !(items.is_array() || items.is_null())) {
    throw sdk::Error(sdk::Status::unavailable, "the answer is not a PodList");
  }
  PodAddresses out;
  for (const json &pod : array_at(list, "items")) {  // null when there are none
    const json &metadata = member(pod, "metadata");
    const json &status = member(pod, "status");
    const std::string quoted_name = "\"" + string_at(metadata, "name") + "\"";
    if (const std::string phase = string_at(status, "phase"); phase != "Running") {
      out.skipped.push_back("ignoring pod " + quoted_name + ", not running: \"" + phase + "\"");
      continue;
    }
    if (!is_ready(status)) {
      out.skipped.push_back("ignoring pod " + quoted_name + ", not ready state");
      continue;
    }
    const std::string ip = string_at(status, host_network ? "hostIP" : "podIP");
    if (ip.empty()) {
      out.skipped.push_back("ignoring pod " + quoted_name + ", requested IP is empty");
      continue;
    }
    const std::string annotation =
        string_at(member(metadata, "annotations"), std::string(port_annotation).c_str());
    if (annotation.empty()) {
      out.addresses.push_back(ip);
      continue;
    }
    PortChoice port = pod_port(pod, annotation, host_network);
    if (port.port && (*port.port < 1 || *port.port > 65535)) {
      port = {std::nullopt, "port " + std::to_string(*port.port) + " is out of range"};
    }
    if (!port.port) {
      out.skipped.push_back("ignoring pod " + quoted_name +
                            ", error retrieving port: " + port.error);
      continue;
    }
    out.addresses.push_back(sdk::join_host_port(ip, static_cast<std::uint16_t>(*port.port)));
  }
  return out;
}

}  // namespace joinery::k8s
