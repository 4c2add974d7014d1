// One HTTP(S) request with libcurl, shared by every provider that speaks HTTP (http,
// k8s and the clouds): any method with an optional body, TLS with a private CA and
// client certificates given as files or inline PEM, a bearer token, Basic auth or an
// AWS Signature Version 4 (libcurl signs it), a timeout bounded by the host's
// deadline, and cancellation that ends the transfer at once. Proxies come from the
// environment as libcurl reads it (http_proxy, HTTPS_PROXY, NO_PROXY). Redirects are followed (up
// to 5), but the request's headers, bearer token, Basic auth, signature and URL credentials go only
// to the configured origin (scheme, host and port): a hop anywhere else, and every hop after it, is
// sent without them.
#pragma once

#include <joinery/plugin.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  // Trusted instead of the system's CAs when given. The system's are libcurl's bundle,
  // or $SSL_CERT_FILE and $SSL_CERT_DIR (a directory of hashed names) when set, as Go
  // reads them.
  PemSource ca;
  PemSource client_certificate;
  PemSource client_key;
  bool insecure = false;  // skip verifying the server's certificate and name
};

// "Authorization: Basic base64(user:password)". The password is a secret.
struct BasicAuth {
  std::string user;
  std::string password;

  [[nodiscard]] bool empty() const { return user.empty() && password.empty(); }
};

// An AWS Signature Version 4, computed by libcurl (CURLOPT_AWS_SIGV4) over the method,
// path, query, the Host/Content-Type/x-amz-* headers and the body. A session token
// goes in `headers` as "X-Amz-Security-Token: ..." so that it is signed too.
struct AwsSignature {
  std::string region;   // "eu-west-1"
  std::string service;  // "ec2", "ecs", "sts"
  std::string access_key_id;
  std::string secret_access_key;  // a secret

  [[nodiscard]] bool empty() const { return access_key_id.empty(); }
};

struct HttpRequest {
  std::string url;                  // http:// or https://
  std::optional<std::string> body;  // sent when set (POST unless `method` says otherwise)
  std::string method;               // "PUT", "DELETE" ...; empty = GET, or POST with a body
  std::string content_type = "application/json";  // of the body, unless a header names one
  std::vector<std::string> headers;               // "Name: value"; values are secret
  std::string bearer_token;  // sent as "Authorization: Bearer ..."; never in a message
  BasicAuth basic_auth;
  AwsSignature aws_signature;
  TlsSettings tls;
  std::chrono::milliseconds timeout{10000};  // for the whole transfer; the deadline may cut it
  std::size_t max_body_bytes = std::size_t{64} << 20;
  // false: a non-2xx answer is thrown as an error quoting it; true: it is returned, for
  // callers that read a cloud's own error document or fall back on a status (IMDSv2's
  // 403/404/405). Transport failures and redirect loops still throw.
  bool returns_error_answers = false;
};

struct HttpResponse {
  long status = 0;     // 2xx unless the request returns error answers
  std::string reason;  // the status line's reason phrase ("Not Found"), secrets masked
  std::string body;
  // The final answer's headers in the order received, names in lower case.
  std::vector<std::pair<std::string, std::string>> headers;

  // The first value of header `name` (lower case), or nullopt.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

// Performs the request. Throws sdk::Error: `cancelled` when the call was cancelled or
// its deadline passed, `unavailable` for transport failures, timeouts and non-2xx
// answers (with the status and the start of the answer), `invalid_config` for a
// malformed URL or header. Every message names the request ("GET https://...") with
// any password in the URL masked, and never the bearer token.
HttpResponse perform(const HttpRequest &request, const sdk::CallBounds &interruption);

// `text` with what the request sends in confidence -- the bearer token, header values
// (the header key is secret), the Basic auth password and the signing secret -- written as ***. A
// server may quote the request back (an error page showing the Authorization header), and a token
// read from a file is not one the host knows to mask: mask what quotes an answer before cutting it,
// so a cut cannot leave part of a token.
std::string without_secrets(std::string text, const HttpRequest &request);

// A URL's origin (RFC 6454) as "scheme://host:port": the host in lower case, the port
// spelt out when the URL leaves it to the scheme's default. Empty when the URL does not
// parse. Redirects keep secrets only on the configured origin; a cloud's next-page link
// is followed only on it.
std::string origin_of(const std::string &url);

// "GET https://host/path" as messages name the request, the URL's password masked.
// The method is `method`, else POST with a body, else GET.
std::string describe_request(const HttpRequest &request);

}  // namespace joinery::http
