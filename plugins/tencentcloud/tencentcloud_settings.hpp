// The tencentcloud provider's keys: go-discover's, with public_v6 added and the
// Tencent Cloud SDKs' environment variables for credentials and the region.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::tencentcloud {

inline constexpr joinery_key tencentcloud_keys[] = {
    sdk::optional("region", "", "the region (ap-guangzhou); default $TENCENTCLOUD_REGION"),
    sdk::optional("tag_key", "", "only instances with this tag key; empty: every running one"),
    sdk::optional("tag_value", "", "the value tag_key must have"),
    sdk::optional("address_type", "private_v4", "private_v4, public_v4 or public_v6"),
    sdk::optional("access_key_id", "", "the SecretId; default $TENCENTCLOUD_SECRET_ID"),
    sdk::secret("access_key_secret", "the SecretKey; default $TENCENTCLOUD_SECRET_KEY"),
};

inline constexpr const char *default_cvm_url = "https://cvm.tencentcloudapi.com";

enum class AddressType { private_v4, public_v4, public_v6 };

struct TencentCloudSettings {
  std::string region;
  std::string tag_key;
  std::string tag_value;
  AddressType address_type = AddressType::private_v4;
  std::string secret_id;
  std::string secret_key;
  std::string session_token;              // $TENCENTCLOUD_SESSION_TOKEN (temporary keys)
  std::string cvm_url = default_cvm_url;  // $TENCENTCLOUD_CVM_ENDPOINT
};

// Throws sdk::Error(invalid_config) for a missing region or key, a bad address_type
// or endpoint.
TencentCloudSettings read_tencentcloud_settings(const sdk::Config &config,
                                                const cloud::Environment &environment);

}  // namespace joinery::tencentcloud
