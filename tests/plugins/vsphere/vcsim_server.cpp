#include "vcsim_server.hpp"

#include "support/file_text.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace joinery::test {

Vcsim::Vcsim(const TlsCertificates &certificates, const nlohmann::json &guests,
             const std::string &user_password)
    : certificates_(certificates) {
  const auto guest_file = dir_.write("guest.json", guests.dump());
  const auto ready_file = dir_.path() / "ready.json";
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
      VCSIM_BINARY, "-listen", "127.0.0.1:0", "-user", user, "-password", user_password, "-cert",
      certificates.server_cert().string(), "-key", certificates.server_key().string(), "-guest",
      guest_file.string(), "-ready", ready_file.string()});
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::filesystem::exists(ready_file)) {
    if (!process_->running() || std::chrono::steady_clock::now() > give_up) {
      throw std::runtime_error("vcsim did not start: " + process_->stderr_text());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ready_ = nlohmann::json::parse(file_text(ready_file));
  http::HttpRequest login;
  login.url = ready_.at("url").get<std::string>() + "/rest/com/vmware/cis/session";
  login.body = "";
  login.basic_auth = {user, user_password};
  login.tls.ca.file = certificates.ca_cert().string();
  session_ = nlohmann::json::parse(http::perform(login, {}).body).at("value");
}

std::string Vcsim::host() const {
  return ready_.at("url").get<std::string>().substr(std::string("https://").size());
}

std::string Vcsim::machine_id(const std::string &name) const {
  return ready_.at("vms").at(name);
}

nlohmann::json Vcsim::rest(const std::string &path, const nlohmann::json &body) {
  http::HttpRequest request;
  request.url = ready_.at("url").get<std::string>() + "/rest/com/vmware/cis/tagging/" + path;
  request.body = body.dump();
  request.headers = {"vmware-api-session-id: " + session_};
  request.tls.ca.file = certificates_.ca_cert().string();
  const std::string answer = http::perform(request, {}).body;
  return answer.empty() ? nlohmann::json() : nlohmann::json::parse(answer);
}

std::string Vcsim::create_category(const std::string &name) {
  return rest("category", {{"create_spec",
                            {{"name", name},
                             {"description", "joinery test"},
                             {"cardinality", "MULTIPLE"},
                             {"associable_types", nlohmann::json::array()}}}})
      .at("value");
}

std::string Vcsim::create_tag(const std::string &name, const std::string &category_id) {
  return rest("tag",
              {{"create_spec",
                {{"name", name}, {"description", "joinery test"}, {"category_id", category_id}}}})
      .at("value");
}

void Vcsim::attach(const std::string &tag_id, const std::string &machine_name) {
  attach_object(tag_id, "VirtualMachine", machine_id(machine_name));
}

void Vcsim::attach_object(const std::string &tag_id, const std::string &type,
                          const std::string &id) {
  (void)rest("tag-association/id:" + tag_id + "?~action=attach",
             {{"object_id", {{"id", id}, {"type", type}}}});
}

}  // namespace joinery::test
