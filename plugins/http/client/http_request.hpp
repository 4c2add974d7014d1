// One HTTP(S) request with libcurl, shared by the http and k8s providers: GET (or
// POST with a body), TLS with a private CA and client certificates given as files
// or inline PEM, a bearer token, a timeout bounded by the host's deadline, and
// cancellation that ends the transfer at once. Redirects are followed (up to 5), but
// the request's headers, bearer token and URL credentials go only to the configured
// origin (scheme, host and port): a hop anywhere else, and every hop after it, is sent
// without them.
#pragma once

#include "interruption.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace joinery::http {

// Larger PEM files are refused: a system's whole CA bundle is a few hundred KiB.
inline constexpr std::size_t max_pem_file_bytes = std::size_t{4} << 20;

// PEM data given as a file to read or as the bytes themselves (a kubeconfig's
// "-data" fields). Both empty means "not given". joinery reads the file itself
// (sdk::read_regular_file, at most max_pem_file_bytes) and hands libcurl the bytes, so
// that a FIFO or a device named here cannot block the call or fill the memory.
struct PemSource {
  std::string file;
  std::string pem;
  std::string key;  // what named the file, for messages: "ca_file", "client-key"

  [[nodiscard]] bool empty() const { return file.empty() && pem.empty(); }
};

struct TlsSettings {
  PemSource ca;  // trusted instead of the system's CAs when given
  PemSource client_certificate;
  PemSource client_key;
  bool insecure = false;  // skip verifying the server's certificate and name
};

struct HttpRequest {
  std::string url;                       // http:// or https://
  std::optional<std::string> post_body;  // POST this (JSON) when set, GET otherwise
  std::vector<std::string> headers;      // "Name: value"
  std::string bearer_token;              // sent as "Authorization: Bearer ..."; never in a message
  TlsSettings tls;
  std::chrono::milliseconds timeout{10000};  // for the whole transfer; the deadline may cut it
  std::size_t max_body_bytes = std::size_t{64} << 20;
};

struct HttpResponse {
  long status = 0;  // 2xx: other answers are thrown as errors
  std::string body;
};

// Performs the request. Throws sdk::Error: `cancelled` when the call was cancelled or
// its deadline passed, `unavailable` for transport failures, timeouts and non-2xx
// answers (with the status and the start of the answer), `invalid_config` for a
// malformed URL or header. Every message names the request ("GET https://...") with
// any password in the URL masked, and never the bearer token.
HttpResponse perform(const HttpRequest &request, const Interruption &interruption);

// `text` with what the request sends in confidence -- the bearer token and header
// values (the header key is secret) -- written as ***. A server may quote the request
// back (an error page showing the Authorization header), and a token read from a file
// is not one the host knows to mask: mask what quotes an answer before cutting it, so
// a cut cannot leave part of a token.
std::string without_secrets(std::string text, const HttpRequest &request);

// "GET https://host/path" as messages name the request, the URL's password masked.
std::string describe_request(const HttpRequest &request);

}  // namespace joinery::http
