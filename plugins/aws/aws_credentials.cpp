#include "aws_credentials.hpp"

#include "aws_api.hpp"
#include "command_failure.hpp"
#include "command_line.hpp"
#include "instance_metadata.hpp"
#include "shared_config.hpp"
#include "subprocess.hpp"
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

// The keys of one section of a shared file (`where` names it for messages); nullopt when
// it holds no aws_access_key_id.
std::optional<AccessKeys> section_keys(const std::optional<IniSection> &section,
                                       const std::string &where) {
  if (!section || !section->contains("aws_access_key_id")) {
    return std::nullopt;
  }
  auto value = [&](const char *name) {
    const auto entry = section->find(name);
    return entry == section->end() ? std::string() : entry->second;
  };
  AccessKeys keys{value("aws_access_key_id"), value("aws_secret_access_key"),
                  value("aws_session_token")};
  if (!valid_keys(keys)) {
    throw Error(Status::unavailable, "aws: shared credentials " + where +
                                         " has aws_access_key_id without aws_secret_access_key");
  }
  return keys;
}

std::string xml_text(const pugi::xml_node &node, const char *name) {
  return node.child(name).child_value();
}

// The Credentials of STS's ACTIONResponse/ACTIONResult answer.
cloud::AccessToken sts_credentials(const std::string &body, const std::string &action,
                                   const std::string &endpoint) {
  pugi::xml_document document;
  document.load_buffer(body.data(), body.size());
  const pugi::xml_node credentials = document.child((action + "Response").c_str())
                                         .child((action + "Result").c_str())
                                         .child("Credentials");
  const AccessKeys keys{xml_text(credentials, "AccessKeyId"),
                        xml_text(credentials, "SecretAccessKey"),
                        xml_text(credentials, "SessionToken")};
  if (!valid_keys(keys)) {
    throw Error(Status::unavailable,
                "aws sts: " + endpoint + ": " + action + " answered no Credentials");
  }
  return expiring(keys, xml_text(credentials, "Expiration"));
}

AwsCredentials web_identity(const CredentialSources &sources, const AwsSettings &settings,
                            const std::string &region, const sdk::CallBounds &interruption) {
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
    const http::HttpResponse answer =
        call_aws(request,
                 {"aws sts",
                  "sts:AssumeRoleWithWebIdentity on " + sources.role_arn,
                  source,
                  {},
                  settings.ca_bundle},
                 interruption);
    return sts_credentials(answer.body, "AssumeRoleWithWebIdentity", endpoint);
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

AwsCredentials container(const CredentialSources &sources, const http::PemSource &ca,
                         const sdk::CallBounds &interruption) {
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
        call_aws(request, {"aws container credentials", "", source, {}, ca}, interruption);
    return json_credentials(answer.body, source);
  };
  const std::string key = "container " + sources.container_url;
  return {unpacked(credential_cache().token(key, fetch)), source, key};
}

AwsCredentials instance_role(const AwsSettings &settings, const sdk::CallBounds &interruption) {
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

// The credentials of the shared files' profiles, as the SDKs resolve a profile: a role
// to assume (role_arn, with the credentials of source_profile or credential_source, or
// a web identity token file), its static keys, or its credential_process. SSO and MFA
// profiles need a browser or a code typed in, which joinery cannot do: refused, naming
// what to use instead.
class ProfileChain {
 public:
  ProfileChain(const AwsSettings &settings, const std::string &region,
               const sdk::CallBounds &interruption)
      : settings_(settings),
        files_(settings.credentials),
        region_(region),
        interruption_(interruption) {}

  // The profile's credentials; nullopt when it holds none (the chain goes on).
  std::optional<AwsCredentials> of(const std::string &name) { return resolve(name, false); }

 private:
  std::optional<AwsCredentials> resolve(const std::string &name, bool as_source) {
    const SharedProfile profile = files_.profile(name);
    if (!profile.exists() && settings_.credentials.profile_named) {
      refuse(name, "AWS_PROFILE names a profile that is in neither file");
    }
    const std::string where = "profile " + name + " of ";
    const auto credentials_keys = section_keys(profile.credentials, where + credentials_file());
    const auto config_keys = section_keys(profile.config, where + config_file());
    // A source profile's own keys win over its role_arn (the SDKs' rule for chains).
    if (as_source && (credentials_keys || config_keys)) {
      return static_keys(name, credentials_keys, config_keys);
    }
    if (!profile.config_value("role_arn").empty()) {
      return assume_role(profile);
    }
    if (!profile.config_value("sso_session").empty() ||
        !profile.config_value("sso_start_url").empty()) {
      refuse(name,
             "SSO profiles are not supported (joinery cannot open a browser or read the AWS "
             "CLI's SSO cache); use credential_process = aws configure export-credentials "
             "--profile " +
                 name + " --format process");
    }
    if (credentials_keys) {
      return static_keys(name, credentials_keys, config_keys);
    }
    if (!profile.config_value("credential_process").empty()) {
      return process_credentials(profile);
    }
    if (config_keys) {
      return static_keys(name, credentials_keys, config_keys);
    }
    if (as_source) {
      refuse(name,
             "it is a source_profile but holds no credentials (keys, role_arn or "
             "credential_process)");
    }
    return std::nullopt;
  }

  [[noreturn]] void refuse(const std::string &name, const std::string &why) const {
    throw Error(Status::invalid_config,
                "aws: profile " + name + " (" + files_.names() + "): " + why);
  }

  std::string credentials_file() const { return settings_.credentials.credentials_file; }
  std::string config_file() const { return settings_.credentials.config_file; }

  AwsCredentials static_keys(const std::string &name, const std::optional<AccessKeys> &credentials,
                             const std::optional<AccessKeys> &config) const {
    return credentials
               ? AwsCredentials{*credentials, "profile " + name + " of " + credentials_file(), ""}
               : AwsCredentials{*config, "profile " + name + " of " + config_file(), ""};
  }

  // The credentials role_arn is assumed with: source_profile, credential_source, or
  // the profile's web_identity_token_file.
  AwsCredentials role_source(const SharedProfile &profile) {
    const std::string source_profile = profile.config_value("source_profile");
    const std::string credential_source = profile.config_value("credential_source");
    if (!source_profile.empty() && !credential_source.empty()) {
      refuse(profile.name, "give source_profile or credential_source, not both");
    }
    if (!source_profile.empty()) {
      if (source_profile == profile.name) {
        // A profile may be its own source: its keys assume its role (the SDKs allow it).
        const auto own = section_keys(profile.credentials, "profile " + profile.name);
        const auto own_config = section_keys(profile.config, "profile " + profile.name);
        if (own || own_config) {
          return static_keys(profile.name, own, own_config);
        }
        refuse(profile.name, "it is its own source_profile but holds no keys");
      }
      visited_.push_back(profile.name);
      if (std::find(visited_.begin(), visited_.end(), source_profile) != visited_.end()) {
        std::string loop;
        for (const std::string &name : visited_) {
          loop += name + " -> ";
        }
        refuse(profile.name, "source_profile " + source_profile + " makes a loop (" + loop +
                                 source_profile + ")");
      }
      if (!files_.profile(source_profile).exists()) {
        refuse(profile.name, "source_profile " + source_profile + " is in neither file");
      }
      return *resolve(source_profile, true);
    }
    const CredentialSources &sources = settings_.credentials;
    if (credential_source == "Environment") {
      if (sources.environment.empty()) {
        refuse(profile.name,
               "credential_source Environment: $AWS_ACCESS_KEY_ID and "
               "$AWS_SECRET_ACCESS_KEY are not set");
      }
      return {sources.environment, "$AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY", ""};
    }
    if (credential_source == "EcsContainer") {
      if (sources.container_url.empty()) {
        refuse(profile.name,
               "credential_source EcsContainer: "
               "$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (_FULL_URI) is not set");
      }
      return container(sources, settings_.ca_bundle, interruption_);
    }
    if (credential_source == "Ec2InstanceMetadata") {
      return instance_role(settings_, interruption_);
    }
    if (!credential_source.empty()) {
      refuse(profile.name, "credential_source \"" + credential_source +
                               "\" is none of Environment, EcsContainer, Ec2InstanceMetadata");
    }
    refuse(profile.name,
           "role_arn needs source_profile, credential_source or "
           "web_identity_token_file");
  }

  AwsCredentials assume_role(const SharedProfile &profile) {
    const std::string role_arn = profile.config_value("role_arn");
    std::string session = profile.config_value("role_session_name");
    if (session.empty()) {
      session = "joinery";
    }
    if (const std::string token_file = profile.config_value("web_identity_token_file");
        !token_file.empty() && profile.config_value("source_profile").empty() &&
        profile.config_value("credential_source").empty()) {
      CredentialSources sources = settings_.credentials;
      sources.web_identity_token_file = token_file;
      sources.role_arn = role_arn;
      sources.role_session_name = session;
      return web_identity(sources, settings_, region_, interruption_);
    }
    if (!profile.config_value("mfa_serial").empty()) {
      refuse(profile.name,
             "mfa_serial needs a code typed in, which joinery cannot ask for; "
             "use credential_process or temporary keys");
    }
    const AwsCredentials source = role_source(profile);
    std::string body =
        "Action=AssumeRole&Version=2011-06-15&RoleArn=" + http::encode_url_component(role_arn) +
        "&RoleSessionName=" + http::encode_url_component(session);
    for (const auto &[setting, parameter] : {std::pair{"external_id", "ExternalId"},
                                             std::pair{"duration_seconds", "DurationSeconds"}}) {
      if (const std::string value = profile.config_value(setting); !value.empty()) {
        body += std::string("&") + parameter + "=" + http::encode_url_component(value);
      }
    }
    const std::string endpoint =
        settings_.sts_endpoint.empty() ? regional_endpoint("sts", region_) : settings_.sts_endpoint;
    const std::string described =
        "role " + role_arn + " of profile " + profile.name + ", assumed with " + source.source;
    auto fetch = [&] {
      const http::HttpResponse answer = call_aws(
          signed_post(endpoint + "/", body, "application/x-www-form-urlencoded; charset=utf-8",
                      "sts", region_, source.keys),
          {"aws sts", "sts:AssumeRole on " + role_arn, source.source,
           [&] { forget_aws_credentials(source); }, settings_.ca_bundle},
          interruption_);
      return sts_credentials(answer.body, "AssumeRole", endpoint);
    };
    const std::string key = "assume_role " + endpoint + " " + role_arn + " " + session + " " +
                            source.keys.access_key_id + " " + body;
    return {unpacked(credential_cache().token(key, fetch)), described, key};
  }

  // credential_process: the command (split into words, no shell: the AWS CLI's rule)
  // run within the call's deadline; its stdout is the SDKs' JSON, {"Version": 1,
  // "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}.
  AwsCredentials process_credentials(const SharedProfile &profile) {
    const std::string command = profile.config_value("credential_process");
    std::vector<std::string> argv;
    try {
      argv = exec::parse_command({command});
    } catch (const Error &error) {
      refuse(profile.name, std::string("credential_process: ") + error.what());
    }
    const std::string described =
        "credential_process of profile " + profile.name + " (" + exec::describe_command(argv) + ")";
    auto fetch = [&] {
      constexpr std::chrono::milliseconds timeout{60000};
      exec::SubprocessResult result = exec::run_subprocess({argv, {}, timeout}, interruption_);
      result.out_tail.clear();  // stdout holds the secrets: never quoted
      try {
        exec::throw_unless_succeeded(result, argv, timeout);
      } catch (const Error &error) {
        throw Error(error.status(), "aws: " + described + ": " + error.what());
      }
      const auto document = nlohmann::json::parse(result.out, nullptr, false);
      if (!document.is_object() || document.value("Version", nlohmann::json()) != 1) {
        throw Error(Status::unavailable, "aws: " + described +
                                             ": its output is not the SDKs' JSON with "
                                             "\"Version\": 1 (AccessKeyId, SecretAccessKey, "
                                             "SessionToken, Expiration)");
      }
      auto member = [&](const char *name) {
        const auto found = document.find(name);
        return found != document.end() && found->is_string() ? found->get<std::string>()
                                                             : std::string();
      };
      const AccessKeys keys{member("AccessKeyId"), member("SecretAccessKey"),
                            member("SessionToken")};
      if (!valid_keys(keys)) {
        throw Error(Status::unavailable,
                    "aws: " + described + ": its output has no AccessKeyId and SecretAccessKey");
      }
      return expiring(keys, member("Expiration"));
    };
    const std::string key = "process " + profile.name + " " + command;
    return {unpacked(credential_cache().token(key, fetch)), described, key};
  }

  const AwsSettings &settings_;
  const SharedFiles files_;
  const std::string &region_;
  const sdk::CallBounds &interruption_;
  std::vector<std::string> visited_;
};

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
                                    const sdk::CallBounds &interruption) {
  const CredentialSources &sources = settings.credentials;
  if (!sources.keys.empty()) {
    return {sources.keys, "the keys access_key_id and secret_access_key", ""};
  }
  if (!sources.environment.empty()) {
    return {sources.environment, "$AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY", ""};
  }
  if (auto found = ProfileChain(settings, region, interruption).of(sources.profile)) {
    return *found;
  }
  if (!sources.web_identity_token_file.empty() && !sources.role_arn.empty()) {
    return web_identity(sources, settings, region, interruption);
  }
  if (!sources.container_url.empty()) {
    return container(sources, settings.ca_bundle, interruption);
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
