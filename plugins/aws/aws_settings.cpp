#include "aws_settings.hpp"

#include "setting_values.hpp"
#include "shared_config.hpp"

#include <algorithm>

namespace joinery::aws {
namespace {

using sdk::Error;
using sdk::Status;

// Region names go into a host name and the signature's scope: letters, digits and
// dashes only ("us-gov-west-1").
bool is_region_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::vector<std::string> region_list(const std::string &text, std::string_view origin) {
  std::vector<std::string> regions;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string name = text.substr(start, comma - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (!is_region_name(name)) {
      throw Error(Status::invalid_config, std::string(origin) + ": \"" + text +
                                              "\" is not a region or a comma list of regions "
                                              "(us-east-1,eu-west-1)");
    }
    if (std::find(regions.begin(), regions.end(), name) == regions.end()) {
      regions.push_back(std::move(name));
    }
    start = comma + 1;
  }
  return regions;
}

// The first of `names` that is set and not empty, with its name.
std::pair<std::string, std::string> first_variable(const cloud::Environment &environment,
                                                   std::initializer_list<std::string_view> names) {
  for (const std::string_view name : names) {
    if (std::string value = environment.get(name); !value.empty()) {
      return {std::string(name), std::move(value)};
    }
  }
  return {};
}

std::string overridden_endpoint(const sdk::Config &config, const cloud::Environment &environment,
                                std::initializer_list<std::string_view> names, bool endpoint_key) {
  if (const std::string key(config.get_or("endpoint", "")); endpoint_key && !key.empty()) {
    return cloud::endpoint_url(key, "endpoint", "");
  }
  auto [name, value] = first_variable(environment, names);
  return value.empty() ? "" : cloud::endpoint_url(value, name, "");
}

CredentialSources read_sources(const sdk::Config &config, const cloud::Environment &environment) {
  CredentialSources sources;
  sources.keys = {std::string(config.get_or("access_key_id", "")),
                  std::string(config.get_or("secret_access_key", "")),
                  std::string(config.get_or("session_token", ""))};
  if (sources.keys.access_key_id.empty() != sources.keys.secret_access_key.empty()) {
    throw Error(Status::invalid_config,
                "access_key_id and secret_access_key: give both or neither (neither: the "
                "credential chain)");
  }
  sources.environment = {environment.get("AWS_ACCESS_KEY_ID"),
                         environment.get("AWS_SECRET_ACCESS_KEY"),
                         environment.get("AWS_SESSION_TOKEN")};
  if (sources.environment.secret_access_key.empty()) {
    sources.environment = {};  // the SDKs skip a half-set pair in the environment
  }
  const std::string home = environment.get("HOME");
  if (std::string profile = environment.get("AWS_PROFILE"); !profile.empty()) {
    sources.profile = std::move(profile);
    sources.profile_named = true;
  }
  sources.credentials_file = environment.get("AWS_SHARED_CREDENTIALS_FILE");
  if (sources.credentials_file.empty() && !home.empty()) {
    sources.credentials_file = home + "/.aws/credentials";
  }
  sources.config_file = environment.get("AWS_CONFIG_FILE");
  if (sources.config_file.empty() && !home.empty()) {
    sources.config_file = home + "/.aws/config";
  }
  sources.web_identity_token_file = environment.get("AWS_WEB_IDENTITY_TOKEN_FILE");
  sources.role_arn = environment.get("AWS_ROLE_ARN");
  sources.role_session_name = environment.get("AWS_ROLE_SESSION_NAME");
  if (sources.role_session_name.empty()) {
    sources.role_session_name = "joinery";
  }
  if (const std::string relative = environment.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
      !relative.empty()) {
    sources.container_url = "http://169.254.170.2" + relative;
  } else {
    sources.container_url = environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  }
  sources.container_token = environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  sources.container_token_file = environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  std::string disabled = environment.get("AWS_EC2_METADATA_DISABLED");
  std::transform(disabled.begin(), disabled.end(), disabled.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  sources.metadata_disabled = disabled == "true";
  return sources;
}

}  // namespace

AwsSettings read_aws_settings(const sdk::Config &config, const cloud::Environment &environment) {
  AwsSettings settings;
  if (const std::string region(config.get_or("region", "")); !region.empty()) {
    settings.regions = region_list(region, "region");
  } else if (auto [name, value] = first_variable(environment, {"AWS_REGION", "AWS_DEFAULT_REGION"});
             !value.empty()) {
    settings.regions = region_list(value, name);
  }
  settings.tag_key = config.get_or("tag_key", "");
  settings.tag_value = config.get_or("tag_value", "");
  settings.service = static_cast<Service>(cloud::one_of(config, "service", {"ec2", "ecs"}));
  settings.address_type = static_cast<AddressType>(
      cloud::one_of(config, "addr_type", {"private_v4", "public_v4", "public_v6"}));
  if (settings.service == Service::ecs && settings.address_type != AddressType::private_v4) {
    throw Error(Status::invalid_config,
                "addr_type: service=ecs returns the tasks' private IPv4 addresses only "
                "(addr_type=private_v4)");
  }
  settings.ecs_cluster = config.get_or("ecs_cluster", "");
  settings.ecs_family = config.get_or("ecs_family", "");
  settings.endpoint = settings.service == Service::ec2
                          ? overridden_endpoint(config, environment,
                                                {"AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL"}, true)
                          : overridden_endpoint(config, environment,
                                                {"AWS_ENDPOINT_URL_ECS", "AWS_ENDPOINT_URL"}, true);
  settings.sts_endpoint =
      overridden_endpoint(config, environment, {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}, false);
  settings.metadata_endpoint =
      cloud::endpoint_url(environment.get("AWS_EC2_METADATA_SERVICE_ENDPOINT"),
                          "AWS_EC2_METADATA_SERVICE_ENDPOINT", default_metadata_endpoint);
  settings.credentials = read_sources(config, environment);
  settings.ca_bundle = {environment.get("AWS_CA_BUNDLE"), "", "AWS_CA_BUNDLE"};
  check_named_profile(settings.credentials);
  if (settings.regions.empty() && settings.credentials.metadata_disabled) {
    throw Error(Status::invalid_config,
                "region: missing value (nor is AWS_REGION or AWS_DEFAULT_REGION set, and "
                "AWS_EC2_METADATA_DISABLED keeps the instance's own region from being asked)");
  }
  return settings;
}

std::string regional_endpoint(const std::string &service, const std::string &region) {
  return "https://" + service + "." + region + ".amazonaws.com" +
         (region.starts_with("cn-") ? ".cn" : "");
}

}  // namespace joinery::aws
