#include "os_discovery.hpp"

#include "json_api.hpp"
#include "url_component.hpp"

#include <chrono>

namespace joinery::os {
namespace {

using nlohmann::json;

constexpr int page_limit = 500;

// {"error": {"code": 401, "title": "Unauthorized", "message": "..."}}
constexpr cloud::ApiDialect identity_dialect{
    "os",
    nullptr,
    nullptr,
    "check user_name and password (or token), and domain_id or domain_name",
    "the user needs a role on the project (project_id or project_name)",
    "check auth_url: Keystone's v3 URL (https://keystone:5000/v3)",
    true};

// {"forbidden": {"code": 403, "message": "..."}}
constexpr cloud::ApiDialect compute_dialect{
    "os",
    nullptr,
    nullptr,
    "the token was refused; check the credentials",
    "the user needs a role on the project allowing os_compute_api:servers:detail",
    "check region: the catalog's compute endpoint may be wrong",
    true};

constexpr cloud::ApiDialect metadata_dialect{
    "os",    nullptr, nullptr,
    nullptr, nullptr, "give project_id (or $OS_PROJECT_ID): the metadata service has no project id",
    true};

http::TlsSettings tls_of(const OsSettings &settings) {
  http::TlsSettings tls;
  tls.insecure = settings.insecure;
  tls.ca.file = settings.ca_file;
  tls.ca.key = "OS_CACERT";
  return tls;
}

std::string project_from_metadata(const OsSettings &settings, const sdk::CallBounds &interruption) {
  http::HttpRequest request;
  request.url = settings.metadata_url + "/openstack/latest/meta_data.json";
  request.timeout = std::chrono::seconds(2);
  const cloud::JsonAnswer answer = cloud::call_json_api(request, metadata_dialect, interruption);
  const auto project = answer.document.find("project_id");
  if (!answer.document.is_object() || project == answer.document.end() || !project->is_string() ||
      project->get<std::string>().empty()) {
    throw sdk::Error(sdk::Status::unavailable,
                     answer.request +
                         ": no project_id in the instance's metadata; give "
                         "project_id (or $OS_PROJECT_ID)");
  }
  return project->get<std::string>();
}

json domain_of(const OsSettings &settings) {
  if (!settings.domain_id.empty()) {
    return {{"id", settings.domain_id}};
  }
  if (!settings.domain_name.empty()) {
    return {{"name", settings.domain_name}};
  }
  return {{"id", "default"}};  // Keystone's default domain, as the OpenStack clients assume
}

json token_request(const OsSettings &settings, const std::string &project_id) {
  json identity;
  if (!settings.token.empty()) {
    identity = {{"methods", {"token"}}, {"token", {{"id", settings.token}}}};
  } else {
    identity = {{"methods", {"password"}},
                {"password",
                 {{"user",
                   {{"name", settings.user_name},
                    {"domain", domain_of(settings)},
                    {"password", settings.password}}}}}};
  }
  json project = project_id.empty()
                     ? json{{"name", settings.project_name}, {"domain", domain_of(settings)}}
                     : json{{"id", project_id}};
  return {{"auth", {{"identity", identity}, {"scope", {{"project", project}}}}}};
}

struct Token {
  std::string id;
  std::string compute_url;
};

std::string tokens_url(const std::string &auth_url) {
  return auth_url.ends_with("/v3") ? auth_url + "/auth/tokens" : auth_url + "/v3/auth/tokens";
}

// The public compute endpoint of `region` in the token's catalog.
std::string compute_endpoint(const json &catalog, const std::string &region,
                             const std::string &request) {
  std::string regions;
  for (const json &service : catalog) {
    if (service.at("type").get<std::string>() != "compute") {
      continue;
    }
    for (const json &endpoint : service.at("endpoints")) {
      if (endpoint.at("interface").get<std::string>() != "public") {
        continue;
      }
      const std::string id = endpoint.value("region_id", endpoint.value("region", ""));
      if (id == region || endpoint.value("region", "") == region) {
        std::string url = endpoint.at("url").get<std::string>();
        while (url.ends_with('/')) {
          url.pop_back();
        }
        return url;
      }
      regions += (regions.empty() ? "" : ", ") + id;
    }
  }
  throw sdk::Error(sdk::Status::unavailable,
                   request + ": the catalog has no public compute endpoint in region " + region +
                       (regions.empty() ? " (none at all)" : " (only in " + regions + ")") +
                       "; check region");
}

Token issue_token(const OsSettings &settings, const std::string &project_id,
                  const sdk::CallBounds &interruption) {
  http::HttpRequest request;
  request.url = tokens_url(settings.auth_url);
  request.body = token_request(settings, project_id).dump();
  request.tls = tls_of(settings);
  if (!settings.token.empty()) {
    request.headers.push_back("X-Auth-Token: " + settings.token);
  }
  const cloud::JsonAnswer answer = cloud::call_json_api(request, identity_dialect, interruption);
  const auto subject = answer.response.header("x-subject-token");
  if (!subject || subject->empty()) {
    throw sdk::Error(sdk::Status::unavailable,
                     answer.request +
                         ": the answer has no X-Subject-Token header; check "
                         "auth_url: Keystone's v3 URL");
  }
  try {
    return {*subject, compute_endpoint(answer.document.at("token").at("catalog"), settings.region,
                                       answer.request)};
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
}

bool metadata_matches(const json &server, const OsSettings &settings) {
  if (settings.tag_key.empty()) {
    return true;
  }
  const auto metadata = server.find("metadata");
  if (metadata == server.end() || !metadata->is_object()) {
    return false;
  }
  const auto value = metadata->find(settings.tag_key);
  return value != metadata->end() && value->is_string() &&
         value->get<std::string>() == settings.tag_value;
}

void add_fixed_addresses(const json &server, cloud::Found &found) {
  std::size_t before = found.addresses.size();
  for (const auto &[network, addresses] : server.at("addresses").items()) {
    for (const json &address : addresses) {
      if (address.value("OS-EXT-IPS:type", "") == "fixed") {
        found.addresses.push_back(address.at("addr").get<std::string>());
      }
    }
  }
  if (found.addresses.size() == before) {
    found.notes.push_back("os: server " + server.at("name").get<std::string>() + " (" +
                          server.at("id").get<std::string>() + ") has no fixed address");
  }
}

std::string next_link(const json &document) {
  const auto links = document.find("servers_links");
  if (links == document.end() || !links->is_array()) {
    return "";
  }
  for (const json &link : *links) {
    if (link.value("rel", "") == "next") {
      return link.at("href").get<std::string>();
    }
  }
  return "";
}

}  // namespace

cloud::Found discover_os(const OsSettings &settings, const sdk::CallBounds &interruption) {
  cloud::Found found;
  std::string project_id = settings.project_id;
  if (project_id.empty() && settings.project_name.empty()) {
    project_id = project_from_metadata(settings, interruption);
    found.notes.push_back("os: project " + project_id + " from the metadata service");
  }
  const Token token = issue_token(settings, project_id, interruption);
  http::HttpRequest request;
  request.headers = {"X-Auth-Token: " + token.id};
  request.tls = tls_of(settings);
  request.url =
      token.compute_url + "/servers/detail?status=ACTIVE&limit=" + std::to_string(page_limit);
  for (int page = 1;; ++page) {
    const cloud::JsonAnswer answer = cloud::call_json_api(request, compute_dialect, interruption);
    try {
      for (const json &server : answer.document.at("servers")) {
        if (metadata_matches(server, settings)) {
          add_fixed_addresses(server, found);
        }
      }
      request.url = next_link(answer.document);
    } catch (const json::exception &error) {
      throw cloud::unexpected_answer(answer, error);
    }
    if (request.url.empty()) {
      return found;
    }
    cloud::check_page_count(page + 1, answer);
  }
}

}  // namespace joinery::os
