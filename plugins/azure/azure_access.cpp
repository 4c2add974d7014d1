#include "azure_access.hpp"

#include "access_token.hpp"
#include "answer_text.hpp"
#include "http_request.hpp"
#include "url_component.hpp"

#include <joinery/sdk/escaped_text.hpp>
#include <joinery/sdk/masked_text.hpp>

namespace joinery::azure {
namespace {

constexpr std::chrono::seconds token_timeout{15};

struct ClientSecret {
  std::string tenant_id, client_id, secret;
  std::string named_by;  // "the keys (or ARM_*)", "AZURE_CLIENT_SECRET"
};

cloud::AccessToken fetch(const http::HttpRequest &request, const std::string &what,
                         const std::string &hint, const sdk::CallBounds &interruption) {
  const http::HttpResponse response = http::perform(request, interruption);
  if (response.status < 200 || response.status > 299) {
    throw sdk::Error(
        sdk::Status::unavailable,
        http::without_secrets(
            what + ": " + http::describe_request(request) + ": " +
                cloud::failed_answer(response.status, response.reason, response.body, "code"),
            request) +
            " (" + hint + ")");
  }
  return cloud::read_access_token(response.body, std::chrono::steady_clock::now(), what);
}

std::string resource_of(const AzureEnvironment &environment) {
  return with_slash(environment.resource_manager);
}

AzureAccess client_credentials(const ClientSecret &client, const AzureEnvironment &environment,
                               cloud::TokenCache &cache, const sdk::CallBounds &interruption) {
  std::string scope = resource_of(environment);
  scope.pop_back();
  scope += "/.default";
  http::HttpRequest request;
  request.url = with_slash(environment.authority_host) +
                http::encode_url_component(client.tenant_id) + "/oauth2/v2.0/token";
  request.content_type = "application/x-www-form-urlencoded";
  request.body =
      "grant_type=client_credentials&client_id=" + http::encode_url_component(client.client_id) +
      "&client_secret=" + http::encode_url_component(client.secret) +
      "&scope=" + http::encode_url_component(scope);
  request.timeout = token_timeout;
  request.returns_error_answers = true;
  request.max_body_bytes = std::size_t{64} << 10;
  AzureAccess access;
  access.origin = "client secret of application " + sdk::escape_unprintable(client.client_id) +
                  " in tenant " + sdk::escape_unprintable(client.tenant_id) + " from " +
                  client.named_by;
  access.cache_key =
      "client\n" + request.url + "\n" + client.client_id + "\n" + client.secret + "\n" + scope;
  access.token = cache.token(access.cache_key, [&] {
    try {
      return fetch(request, "token grant for " + access.origin,
                   "check the tenant, the application id and that the secret has not expired",
                   interruption);
    } catch (const sdk::Error &error) {
      // The secret is in the body, which the request's own masking does not know.
      throw sdk::Error(error.status(), sdk::mask_values(error.what(), {client.secret}));
    }
  });
  return access;
}

}  // namespace

std::string with_slash(std::string url) {
  while (url.ends_with('/')) {
    url.pop_back();
  }
  return url + "/";
}

AzureAccess find_azure_access(const AzureSettings &settings, const AzureEnvironment &environment,
                              cloud::TokenCache &cache, const sdk::CallBounds &interruption) {
  if (!settings.tenant_id.empty() && !settings.client_id.empty() &&
      !settings.client_secret.empty()) {
    return client_credentials({settings.tenant_id, settings.client_id, settings.client_secret,
                               "the keys (or ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET)"},
                              environment, cache, interruption);
  }
  if (!environment.azure_tenant_id.empty() && !environment.azure_client_id.empty() &&
      !environment.azure_client_secret.empty()) {
    return client_credentials(
        {environment.azure_tenant_id, environment.azure_client_id, environment.azure_client_secret,
         "AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET"},
        environment, cache, interruption);
  }
  // A user-assigned identity is chosen by its client id; none: the system-assigned one.
  const std::string identity =
      !settings.client_id.empty() ? settings.client_id : environment.azure_client_id;
  http::HttpRequest request;
  request.url = with_slash(environment.imds) +
                "metadata/identity/oauth2/token?api-version=2018-02-01&resource=" +
                http::encode_url_component(resource_of(environment)) +
                (identity.empty() ? "" : "&client_id=" + http::encode_url_component(identity));
  request.headers = {"Metadata: true"};
  request.timeout = token_timeout;
  request.returns_error_answers = true;
  request.max_body_bytes = std::size_t{64} << 10;
  AzureAccess access;
  access.origin =
      "the managed identity" +
      (identity.empty() ? std::string() : " with client id " + sdk::escape_unprintable(identity)) +
      " from IMDS (" + sdk::escape_unprintable(environment.imds) + ")";
  access.cache_key = "imds\n" + request.url;
  access.token = cache.token(access.cache_key, [&] {
    return fetch(request, "token from " + access.origin,
                 "off Azure, give tenant_id, client_id and secret_access_key; on it, assign the "
                 "VM a managed identity",
                 interruption);
  });
  return access;
}

}  // namespace joinery::azure
