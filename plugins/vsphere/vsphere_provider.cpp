// The `vsphere` discovery provider: go-discover's vsphere provider, key for key, with
// the password from the environment (consul#7343: the host's password_file= and
// password_env= too) and a CA bundle.
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "vsphere_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "vsphere", "VMware vSphere virtual machines by tag (go-discover's vsphere provider)",
    "Logs in to the vCenter at https://HOST/sdk (VIM SOAP) and /rest (CIS tagging),\n"
    "finds the tag tag_name in the category category_name, and returns the guest IPv4\n"
    "and IPv6 addresses that VMware Tools reports for every virtual machine with the tag\n"
    "(never loopback, link-local or multicast). The password is best kept out of the\n"
    "command line: password_file=PATH, password_env=NAME or $VSPHERE_PASSWORD. The\n"
    "vCenter's certificate is checked against the system's CAs or ca_file; insecure_ssl=true\n"
    "skips that (with a warning). Examples:\n"
    "  provider=vsphere category_name=consul tag_name=server host=vcenter.example.com\n"
    "  user=discover@vsphere.local password_file=/etc/consul.d/vsphere-password\n"
    "  provider=vsphere category_name=consul tag_name=server ca_file=/etc/ssl/vcenter.pem\n"
    "  (host, user, password: $VSPHERE_SERVER, $VSPHERE_USER, $VSPHERE_PASSWORD)",
    vsphere::vsphere_keys);

// CloudProvider's shape, plus the warning insecure_ssl deserves at every attempt: given
// before the first call, so that it is logged even when the attempt fails.
class VsphereProvider final : public sdk::Provider {
 public:
  static constexpr sdk::Description description = ::description;

  void validate(const sdk::Config &config, const sdk::Call & /*call*/) const override {
    (void)vsphere::read_vsphere_settings(config, cloud::Environment::of_this_process());
  }

  void discover(const sdk::Config &config, const sdk::Call &call,
                const sdk::AddressSink &out) const override {
    const vsphere::VsphereSettings settings =
        vsphere::read_vsphere_settings(config, cloud::Environment::of_this_process());
    if (settings.insecure) {
      call.warn("vsphere: insecure_ssl is set: the certificate of " + settings.host +
                " is not verified, so anyone on the path can pose as the vCenter and learn "
                "the password; give ca_file instead");
    }
    const cloud::Found found = vsphere::discover_vsphere(settings, call.bounds());
    for (const std::string &note : found.notes) {
      call.debug(note);
    }
    for (const std::string &address : found.addresses) {
      out.push(address);
    }
  }
};

}  // namespace

JOINERY_PLUGIN("org.joinery.vsphere", "1.0.0", joinery::sdk::Providers<VsphereProvider>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
