#include "aws_credentials.hpp"

#include "aws_api.hpp"
#include "instance_metadata.hpp"
#include "token_cache.hpp"
#include "token_file.hpp"
#include "url_component.hpp"

#include <joinery/sdk/regular_file.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <map>

namespace joinery::aws {
namespace {

using sdk::Error;
using sdk::Status;

constexpr std::size_t max_shared_file_bytes = std::size_t{1} << 20;
// Credentials without an expiry are asked for again after this long.
constexpr std::chrono::minutes unstated_lifetime{15};

// Kept for the run: a retry every 30 s reuses the credentials of the attempt before.
cloud::TokenCache &credential_cache() {
  static cloud::TokenCache cache;
  return cache;
}

// The cache keeps one string per source; the three parts never hold a newline.
std::string packed(const AccessKeys &keys) {
  return keys.access_key_id + "\n" + keys.secret_access_key + "\n" + keys.session_token;
}

AccessKeys unpacked(const std::string &text) {
  const auto first = text.find('\n');
  const auto second = text.find('\n', first + 1);
  return {text.substr(0, first), text.substr(first + 1, second - first - 1),
          text.substr(second + 1)};
}

cloud::AccessToken expiring(const AccessKeys &keys, std::string_view expiration) {
  const auto left = seconds_until(expiration, std::chrono::system_clock::now());
  return {packed(keys), std::chrono::steady_clock::now() +
                            (left ? std::chrono::duration_cast<std::chrono::seconds>(*left)
                                  : std::chrono::seconds(unstated_lifetime))};
}

bool valid_keys(const AccessKeys &keys) {
  auto clean = [](const std::string &part) { return part.find('\n') == std::string::npos; };
  return !keys.access_key_id.empty() && !keys.secret_access_key.empty() &&
         clean(keys.access_key_id) && clean(keys.secret_access_key) && clean(keys.session_token);
}

// One INI section of a shared file: "[default]", "[profile NAME]" (config) or "[NAME]".
using Section = std::map<std::string, std::string, std::less<>>;

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return "";
  }
  return std::string(text.substr(first, text.find_last_not_of(" \t\r") - first + 1));
}

// The section `wanted` of the INI file `text`; nullopt when it has none.
std::optional<Section> ini_section(std::string_view text, std::string_view wanted) {
  std::optional<Section> section;
  bool inside = false;
  while (!text.empty()) {
    const auto end = std::min(text.find('\n'), text.size());
    const std::string line = trimmed(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      continue;
    }
    if (line.front() == '[' && line.back() == ']') {
      inside = trimmed(std::string_view(line).substr(1, line.size() - 2)) == wanted;
      if (inside && !section) {
        section.emplace();
      }
      continue;
    }
    const auto equals = line.find('=');
    if (inside && equals != std::string::npos) {
      (*section)[trimmed(std::string_view(line).substr(0, equals))] =
          trimmed(std::string_view(line).substr(equals + 1));
    }
  }
  return section;
}

// The keys of `profile` in the shared file at `path`; nullopt when the file does not
// exist or holds no keys for the profile.
std::optional<AccessKeys> shared_file_keys(const std::string &path, const std::string &section) {
  if (path.empty()) {
    return std::nullopt;
  }
  const sdk::FileText file = sdk::read_regular_file(path, max_shared_file_bytes);
  if (!file) {
    if (file.error_number == ENOENT) {
      return std::nullopt;
    }
    throw Error(Status::unavailable, "aws: shared credentials " + path + ": " + file.error);
  }
  const auto found = ini_section(file.text, section);
  if (!found || !found->contains("aws_access_key_id")) {
    return std::nullopt;
  }
  auto value = [&](const char *name) {
    const auto entry = found->find(name);
    return entry == found->end() ? std::string() : entry->second;
  };
  AccessKeys keys{value("aws_access_key_id"), value("aws_secret_access_key"),
                  value("aws_session_token")};
  if (!valid_keys(keys)) {
    throw Error(Status::unavailable, "aws: shared credentials " + path + ": profile " + section +
                                         " has aws_access_key_id without aws_secret_access_key");
  }
  return keys;
}

std::string xml_text(const pugi::xml_node &node, const char *name) {
  return node.child(name).child_value();
}

AwsCredentials web_identity(const CredentialSources &sources, const AwsSettings &settings,
                            const std::string &region, const http::Interruption &interruption) {
  const std::string source = "web identity (role " + sources.role_arn + ", token file " +
                             sources.web_identity_token_file + ")";
  const std::string endpoint =
      settings.sts_endpoint.empty() ? regional_endpoint("sts", region) : settings.sts_endpoint;
  auto fetch = [&] {
    const sdk::FileText token = http::read_token_file(sources.web_identity_token_file);
    if (!token) {
      throw Error(Status::unavailable, "aws: AWS_WEB_IDENTITY_TOKEN_FILE " +
                                           sources.web_identity_token_file + ": " + token.error);
    }
    http::HttpRequest request;
    request.url = endpoint + "/";
    request.content_type = "application/x-www-form-urlencoded; charset=utf-8";
    request.body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" +
                   http::encode_url_component(sources.role_arn) +
                   "&RoleSessionName=" + http::encode_url_component(sources.role_session_name) +
                   "&WebIdentityToken=" + http::encode_url_component(token.text);
    const http::HttpResponse answer = call_aws(
        request, {"aws sts", "sts:AssumeRoleWithWebIdentity on " + sources.role_arn, source, {}},
        interruption);
    pugi::xml_document document;
    document.load_buffer(answer.body.data(), answer.body.size());
    const pugi::xml_node credentials = document.child("AssumeRoleWithWebIdentityResponse")
                                           .child("AssumeRoleWithWebIdentityResult")
                                           .child("Credentials");
    const AccessKeys keys{xml_text(credentials, "AccessKeyId"),
                          xml_text(credentials, "SecretAccessKey"),
                          xml_text(credentials, "SessionToken")};
    if (!valid_keys(keys)) {
      throw Error(Status::unavailable,
                  "aws sts: " + endpoint + ": AssumeRoleWithWebIdentity answered no Credentials");
    }
    return expiring(keys, xml_text(credentials, "Expiration"));
  };
  const std::string key =
      "web_identity " + endpoint + " " + sources.role_arn + " " + sources.web_identity_token_file;
  return {unpacked(credential_cache().token(key, fetch)), source, key};
}

// {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}: the ECS agent's and IMDS's answer.
cloud::AccessToken json_credentials(const std::string &body, const std::string &origin) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  auto member = [&](const char *name) {
    if (!document.is_object()) {
      return std::string();
    }
    const auto found = document.find(name);
    return found != document.end() && found->is_string() ? found->get<std::string>()
                                                         : std::string();
  };
  const AccessKeys keys{member("AccessKeyId"), member("SecretAccessKey"), member("Token")};
  if (!valid_keys(keys)) {
    // Never quoted: the answer holds secrets.
    throw Error(Status::unavailable, "aws: " + origin + ": the answer holds no credentials");
  }
  return expiring(keys, member("Expiration"));
}

// The host of an http URL ("169.254.170.2", "::1"), lower case.
std::string url_host(const std::string &url) {
  std::string rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  rest = rest.substr(rest.find('@') == std::string::npos ? 0 : rest.find('@') + 1);
  if (rest.starts_with("[")) {
    return rest.substr(1, rest.find(']') - 1);
  }
  return rest.substr(0, rest.find(':'));
}

// The SDKs send the container's authorization token over plain HTTP only to the ECS
// and EKS agents' link-local addresses or to this machine.
void check_container_url(const std::string &url) {
  if (url.starts_with("https://")) {
    return;
  }
  const std::string host = url_host(url);
  if (url.starts_with("http://") &&
      (host == "169.254.170.2" || host == "169.254.170.23" || host == "fd00:ec2::23" ||
       host == "localhost" || host == "::1" || host.starts_with("127."))) {
    return;
  }
  throw Error(Status::invalid_config,
              "AWS_CONTAINER_CREDENTIALS_FULL_URI: \"" + url +
                  "\" is neither https:// nor http:// to a loopback or ECS/EKS agent address");
}

AwsCredentials container(const CredentialSources &sources, const http::Interruption &interruption) {
  check_container_url(sources.container_url);
  const std::string source = "container credentials (" + sources.container_url + ")";
  auto fetch = [&] {
    http::HttpRequest request;
    request.url = sources.container_url;
    request.timeout = std::chrono::seconds(5);
    std::string token = sources.container_token;
    if (!sources.container_token_file.empty()) {
      const sdk::FileText file = http::read_token_file(sources.container_token_file);
      if (!file) {
        throw Error(Status::unavailable, "aws: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " +
                                             sources.container_token_file + ": " + file.error);
      }
      token = file.text;
    }
    if (!token.empty()) {
      request.headers = {"Authorization: " + token};
    }
    const http::HttpResponse answer =
        call_aws(request, {"aws container credentials", "", source, {}}, interruption);
    return json_credentials(answer.body, source);
  };
  const std::string key = "container " + sources.container_url;
  return {unpacked(credential_cache().token(key, fetch)), source, key};
}

AwsCredentials instance_role(const AwsSettings &settings, const http::Interruption &interruption) {
  const std::string base = "/latest/meta-data/iam/security-credentials/";
  std::string role;
  auto fetch = [&] {
    InstanceMetadata metadata(settings.metadata_endpoint, interruption);
    std::string listed = metadata.get(base);
    role = trimmed(listed.substr(0, listed.find('\n')));
    if (role.empty() || role.find('/') != std::string::npos) {
      throw Error(Status::unavailable,
                  "aws: instance metadata: " + settings.metadata_endpoint + base +
                      ": the instance has no IAM role (attach an instance profile)");
    }
    return json_credentials(metadata.get(base + http::encode_url_component(role)),
                            "instance metadata " + settings.metadata_endpoint + base + role);
  };
  const std::string key = "imds " + settings.metadata_endpoint;
  AccessKeys keys = unpacked(credential_cache().token(key, fetch));
  return {std::move(keys), "the instance role (IMDS " + settings.metadata_endpoint + ")", key};
}

}  // namespace

std::optional<std::chrono::seconds> seconds_until(std::string_view expiration,
                                                  std::chrono::system_clock::time_point now) {
  std::tm parts{};
  const std::string text(expiration);
  char zone = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec) != 6) {
    return std::nullopt;
  }
  zone = text.back();
  if (zone != 'Z' && !text.ends_with("+00:00")) {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  const std::time_t at = timegm(&parts);
  if (at == static_cast<std::time_t>(-1)) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::from_time_t(at) - now);
}

void forget_aws_credentials(const AwsCredentials &credentials) {
  if (!credentials.cache_key.empty()) {
    credential_cache().forget(credentials.cache_key);
  }
}

AwsCredentials find_aws_credentials(const AwsSettings &settings, const std::string &region,
                                    const http::Interruption &interruption) {
  const CredentialSources &sources = settings.credentials;
  if (!sources.keys.empty()) {
    return {sources.keys, "the keys access_key_id and secret_access_key", ""};
  }
  if (!sources.environment.empty()) {
    return {sources.environment, "$AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY", ""};
  }
  if (auto keys = shared_file_keys(sources.credentials_file, sources.profile)) {
    return {*keys, "profile " + sources.profile + " of " + sources.credentials_file, ""};
  }
  const std::string config_section =
      sources.profile == "default" ? "default" : "profile " + sources.profile;
  if (auto keys = shared_file_keys(sources.config_file, config_section)) {
    return {*keys, "profile " + sources.profile + " of " + sources.config_file, ""};
  }
  if (!sources.web_identity_token_file.empty() && !sources.role_arn.empty()) {
    return web_identity(sources, settings, region, interruption);
  }
  if (!sources.container_url.empty()) {
    return container(sources, interruption);
  }
  if (sources.metadata_disabled) {
    throw Error(Status::unavailable,
                "aws: no credentials: not in the keys, the environment, the shared files (" +
                    sources.credentials_file + ", " + sources.config_file +
                    "), web identity or container variables, and AWS_EC2_METADATA_DISABLED "
                    "is set");
  }
  try {
    return instance_role(settings, interruption);
  } catch (const Error &error) {
    if (error.status() == Status::cancelled) {
      throw;
    }
    throw Error(error.status(),
                "aws: no credentials: not in the keys, the environment, the shared files (" +
                    sources.credentials_file + ", " + sources.config_file +
                    "), web identity or container variables, and the instance role failed: " +
                    error.what());
  }
}

}  // namespace joinery::aws
