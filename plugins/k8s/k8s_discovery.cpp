#include "k8s_discovery.hpp"

#include "url_component.hpp"

namespace joinery::k8s {
namespace {

// Without a deadline from the host, a list must still end: client-go has none by
// default, but a boot-time join should not hang on a wedged API server.
constexpr std::chrono::seconds list_timeout{30};

}  // namespace

std::string pods_url(const std::string &server, const K8sSettings &settings) {
  std::string url = server;
  while (url.ends_with('/')) {
    url.pop_back();
  }
  url += "/api/v1/namespaces/" + http::encode_url_component(settings.namespace_name) + "/pods";
  char separator = '?';
  for (const auto &[name, value] : {std::pair{"labelSelector", &settings.label_selector},
                                    std::pair{"fieldSelector", &settings.field_selector}}) {
    if (!value->empty()) {
      url += separator + std::string(name) + "=" + http::encode_url_component(*value);
      separator = '&';
    }
  }
  return url;
}

PodAddresses discover_k8s(const K8sSettings &settings, const CredentialEnvironment &environment,
                          const sdk::CallBounds &interruption) {
  const ApiAccess access = find_api_access(settings.kubeconfig, environment);
  http::HttpRequest request;
  request.url = pods_url(access.server, settings);
  request.bearer_token = access.bearer_token;
  request.tls = access.tls;
  request.timeout = list_timeout;
  try {
    const http::HttpResponse response = http::perform(request, interruption);
    return pod_addresses(response.body, settings.host_network);
  } catch (const sdk::Error &error) {
    // The request's own errors name it; say whose credentials were used too.
    const std::string what = error.what();
    const std::string named = what.starts_with(http::describe_request(request))
                                  ? what
                                  : http::describe_request(request) + ": " + what;
    throw sdk::Error(error.status(),
                     "error listing pods: " + named + " (credentials from " + access.origin + ")");
  }
}

}  // namespace joinery::k8s
