// JSON answers as a broken or hostile HTTP endpoint sends them, through the http
// provider's address extraction, with the shapes of query operators configure (a
// plain array, Consul's catalog, etcd's base64 range answer, nested pointers). Every
// answer must give addresses or an sdk::Error, never a crash or another exception.
//
// Input: byte 0 picks the query, the rest is the document.
#include <cstdint>
#include <string>
#include <string_view>

#include <joinery/sdk/status.hpp>

#include "json_addresses.hpp"

namespace {

using joinery::http::AddressQuery;

AddressQuery query_for(std::uint8_t choice) {
  AddressQuery query;
  switch (choice % 5) {
    case 0:  // a plain array of strings
      break;
    case 1:  // Consul's catalog
      query.fields = {"ServiceAddress", "Address"};
      query.port_fields = {"ServicePort"};
      break;
    case 2:  // etcd's range answer
      query.json_pointer = "/kvs";
      query.fields = {"value"};
      query.base64 = true;
      break;
    case 3:  // nested pointers, a default port
      query.json_pointer = "/data/0/nodes";
      query.fields = {"/meta/addr", "ip"};
      query.port_fields = {"/meta/port"};
      query.port = 8301;
      break;
    default:  // a string list under a member, with a port
      query.json_pointer = "/addrs";
      query.port = 7946;
      break;
  }
  return query;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view document(reinterpret_cast<const char *>(data + 1), size - 1);
  try {
    (void)joinery::http::extract_addresses(document, query_for(data[0]));
  } catch (const joinery::sdk::Error &) {
    // Not JSON, or not shaped as the query expects: the provider says so.
  }
  (void)joinery::http::json_pointer_problem(std::string(document));
  return 0;
}
