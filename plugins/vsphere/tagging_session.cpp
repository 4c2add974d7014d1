#include "tagging_session.hpp"

#include "url_component.hpp"
#include "vcenter_request.hpp"

namespace joinery::vsphere {
namespace {

using nlohmann::json;
using sdk::Error;
using sdk::Status;

constexpr const char *cis = "/rest/com/vmware/cis";

// {"type": "com.vmware.vapi.std.errors.unauthenticated", "value": {"messages": [...]}}
constexpr cloud::ApiDialect dialect{
    "vsphere",
    "type",
    nullptr,
    "check user and password: the vCenter refused them for the CIS REST API",
    "the user needs the privilege to read tags (System.Read)",
    "the vCenter has no CIS tagging API at /rest (vSphere 6.0 or later needed)"};

std::string id_path(std::string_view what, const std::string &id) {
  return std::string(cis) + "/tagging/" + std::string(what) +
         "/id:" + http::encode_url_component(id);
}

}  // namespace

TaggingSession::TaggingSession(const VsphereSettings &settings, const sdk::CallBounds &interruption)
    : interruption_(interruption), request_(vcenter_request(settings, "")) {
  http::HttpRequest login = request_;
  login.basic_auth = {settings.user, settings.password};
  login.url += std::string(cis) + "/session";
  login.body = "";
  const cloud::JsonAnswer answer = cloud::call_json_api(login, dialect, interruption_);
  const auto value = answer.document.find("value");
  if (value == answer.document.end() || !value->is_string() || value->get<std::string>().empty() ||
      value->get<std::string>().find_first_of("\r\n") != std::string::npos) {
    throw Error(Status::unavailable, answer.request + ": the answer holds no session id");
  }
  request_.headers = {"vmware-api-session-id: " + value->get<std::string>()};
}

cloud::JsonAnswer TaggingSession::call(const std::string &method, const std::string &path,
                                       std::optional<std::string> body) {
  http::HttpRequest request = request_;
  request.method = method;
  request.url += path;
  request.body = std::move(body);
  return cloud::call_json_api(request, dialect, interruption_);
}

std::vector<std::string> TaggingSession::listed_ids(const cloud::JsonAnswer &answer) {
  std::vector<std::string> ids;
  try {
    if (const auto value = answer.document.find("value"); value != answer.document.end()) {
      for (const json &id : *value) {
        ids.push_back(id.get<std::string>());
      }
    }
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
  return ids;
}

std::string TaggingSession::one_named(const Named &named, const std::vector<std::string> &ids) {
  std::vector<std::string> matches;
  for (const std::string &id : ids) {
    const cloud::JsonAnswer object = call("GET", id_path(named.kind, id));
    try {
      if (object.document.at("value").at("name").get<std::string>() == named.name) {
        matches.push_back(id);
      }
    } catch (const json::exception &error) {
      throw cloud::unexpected_answer(object, error);
    }
  }
  const std::string prefix = "vsphere: " + std::string(named.key) + ": ";
  if (matches.empty()) {
    throw Error(Status::not_found,
                prefix + "no " + named.noun + " named \"" + named.name + "\" " + named.where);
  }
  if (matches.size() > 1) {
    throw Error(Status::unavailable, prefix + std::to_string(matches.size()) + " " + named.noun +
                                         "s are named \"" + named.name + "\" " + named.where);
  }
  return matches.front();
}

std::string TaggingSession::category_id(const std::string &name) {
  const Named named{"category", "category_name", "tag category", name, "on the vCenter"};
  return one_named(named, listed_ids(call("GET", std::string(cis) + "/tagging/category")));
}

std::string TaggingSession::tag_id(const std::string &name, const std::string &category_id,
                                   const std::string &category_name) {
  const Named named{"tag", "tag_name", "tag", name, "in category \"" + category_name + "\""};
  return one_named(
      named, listed_ids(call(
                 "POST", id_path("tag", category_id) + "?~action=list-tags-for-category", "{}")));
}

std::vector<std::string> TaggingSession::tagged_machines(const std::string &tag_id,
                                                         std::vector<std::string> &notes) {
  const cloud::JsonAnswer answer =
      call("POST", id_path("tag-association", tag_id) + "?~action=list-attached-objects", "{}");
  std::vector<std::string> machines;
  try {
    if (const auto value = answer.document.find("value"); value != answer.document.end()) {
      for (const json &object : *value) {
        const std::string type = object.at("type").get<std::string>();
        const std::string id = object.at("id").get<std::string>();
        if (type == "VirtualMachine") {
          machines.push_back(id);
        } else {
          notes.push_back("vsphere: tagged object " + id + " is a " + type +
                          ", not a virtual machine; left out");
        }
      }
    }
  } catch (const json::exception &error) {
    throw cloud::unexpected_answer(answer, error);
  }
  return machines;
}

bool TaggingSession::logout() noexcept {
  try {
    http::HttpRequest request = request_;
    request.method = "DELETE";
    request.url += std::string(cis) + "/session";
    (void)http::perform(request, interruption_);
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace joinery::vsphere
