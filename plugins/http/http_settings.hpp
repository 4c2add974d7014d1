// The http provider's keys, and the request and query an operator's values make.
#pragma once

#include "http_request.hpp"
#include "json_addresses.hpp"

#include <joinery/plugin.hpp>

#include <string>

namespace joinery::http {

inline constexpr joinery_key http_keys[] = {
    sdk::required("url", "the URL to fetch, http:// or https://"),
    sdk::optional("json_pointer", "",
                  "RFC 6901 pointer to the addresses in the JSON answer, e.g. /kvs; "
                  "default: the whole answer"),
    {"field", JOINERY_KEY_STRING, JOINERY_KEY_REPEATABLE, nullptr,
     "for arrays of objects: the member holding the address (Address), or a pointer inside "
     "each object (/Service/Address); a comma list is tried in order"},
    {"port_field", JOINERY_KEY_STRING, JOINERY_KEY_REPEATABLE, nullptr,
     "for arrays of objects: the member holding the port (ServicePort), tried in order"},
    sdk::optional("port", "", "port appended to every address that has none", JOINERY_KEY_INTEGER),
    sdk::optional("decode", "none", "none, or base64 when address strings are base64 (etcd)"),
    sdk::optional("body", "", "a JSON body to POST instead of a GET (etcd's /v3/kv/range)"),
    // Secret: headers are where API keys travel (X-Consul-Token, X-Vault-Token, ...).
    {"header", JOINERY_KEY_STRING, JOINERY_KEY_SECRET | JOINERY_KEY_REPEATABLE, nullptr,
     "extra request headers, \"Name: value\", several separated by commas"},
    sdk::secret("bearer_token", "sent as \"Authorization: Bearer TOKEN\""),
    sdk::optional("bearer_token_file", "", "a file holding the bearer token, read every attempt"),
    sdk::optional("ca_file", "", "PEM file of the CA(s) to trust instead of the system's"),
    sdk::optional("cert_file", "", "PEM client certificate (TLS client authentication)"),
    sdk::optional("key_file", "", "PEM private key of cert_file (default: inside cert_file)"),
    sdk::optional("insecure", "false", "skip verifying the server's certificate", JOINERY_KEY_BOOL),
    sdk::optional("timeout", "10s", "how long the request may take (0: only the call's deadline)",
                  JOINERY_KEY_DURATION),
};

struct HttpSettings {
  HttpRequest request;            // everything but a bearer token read from a file
  std::string bearer_token_file;  // read at every attempt (tokens rotate)
  AddressQuery query;
};

// Reads and checks the keys. Throws sdk::Error(invalid_config) naming the key.
HttpSettings read_http_settings(const sdk::Config &config);

}  // namespace joinery::http
