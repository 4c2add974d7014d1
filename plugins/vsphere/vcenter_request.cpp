#include "vcenter_request.hpp"

namespace joinery::vsphere {

http::HttpRequest vcenter_request(const VsphereSettings &settings, std::string_view path) {
  http::HttpRequest request;
  request.url = "https://" + settings.host + std::string(path);
  request.tls.ca = http::PemSource{.file = settings.ca_file, .pem = {}, .key = "ca_file"};
  request.tls.insecure = settings.insecure;
  request.timeout = settings.timeout;
  return request;
}

}  // namespace joinery::vsphere
