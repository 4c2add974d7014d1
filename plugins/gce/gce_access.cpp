#include "gce_access.hpp"

#include "access_token.hpp"
#include "answer_text.hpp"
#include "google_credentials.hpp"
#include "http_request.hpp"
#include "jwt_assertion.hpp"
#include "url_component.hpp"

#include <joinery/sdk/escaped_text.hpp>
#include <joinery/sdk/masked_text.hpp>

#include <cstdlib>
#include <filesystem>

namespace joinery::gce {
namespace {

// The metadata server answers at once on GCE; elsewhere it is not there at all.
constexpr std::chrono::seconds metadata_timeout{5};
constexpr std::chrono::seconds token_timeout{15};

std::string environment_variable(const char *name) {
  const char *value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

http::HttpRequest metadata_request(const GceEnvironment &environment, const std::string &path) {
  http::HttpRequest request;
  request.url = "http://" + environment.metadata_host + path;
  request.headers = {"Metadata-Flavor: Google"};
  request.timeout = metadata_timeout;
  request.returns_error_answers = true;
  request.max_body_bytes = std::size_t{64} << 10;
  return request;
}

// The answer's body, or an error naming the request, its status and `hint`.
std::string answer_or_throw(const http::HttpRequest &request, const http::HttpResponse &response,
                            const std::string &what, const std::string &hint,
                            const std::vector<std::string_view> &secrets = {}) {
  if (response.status >= 200 && response.status <= 299) {
    return response.body;
  }
  std::string message =
      what + ": " + http::describe_request(request) + ": " +
      cloud::failed_answer(response.status, response.reason, response.body, "status");
  message = sdk::mask_values(http::without_secrets(std::move(message), request), secrets);
  throw sdk::Error(sdk::Status::unavailable, message + " (" + hint + ")");
}

cloud::AccessToken grant(const GoogleCredentials &credentials,
                         const sdk::CallBounds &interruption) {
  http::HttpRequest request;
  request.url = credentials.token_uri;
  request.content_type = "application/x-www-form-urlencoded";
  request.timeout = token_timeout;
  request.returns_error_answers = true;
  request.max_body_bytes = std::size_t{64} << 10;
  std::vector<std::string_view> secrets;
  std::string assertion;
  std::string hint;
  if (credentials.type == "service_account") {
    assertion = jwt_assertion(credentials, compute_scope, std::chrono::system_clock::now());
    request.body =
        "grant_type=" + http::encode_url_component("urn:ietf:params:oauth:grant-type:jwt-bearer") +
        "&assertion=" + assertion;
    secrets = {assertion};
    hint = "is the key of " + credentials.client_email +
           " still active? gcloud iam "
           "service-accounts keys list --iam-account " +
           credentials.client_email;
  } else {
    request.body =
        "grant_type=refresh_token&client_id=" + http::encode_url_component(credentials.client_id) +
        "&client_secret=" + http::encode_url_component(credentials.client_secret) +
        "&refresh_token=" + http::encode_url_component(credentials.refresh_token);
    secrets = {credentials.client_secret, credentials.refresh_token};
    hint = "run gcloud auth application-default login again";
  }
  const std::string what =
      "token grant for credentials file " + sdk::escape_unprintable(credentials.path);
  const http::HttpResponse response = http::perform(request, interruption);
  const std::string body = answer_or_throw(request, response, what, hint, secrets);
  return cloud::read_access_token(body, std::chrono::steady_clock::now(), credentials.token_uri);
}

GceAccess from_credentials_file(const std::string &path, const std::string &named_by,
                                cloud::TokenCache &cache, const sdk::CallBounds &interruption) {
  const GoogleCredentials credentials = read_google_credentials(path);
  GceAccess access;
  access.project_id = credentials.project_id;
  const std::string who = credentials.type == "service_account"
                              ? "service account " + credentials.client_email
                              : "user credentials of client " + credentials.client_id;
  access.origin = who + " from " + named_by + " " + sdk::escape_unprintable(path);
  access.cache_key = credentials.type + "\n" + credentials.token_uri + "\n" +
                     credentials.client_email + credentials.client_id + "\n" +
                     credentials.private_key_id + "\n" + credentials.private_key +
                     credentials.refresh_token;
  access.token = cache.token(access.cache_key, [&] { return grant(credentials, interruption); });
  return access;
}

}  // namespace

GceEnvironment GceEnvironment::of_this_process() {
  GceEnvironment environment;
  environment.application_credentials = environment_variable("GOOGLE_APPLICATION_CREDENTIALS");
  environment.home = environment_variable("HOME");
  if (std::string host = environment_variable("GCE_METADATA_HOST"); !host.empty()) {
    environment.metadata_host = std::move(host);
  }
  if (std::string endpoint = environment_variable("CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE");
      !endpoint.empty()) {
    environment.compute_endpoint = std::move(endpoint);
  }
  return environment;
}

GceAccess find_gce_access(const GceSettings &settings, const GceEnvironment &environment,
                          cloud::TokenCache &cache, const sdk::CallBounds &interruption) {
  if (!settings.credentials_file.empty()) {
    return from_credentials_file(settings.credentials_file, "credentials_file", cache,
                                 interruption);
  }
  if (!environment.application_credentials.empty()) {
    return from_credentials_file(environment.application_credentials,
                                 "GOOGLE_APPLICATION_CREDENTIALS", cache, interruption);
  }
  if (!environment.home.empty()) {
    const std::filesystem::path gcloud = std::filesystem::path(environment.home) / ".config" /
                                         "gcloud" / "application_default_credentials.json";
    std::error_code error;
    if (std::filesystem::exists(gcloud, error)) {
      return from_credentials_file(gcloud.string(), "gcloud's application default credentials",
                                   cache, interruption);
    }
  }
  GceAccess access;
  access.origin =
      "the metadata server's default service account (" + environment.metadata_host + ")";
  access.cache_key = "metadata\n" + environment.metadata_host;
  access.token = cache.token(access.cache_key, [&] {
    const http::HttpRequest request = metadata_request(
        environment, "/computeMetadata/v1/instance/service-accounts/default/token");
    const http::HttpResponse response = http::perform(request, interruption);
    const std::string body = answer_or_throw(
        request, response, "token from the metadata server",
        "off Google Cloud, give credentials_file or GOOGLE_APPLICATION_CREDENTIALS; on it, "
        "give the instance a service account");
    return cloud::read_access_token(body, std::chrono::steady_clock::now(), request.url);
  });
  return access;
}

std::string metadata_project(const GceEnvironment &environment,
                             const sdk::CallBounds &interruption) {
  const http::HttpRequest request =
      metadata_request(environment, "/computeMetadata/v1/project/project-id");
  http::HttpResponse response;
  try {
    response = http::perform(request, interruption);
  } catch (const sdk::Error &error) {
    if (error.status() == sdk::Status::cancelled) {
      throw;
    }
    throw sdk::Error(error.status(), std::string("looking up the project: ") + error.what() +
                                         " (off Google Cloud, give project_name)");
  }
  std::string project = answer_or_throw(request, response, "looking up the project",
                                        "off Google Cloud, give project_name");
  while (!project.empty() && (project.back() == '\n' || project.back() == ' ')) {
    project.pop_back();
  }
  if (project.empty()) {
    throw sdk::Error(sdk::Status::unavailable,
                     "looking up the project: the metadata server answered no project id "
                     "(give project_name)");
  }
  return project;
}

}  // namespace joinery::gce
