#include "vim_session.hpp"

#include "answer_text.hpp"
#include "vcenter_request.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <sstream>

namespace joinery::vsphere {
namespace {

using sdk::Error;
using sdk::Status;

// The first API version whose calls this provider makes (vSphere 6.0, as go-discover
// requires); the vCenter's own apiVersion is used once the service content is read.
constexpr const char *first_api_version = "6.0";

// A vCenter never sends more pages than this of one property retrieval: one that
// always hands out a token cannot keep a call going.
constexpr int max_pages = 1000;

std::string_view local_name(const pugi::xml_node &node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node &node, std::string_view name) {
  for (pugi::xml_node each : node.children()) {
    if (local_name(each) == name) {
      return each;
    }
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node &node, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node each : node.children()) {
    if (local_name(each) == name) {
      out.push_back(each);
    }
  }
  return out;
}

// A SOAP fault as the vCenter wrote it: its type, from the detail element's xsi:type
// ("InvalidLogin", else the element's name without "Fault"), and the object it names.
class VimFault : public Error {
 public:
  VimFault(const std::string &message, std::string type, std::string object)
      : Error(Status::unavailable, message), type_(std::move(type)), object_(std::move(object)) {}
  [[nodiscard]] const std::string &type() const { return type_; }
  [[nodiscard]] const std::string &object() const { return object_; }

 private:
  std::string type_;
  std::string object_;
};

std::string fault_type(const pugi::xml_node &detail) {
  for (pugi::xml_attribute attribute : detail.attributes()) {
    const std::string_view name = attribute.name();
    if (name == "type" || name.ends_with(":type")) {
      std::string_view type = attribute.value();
      if (const std::size_t colon = type.find(':'); colon != std::string_view::npos) {
        type.remove_prefix(colon + 1);
      }
      return std::string(type);
    }
  }
  std::string type(local_name(detail));
  if (type.ends_with("Fault")) {
    type.resize(type.size() - 5);
  }
  return type;
}

// What the operator should check after a fault of `type`.
std::string fault_hint(std::string_view type, const VsphereSettings &settings) {
  if (type == "InvalidLogin") {
    return " (an incorrect user name or password: check user " + settings.user +
           " and password, $VSPHERE_PASSWORD or what password_file/password_env give)";
  }
  if (type == "NoPermission" || type == "NotAuthenticated") {
    return " (the user needs the System.Read privilege on the virtual machines)";
  }
  return "";
}

std::string envelope(const std::string &method, const std::string &target_type,
                     const std::string &target, const std::string &arguments) {
  // The arguments are XML made by this file's callers from escaped text (xml_text).
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><" +
         method + " xmlns=\"urn:vim25\"><_this type=\"" + target_type + "\">" + target +
         "</_this>" + arguments + "</" + method + "></soapenv:Body></soapenv:Envelope>";
}

// `text` as XML character data: &, < and > escaped (pugixml's own escaping).
std::string xml_text(std::string_view text) {
  pugi::xml_document document;
  document.append_child(pugi::node_pcdata).set_value(std::string(text).c_str());
  std::ostringstream out;
  document.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

std::string element(std::string_view name, std::string_view text) {
  return "<" + std::string(name) + ">" + xml_text(text) + "</" + std::string(name) + ">";
}

// The session cookie of a Set-Cookie header: "vmware_soap_session=\"...\"".
std::string session_cookie(const http::HttpResponse &response) {
  for (const auto &[name, value] : response.headers) {
    if (name == "set-cookie" && value.starts_with("vmware_soap_session=")) {
      return value.substr(0, value.find(';'));
    }
  }
  return {};
}

void read_nic_addresses(const pugi::xml_node &nic, std::vector<std::string> &addresses) {
  if (const pugi::xml_node config = child(nic, "ipConfig")) {
    for (const pugi::xml_node &address : children(config, "ipAddress")) {
      addresses.emplace_back(child(address, "ipAddress").text().get());
    }
    return;
  }
  for (const pugi::xml_node &address : children(nic, "ipAddress")) {
    addresses.emplace_back(address.text().get());
  }
}

}  // namespace

VimSession::VimSession(const VsphereSettings &settings, const sdk::CallBounds &interruption)
    : settings_(settings),
      interruption_(interruption),
      request_(vcenter_request(settings, "/sdk")) {
  request_.content_type = "text/xml; charset=utf-8";
  request_.returns_error_answers = true;  // a fault comes with HTTP 500
  request_.headers = {std::string("SOAPAction: urn:vim25/") + first_api_version};

  const auto content =
      call("RetrieveServiceContent", "ServiceInstance", "ServiceInstance", std::string());
  const pugi::xml_node returnval =
      child(child(child(content->document_element(), "Body"), "RetrieveServiceContentResponse"),
            "returnval");
  if (const std::string collector = child(returnval, "propertyCollector").text().get();
      !collector.empty()) {
    property_collector_ = collector;
  }
  if (const std::string manager = child(returnval, "sessionManager").text().get();
      !manager.empty()) {
    session_manager_ = manager;
  }
  if (const std::string version = child(child(returnval, "about"), "apiVersion").text().get();
      !version.empty() && version.find_first_of("\r\n") == std::string::npos) {
    request_.headers = {"SOAPAction: urn:vim25/" + version};
  }

  (void)call("Login", "SessionManager", session_manager_,
             element("userName", settings.user) + element("password", settings.password));
}

std::unique_ptr<pugi::xml_document> VimSession::call(const std::string &method,
                                                     const std::string &target_type,
                                                     const std::string &target,
                                                     const std::string &arguments) {
  http::HttpRequest request = request_;
  request.body = envelope(method, target_type, xml_text(target), arguments);
  const std::string name = "vsphere: " + method + " at " + request.url;
  http::HttpResponse response;
  try {
    response = http::perform(request, interruption_);
  } catch (const Error &error) {
    // The transport's own words ("SSL certificate problem: ..."), with what to do about
    // a certificate the system's CAs do not vouch for.
    const std::string message = error.what();
    const bool certificate = message.find("certificate") != std::string::npos;
    throw Error(
        error.status(),
        "vsphere: " + message +
            (certificate ? " (give the vCenter's CA as ca_file, or insecure_ssl=true)" : ""));
  }
  auto document = std::make_unique<pugi::xml_document>();
  const pugi::xml_parse_result parsed =
      document->load_buffer(response.body.data(), response.body.size());
  const pugi::xml_node body = child(document->document_element(), "Body");
  if (!parsed || local_name(document->document_element()) != "Envelope" || !body) {
    throw Error(Status::unavailable,
                name + ": HTTP " + std::to_string(response.status) + ", not a SOAP answer: " +
                    cloud::quoted_answer_text(http::without_secrets(response.body, request)));
  }
  if (const pugi::xml_node fault = child(body, "Fault")) {
    const pugi::xml_node detail = child(fault, "detail").first_child();
    const std::string type = detail ? fault_type(detail) : std::string("fault");
    const std::string text = child(fault, "faultstring").text().get();
    throw VimFault(name + ": " + type + ": " +
                       cloud::quoted_answer_text(http::without_secrets(text, request)) +
                       fault_hint(type, settings_),
                   type, child(detail, "obj").text().get());
  }
  if (response.status < 200 || response.status > 299) {
    throw Error(Status::unavailable, name + ": HTTP " + std::to_string(response.status));
  }
  if (method == "Login") {
    const std::string cookie = session_cookie(response);
    if (cookie.empty()) {
      throw Error(Status::unavailable, name + ": the answer set no vmware_soap_session cookie");
    }
    request_.headers.push_back("Cookie: " + cookie);
  }
  return document;
}

std::vector<GuestNetwork> VimSession::guest_networks(const std::vector<std::string> &ids,
                                                     std::vector<std::string> &notes) {
  std::vector<std::string> wanted = ids;
  std::vector<GuestNetwork> found;
  // A machine deleted since it was tagged fails the whole call with ManagedObjectNotFound
  // naming it: asked again without it, at most once per machine.
  for (std::size_t round = 0; round <= ids.size() && !wanted.empty(); ++round) {
    std::string spec =
        "<specSet><propSet><type>VirtualMachine</type><pathSet>name</pathSet>"
        "<pathSet>guest.net</pathSet></propSet>";
    for (const std::string &id : wanted) {
      spec += "<objectSet><obj type=\"VirtualMachine\">" + xml_text(id) + "</obj></objectSet>";
    }
    spec += "</specSet><options></options>";
    std::unique_ptr<pugi::xml_document> answer;
    try {
      answer = call("RetrievePropertiesEx", "PropertyCollector", property_collector_, spec);
    } catch (const VimFault &fault) {
      const auto gone = std::find(wanted.begin(), wanted.end(), fault.object());
      if (fault.type() != "ManagedObjectNotFound" || gone == wanted.end()) {
        throw;
      }
      notes.push_back("vsphere: virtual machine " + *gone +
                      " is tagged but no longer exists; left out");
      wanted.erase(gone);
      continue;
    }
    std::string method = "RetrievePropertiesExResponse";
    for (int page = 1;; ++page) {
      const pugi::xml_node returnval =
          child(child(child(answer->document_element(), "Body"), method), "returnval");
      read_objects(returnval, found);
      const std::string token = child(returnval, "token").text().get();
      if (token.empty()) {
        return found;
      }
      if (page >= max_pages) {
        throw Error(Status::unavailable, "vsphere: RetrievePropertiesEx at " + request_.url +
                                             ": more than " + std::to_string(max_pages) +
                                             " pages of virtual machines");
      }
      answer = call("ContinueRetrievePropertiesEx", "PropertyCollector", property_collector_,
                    element("token", token));
      method = "ContinueRetrievePropertiesExResponse";
    }
  }
  return found;
}

void VimSession::read_objects(const pugi::xml_node &returnval, std::vector<GuestNetwork> &found) {
  for (const pugi::xml_node &object : children(returnval, "objects")) {
    GuestNetwork machine;
    machine.id = child(object, "obj").text().get();
    for (const pugi::xml_node &property : children(object, "propSet")) {
      const std::string_view name = child(property, "name").text().get();
      const pugi::xml_node value = child(property, "val");
      if (name == "name") {
        machine.name = value.text().get();
      } else if (name == "guest.net") {
        for (const pugi::xml_node &nic : children(value, "GuestNicInfo")) {
          machine.reported = true;
          read_nic_addresses(nic, machine.addresses);
        }
      }
    }
    // A property the user may not read comes back as a missingSet with its fault: say so,
    // rather than find nothing without a word.
    for (const pugi::xml_node &missing : children(object, "missingSet")) {
      const pugi::xml_node fault = child(child(missing, "fault"), "fault");
      const std::string type = fault ? fault_type(fault) : std::string("fault");
      throw Error(Status::unavailable, "vsphere: RetrievePropertiesEx at " + request_.url +
                                           ": cannot read " + child(missing, "path").text().get() +
                                           " of virtual machine " + machine.id + ": " + type +
                                           fault_hint(type, settings_));
    }
    found.push_back(std::move(machine));
  }
}

bool VimSession::logout() noexcept {
  try {
    (void)call("Logout", "SessionManager", session_manager_, std::string());
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace joinery::vsphere
