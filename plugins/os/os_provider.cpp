// The `os` discovery provider: go-discover's OpenStack provider, key for key (with
// project_name, which go-discover's keys lack), every page of the servers.
#include "cloud_provider.hpp"
#include "curl_library.hpp"
#include "os_discovery.hpp"

namespace {

using namespace joinery;

constexpr sdk::Description description = sdk::describe(
    "os", "OpenStack servers (go-discover's os provider)",
    "Gets a Keystone v3 token from auth_url (password auth with user_name and password,\n"
    "or token auth), scoped to project_id or project_name (default the instance's\n"
    "project from the metadata service), takes the public compute endpoint of region\n"
    "(RegionOne) from its catalog, lists the ACTIVE servers (every page) and returns\n"
    "every fixed address of those whose metadata has tag_key=tag_value. Every key\n"
    "falls back on the OS_* variable of an openrc file; $OS_CACERT is the CA bundle,\n"
    "$OS_METADATA_URL the metadata service (http://169.254.169.254). Examples:\n"
    "  provider=os auth_url=https://keystone:5000/v3 project_name=prod domain_name=Default\n"
    "    user_name=consul password=... tag_key=consul tag_value=server\n"
    "  provider=os tag_key=consul tag_value=server (after `source openrc`)",
    os::os_keys);

}  // namespace

JOINERY_PLUGIN("org.joinery.os", "1.0.0",
               joinery::sdk::Providers<joinery::cloud::CloudProvider<
                   description, joinery::os::read_os_settings, joinery::os::discover_os>>,
               joinery::sdk::Backends<>, joinery::http::CurlLibrary);
