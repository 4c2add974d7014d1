#include "k8s_settings.hpp"

#include "go_strconv.hpp"

namespace joinery::k8s {

K8sSettings read_k8s_settings(const sdk::Config &config) {
  K8sSettings settings;
  settings.kubeconfig = config.get_or("kubeconfig", "");
  if (const std::string_view name = config.get_or("namespace", ""); !name.empty()) {
    settings.namespace_name = name;
  }
  settings.label_selector = config.get_or("label_selector", "");
  settings.field_selector = config.get_or("field_selector", "");
  if (const std::string_view value = config.get_or("host_network", ""); !value.empty()) {
    const auto parsed = parse_go_bool(value);
    if (!parsed) {
      // go-discover's words, then what it accepts.
      throw sdk::Error(sdk::Status::invalid_config,
                       "host_network must be boolean value: strconv.ParseBool: parsing \"" +
                           std::string(value) + "\": invalid syntax (use true or false)");
    }
    settings.host_network = *parsed;
  }
  return settings;
}

}  // namespace joinery::k8s
