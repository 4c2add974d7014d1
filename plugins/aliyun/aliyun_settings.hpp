// The aliyun provider's keys: go-discover's, with the Alibaba Cloud SDKs' environment
// variables for credentials and endpoints.
#pragma once

#include "environment.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::aliyun {

inline constexpr joinery_key aliyun_keys[] = {
    sdk::optional("region", "", "the region id (cn-hangzhou); default: see above"),
    sdk::optional("tag_key", "", "only instances with this tag key; empty: every running one"),
    sdk::optional("tag_value", "", "the value tag_key must have"),
    sdk::optional("access_key_id", "", "AccessKey id; default: the environment, else the RAM role"),
    sdk::secret("access_key_secret", "AccessKey secret; default: the environment"),
    sdk::optional("addr_type", "private_v4",
                  "private_v4 (VPC private or classic inner addresses) or ipv6 (the IPv6 "
                  "addresses of the instance's network interfaces)"),
};

enum class AddressType { private_v4, ipv6 };

inline constexpr const char *default_ecs_url = "https://ecs.aliyuncs.com";
inline constexpr const char *default_metadata_url = "http://100.100.100.200";

struct AliyunSettings {
  std::string region;  // empty: the instance's own, from the metadata service
  std::string tag_key;
  std::string tag_value;
  // Empty: the instance's RAM role credentials from the metadata service.
  std::string access_key_id;
  std::string access_key_secret;
  std::string security_token;                       // $ALIBABA_CLOUD_SECURITY_TOKEN (an STS token)
  std::string ecs_url = default_ecs_url;            // $ALIBABA_CLOUD_ECS_ENDPOINT
  std::string metadata_url = default_metadata_url;  // $ALIBABA_CLOUD_ECS_METADATA_ENDPOINT
  std::string role_name;                            // $ALIBABA_CLOUD_ECS_METADATA; empty: listed
  AddressType address_type = AddressType::private_v4;
};

// Throws sdk::Error(invalid_config) for half a key pair, a bad addr_type or a bad URL.
AliyunSettings read_aliyun_settings(const sdk::Config &config,
                                    const cloud::Environment &environment);

}  // namespace joinery::aliyun
