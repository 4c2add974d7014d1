#include "mdns/mdns_query.hpp"

#include <ares.h>
#include <arpa/nameser.h>

#include <joinery/sdk/status.hpp>

namespace joinery::mdns {

std::vector<unsigned char> mdns_query(const std::string &name, RecordType type) {
  unsigned char *buffer = nullptr;
  int length = 0;
  // id 0 and rd 0 as RFC 6762 section 18.1 and 18.6 ask; max_udp_size 0: no EDNS record.
  const int status =
      ares_create_query(name.c_str(), ns_c_in, static_cast<int>(type), 0, 0, &buffer, &length, 0);
  if (status != ARES_SUCCESS) {
    throw sdk::Error(sdk::Status::invalid_config,
                     "service: cannot ask for \"" + name + "\": " + ares_strerror(status));
  }
  std::vector<unsigned char> message(buffer, buffer + length);
  ares_free_string(buffer);
  return message;
}

}  // namespace joinery::mdns
