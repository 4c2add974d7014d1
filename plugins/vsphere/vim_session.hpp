// A session with the vCenter's VIM SOAP API at /sdk, the calls the provider needs
// and no more: ServiceInstance.RetrieveServiceContent, SessionManager.Login (the
// vmware_soap_session cookie kept for the calls after it), PropertyCollector's
// RetrievePropertiesEx of the virtual machines' guest.net, and Logout. Faults come out
// as the vCenter wrote them ("InvalidLogin: Cannot complete login due to an incorrect
// user name or password."). Request bodies carry the password and are never logged or
// quoted; what is quoted from an answer has the session cookie masked.
#pragma once

#include <joinery/plugin.hpp>
#include "http_request.hpp"
#include "vsphere_settings.hpp"

#include <memory>
#include <string>
#include <vector>

namespace pugi {
class xml_document;
class xml_node;
}  // namespace pugi

namespace joinery::vsphere {

// What VMware Tools reports of one virtual machine's network: every address of
// guest.net[].ipConfig.ipAddress[], and of guest.net[].ipAddress[] for a NIC without
// an ipConfig, as written.
struct GuestNetwork {
  std::string id;    // the managed object id: "vm-57"
  std::string name;  // "consul-1"
  std::vector<std::string> addresses;
  bool reported = false;  // false: guest.net absent or empty (VMware Tools not running)
};

class VimSession {
 public:
  // Retrieves the service content and logs in as settings.user. Throws sdk::Error:
  // `unavailable` with the fault for a refused login, the transport's error otherwise.
  VimSession(const VsphereSettings &settings, const sdk::CallBounds &interruption);
  VimSession(const VimSession &) = delete;
  VimSession &operator=(const VimSession &) = delete;
  ~VimSession() = default;

  // The guest networks of the virtual machines `ids`, in that order. A machine that
  // no longer exists (ManagedObjectNotFound) is left out, named in `notes`.
  std::vector<GuestNetwork> guest_networks(const std::vector<std::string> &ids,
                                           std::vector<std::string> &notes);

  // SessionManager.Logout; true when it succeeded. Never throws.
  bool logout() noexcept;

 private:
  // Calls `method` on the object `target` ("SessionManager") with `arguments` (the XML
  // of its parameters) and returns the answer; throws sdk::Error for a SOAP fault.
  std::unique_ptr<pugi::xml_document> call(const std::string &method,
                                           const std::string &target_type,
                                           const std::string &target, const std::string &arguments);
  // Adds the virtual machines of a RetrievePropertiesEx answer's returnval to `found`.
  void read_objects(const pugi::xml_node &returnval, std::vector<GuestNetwork> &found);

  const VsphereSettings &settings_;
  const sdk::CallBounds &interruption_;
  http::HttpRequest request_;  // POST /sdk with SOAPAction and, once logged in, the cookie
  std::string property_collector_ = "propertyCollector";
  std::string session_manager_ = "SessionManager";
};

}  // namespace joinery::vsphere
