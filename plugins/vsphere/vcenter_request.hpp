// A request to the vCenter of the settings: https://HOST + path, with the CA bundle or
// insecure_ssl, bounded by the provider's timeout. Both sessions (VIM SOAP and CIS
// REST) start from it.
#pragma once

#include "http_request.hpp"
#include "vsphere_settings.hpp"

#include <string_view>

namespace joinery::vsphere {

http::HttpRequest vcenter_request(const VsphereSettings &settings, std::string_view path);

}  // namespace joinery::vsphere
