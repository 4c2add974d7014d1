// Addresses out of a JSON answer: a plain array of strings, or the values found
// through an RFC 6901 pointer and member names, e.g. a Consul catalog answer
// (json_pointer="" field=Address) or an etcd range answer (json_pointer=/kvs
// field=value, base64).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::http {

struct AddressQuery {
  // Where the addresses are: "" is the whole document; "/kvs" its member kvs. What is
  // there may be null (nothing), a string, an object, or an array of strings or objects.
  std::string json_pointer;
  // For objects: where the address is, tried in order, the first non-empty string wins.
  // A member name ("Address") or a pointer relative to the object ("/Service/Address").
  std::vector<std::string> fields;
  // For objects: where the port is (a number or a numeric string), tried in order.
  std::vector<std::string> port_fields;
  // Appended to every address that has no port (and got none from port_fields).
  std::optional<std::uint16_t> port;
  // The address strings are base64 (etcd's JSON gateway).
  bool base64 = false;
};

struct ExtractedAddresses {
  std::vector<std::string> addresses;
  std::vector<std::string> skipped;  // why an element gave no address, for the debug log
};

// Every address the query finds in `document`, in document order. A string value may
// hold several addresses separated by commas or whitespace. Throws sdk::Error:
// `not_found` when nothing is at json_pointer, `unavailable` when the answer is not
// JSON or is not shaped as the query expects (naming what was found instead).
ExtractedAddresses extract_addresses(std::string_view document, const AddressQuery &query);

// Checks a pointer's RFC 6901 syntax; returns the problem, or nullopt when it is fine.
std::optional<std::string> json_pointer_problem(const std::string &pointer);

}  // namespace joinery::http
