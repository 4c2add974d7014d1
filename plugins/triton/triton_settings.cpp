#include "triton_settings.hpp"

#include "setting_values.hpp"

namespace joinery::triton {

TritonSettings read_triton_settings(const sdk::Config &config,
                                    const cloud::Environment &environment) {
  TritonSettings settings;
  settings.account =
      environment.required_key_or_variable(config, "account", {"TRITON_ACCOUNT", "SDC_ACCOUNT"});
  settings.key_id =
      environment.required_key_or_variable(config, "key_id", {"TRITON_KEY_ID", "SDC_KEY_ID"});
  settings.url = cloud::endpoint_url(
      environment.required_key_or_variable(config, "url", {"TRITON_URL", "SDC_URL"}), "url", "");
  settings.tag_key = config.get_or("tag_key", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.key_file = environment.key_or_variable(config, "key_file", {"TRITON_KEY_MATERIAL"});
  settings.agent_socket = environment.get("SSH_AUTH_SOCK");
  if (settings.key_file.empty() && settings.agent_socket.empty()) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "key_file: missing value, and SSH_AUTH_SOCK is not set: start an ssh-agent "
                     "holding key_id's key, or give key_file");
  }
  return settings;
}

}  // namespace joinery::triton
