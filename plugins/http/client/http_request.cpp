#include "http_request.hpp"

#include "base64.hpp"

#include <curl/curl.h>
#include <joinery/sdk/masked_text.hpp>
#include <joinery/sdk/regular_file.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <string_view>

namespace joinery::http {
namespace {

using sdk::Error;
using sdk::Status;

// How long one wait for socket activity may last before the cancellation flag is
// polled again (the cancel fd, when there is one, wakes the wait at once).
constexpr int poll_interval_ms = 50;
// How much of a failed answer's body an error message quotes.
constexpr std::size_t quoted_body_bytes = 200;
// How many redirects one request follows (curl's -L would follow 50).
constexpr int max_redirects = 5;

struct EasyDeleter {
  void operator()(CURL *easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM *multi) const { curl_multi_cleanup(multi); }
};
struct ListDeleter {
  void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
  void operator()(CURLU *url) const { curl_url_cleanup(url); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Multi = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;
using Url = std::unique_ptr<CURLU, UrlDeleter>;

// What the transfer collects while it runs.
struct Transfer {
  std::string body;
  std::size_t limit = 0;
  bool too_large = false;
  std::string reason;  // the reason phrase of the last status line ("Not Found")
  std::vector<std::pair<std::string, std::string>> headers;  // of the last answer
};

std::size_t on_body(char *data, std::size_t size, std::size_t count, void *user) {
  auto &transfer = *static_cast<Transfer *>(user);
  const std::size_t bytes = size * count;
  if (transfer.body.size() + bytes > transfer.limit) {
    transfer.too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  transfer.body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char *data, std::size_t size, std::size_t count, void *user) {
  auto &transfer = *static_cast<Transfer *>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {  // a status line: one per answer, redirects included
    transfer.reason.clear();
    transfer.headers.clear();
    const std::size_t code = line.find(' ');
    const std::size_t reason = code == std::string_view::npos ? code : line.find(' ', code + 1);
    if (reason != std::string_view::npos) {
      line.remove_prefix(reason + 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
        line.remove_suffix(1);
      }
      transfer.reason = line;
    }
  } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    auto trimmed = [](std::string_view text) {
      while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
      return text;
    };
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    transfer.headers.emplace_back(std::move(name), trimmed(line.substr(colon + 1)));
  }
  return bytes;
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != text.npos;
}

bool has_header(const std::vector<std::string> &headers, std::string_view name) {
  for (const std::string &header : headers) {
    const std::string_view candidate = std::string_view(header).substr(0, header.find(':'));
    if (candidate.size() == name.size() &&
        std::equal(candidate.begin(), candidate.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

// The start of a failed answer's body on one line, for an error message.
std::string quote_body(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, quoted_body_bytes)) {
    out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  if (body.size() > quoted_body_bytes) {
    out += "...";
  }
  return out;
}

// The user and password of a URL, percent-decoded as curl sends them; nullopt when the
// URL has neither.
struct UserInfo {
  std::string user;
  std::string password;
};

std::string url_part(CURLU *url, CURLUPart part, unsigned flags = 0) {
  char *value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) {
    return {};
  }
  std::string out(value);
  curl_free(value);
  return out;
}

Url parsed_url(const std::string &text) {
  Url url(curl_url());
  if (url && curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    url.reset();
  }
  return url;
}

std::optional<UserInfo> user_info(const std::string &text) {
  const Url url = parsed_url(text);
  if (!url) {
    return std::nullopt;
  }
  UserInfo info{url_part(url.get(), CURLUPART_USER, CURLU_URLDECODE),
                url_part(url.get(), CURLUPART_PASSWORD, CURLU_URLDECODE)};
  if (info.user.empty() && info.password.empty()) {
    return std::nullopt;
  }
  return info;
}

}  // namespace

std::string origin_of(const std::string &text) {
  const Url url = parsed_url(text);
  if (!url) {
    return {};
  }
  std::string host = url_part(url.get(), CURLUPART_HOST);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return url_part(url.get(), CURLUPART_SCHEME) + "://" + host + ":" +
         url_part(url.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

namespace {

// `text` (an absolute URL) with its user and password replaced by `user` (none when
// nullopt): the configured ones on the configured origin, none anywhere else.
std::string with_user_info(const std::string &text, const std::optional<UserInfo> &user) {
  const Url url = parsed_url(text);
  if (!url) {
    return text;
  }
  curl_url_set(url.get(), CURLUPART_USER, user ? user->user.c_str() : nullptr, CURLU_URLENCODE);
  curl_url_set(url.get(), CURLUPART_PASSWORD,
               user && !user->password.empty() ? user->password.c_str() : nullptr, CURLU_URLENCODE);
  const std::string out = url_part(url.get(), CURLUPART_URL);
  return out.empty() ? text : out;
}

}  // namespace

std::string without_secrets(std::string text, const HttpRequest &request) {
  std::vector<std::string> secrets;
  if (!request.bearer_token.empty()) secrets.push_back(request.bearer_token);
  for (const std::string &header : request.headers) {
    const std::size_t colon = header.find(':');
    if (colon == std::string::npos) continue;
    std::string_view value = std::string_view(header).substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    secrets.emplace_back(value);
  }
  // curl sends the URL's user and password as "Authorization: Basic BASE64(user:password)",
  // which a server may quote back; the password itself may be quoted too.
  if (const std::optional<UserInfo> user = user_info(request.url)) {
    secrets.push_back(user->password.empty() ? user->user : user->password);
    secrets.push_back(encode_base64(user->user + ":" + user->password));
  }
  if (!request.basic_auth.empty()) {
    secrets.push_back(request.basic_auth.password.empty() ? request.basic_auth.user
                                                          : request.basic_auth.password);
    secrets.push_back(encode_base64(request.basic_auth.user + ":" + request.basic_auth.password));
  }
  if (!request.aws_signature.secret_access_key.empty()) {
    secrets.push_back(request.aws_signature.secret_access_key);
  }
  return sdk::mask_values(std::move(text), {secrets.begin(), secrets.end()});
}

namespace {

// Fails the request with `status`, naming it.
[[noreturn]] void fail(const HttpRequest &request, Status status, std::string_view what) {
  throw Error(status, describe_request(request) + ": " + std::string(what));
}

// The PEM's bytes to libcurl, read here from its file when it names one.
void set_pem(const HttpRequest &request, CURL *easy, const PemSource &source,
             CURLoption blob_option) {
  std::string from_file;
  if (source.pem.empty() && !source.file.empty()) {
    sdk::FileText read = sdk::read_regular_file(source.file, max_pem_file_bytes);
    if (!read) {
      fail(request, Status::unavailable,
           "cannot read " + source.key + " " + source.file + ": " + read.error);
    }
    from_file = std::move(read.text);
  }
  const std::string &pem = source.pem.empty() ? from_file : source.pem;
  if (!pem.empty()) {
    curl_blob blob{const_cast<char *>(pem.data()), pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(easy, blob_option, &blob);
  }
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto &[key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

namespace {

std::string method_of(const HttpRequest &request) {
  if (!request.method.empty()) return request.method;
  return request.body ? "POST" : "GET";
}

}  // namespace

std::string describe_request(const HttpRequest &request) {
  const std::string method = method_of(request) + " ";
  Url url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, request.url.c_str(), 0) != CURLUE_OK) {
    return method + request.url;
  }
  char *password = nullptr;
  if (curl_url_get(url.get(), CURLUPART_PASSWORD, &password, 0) != CURLUE_OK) {
    return method + request.url;
  }
  curl_free(password);
  char *masked = nullptr;
  if (curl_url_set(url.get(), CURLUPART_PASSWORD, "xxxxx", 0) != CURLUE_OK ||
      curl_url_get(url.get(), CURLUPART_URL, &masked, 0) != CURLUE_OK) {
    return method + std::string("(a URL with a password)");
  }
  std::string out = method + std::string(masked);
  curl_free(masked);
  return out;
}

namespace {

// One request of a redirect chain: where it goes and what it may carry.
struct Hop {
  std::string url;
  std::string method;      // "GET", "POST", "PUT" ...
  bool with_body = false;  // sends the request's body (or an empty one: Content-Length 0)
  // On the configured origin, with no hop before it elsewhere: only such a hop carries
  // the request's headers, bearer token, Basic auth, signature and URL credentials.
  bool trusted = true;
};

// The headers of `hop`: the request's own (secret: the key is) and its bearer token only
// when the hop is trusted; the defaults always.
HeaderList hop_headers(const HttpRequest &request, const Hop &hop) {
  static const std::vector<std::string> none;
  const std::vector<std::string> &secret_headers = hop.trusted ? request.headers : none;
  HeaderList headers;
  auto add_header = [&](const std::string &header) {
    curl_slist *grown = curl_slist_append(headers.get(), header.c_str());
    if (grown == nullptr) {
      fail(request, Status::internal, "out of memory");
    }
    (void)headers.release();  // `grown` is the same list, or its first node
    headers.reset(grown);
  };
  if (!has_header(secret_headers, "Accept")) {
    add_header("Accept: application/json");
  }
  if (hop.with_body && !has_header(secret_headers, "Content-Type")) {
    // An empty value makes curl send no Content-Type (rather than its form default).
    add_header("Content-Type:" + (request.body ? " " + request.content_type : std::string()));
  }
  for (const std::string &header : secret_headers) {
    add_header(header);
  }
  if (hop.trusted && !request.bearer_token.empty()) {
    add_header("Authorization: Bearer " + request.bearer_token);
  }
  return headers;
}

// The credentials libcurl adds itself -- Basic auth or an AWS signature -- on a trusted
// hop, and none on any other.
void set_credentials(const HttpRequest &request, CURL *easy, const Hop &hop) {
  const AwsSignature &aws = request.aws_signature;
  const BasicAuth &basic = request.basic_auth;
  const bool sign = hop.trusted && !aws.empty();
  const bool basic_auth = hop.trusted && !sign && !basic.empty();
  if (sign) {
    const std::string provider = "aws:amz:" + aws.region + ":" + aws.service;
    curl_easy_setopt(easy, CURLOPT_AWS_SIGV4, provider.c_str());
    curl_easy_setopt(easy, CURLOPT_USERNAME, aws.access_key_id.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, aws.secret_access_key.c_str());
  } else if (basic_auth) {
    curl_easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(easy, CURLOPT_USERNAME, basic.user.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, basic.password.c_str());
  } else if (!aws.empty() || !basic.empty()) {
    // Setting CURLOPT_AWS_SIGV4 chose the signature as the auth scheme: choose Basic
    // again, and with no user curl sends no Authorization at all.
    curl_easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(easy, CURLOPT_USERNAME, nullptr);
    curl_easy_setopt(easy, CURLOPT_PASSWORD, nullptr);
  }
}

// Runs the transfer `easy` is set up for through `multi` until it ends, the call is
// cancelled or its deadline passes; returns curl's result.
CURLcode run_transfer(const HttpRequest &request, CURLM *multi, CURL *easy,
                      const sdk::CallBounds &interruption, const std::string &deadline_passed) {
  // A multi handle, so the wait for the server can also watch the cancel fd.
  curl_multi_add_handle(multi, easy);
  struct Detach {
    CURLM *multi;
    CURL *easy;
    ~Detach() { curl_multi_remove_handle(multi, easy); }
  } detach{multi, easy};

  int running = 1;
  while (true) {
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      fail(request, Status::internal, "libcurl's transfer loop failed");
    }
    if (running == 0) {
      break;
    }
    curl_waitfd cancel{interruption.cancel_fd, CURL_WAIT_POLLIN, 0};
    const unsigned extra = interruption.cancel_fd >= 0 ? 1 : 0;
    if (curl_multi_poll(multi, extra ? &cancel : nullptr, extra, poll_interval_ms, nullptr) !=
        CURLM_OK) {
      fail(request, Status::internal, "libcurl could not wait for the server");
    }
    if ((cancel.revents & CURL_WAIT_POLLIN) != 0) {
      fail(request, Status::cancelled, "cancelled");  // shutdown
    }
    if (interruption.stop_requested()) {
      // The host also reports its deadline as cancellation: say which it was.
      fail(request, Status::cancelled, interruption.expired() ? deadline_passed : "cancelled");
    }
  }

  CURLcode result = CURLE_OK;
  int queued = 0;
  while (CURLMsg *message = curl_multi_info_read(multi, &queued)) {
    if (message->msg == CURLMSG_DONE) {
      result = message->data.result;
    }
  }
  return result;
}

}  // namespace

HttpResponse perform(const HttpRequest &request, const sdk::CallBounds &interruption) {
  for (const std::string &header : request.headers) {
    const std::size_t colon = header.find(':');
    if (colon == std::string::npos || colon == 0 || has_line_break(header)) {
      // Named by its position, not its text: headers hold secrets.
      fail(request, Status::invalid_config,
           "header " + std::to_string(&header - request.headers.data() + 1) +
               " is not of the form \"Name: value\" on one line");
    }
  }
  if (has_line_break(request.bearer_token)) {
    fail(request, Status::invalid_config, "the bearer token holds a line break");
  }

  // The transfer's time limit: the request's own timeout, cut to the call's deadline.
  const auto started = std::chrono::steady_clock::now();
  std::chrono::milliseconds limit = request.timeout;
  bool deadline_limits = false;
  if (interruption.deadline) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(*interruption.deadline - started);
    if (left.count() <= 0) {
      fail(request, Status::cancelled, "the call's deadline passed before the request started");
    }
    if (limit.count() <= 0 || left <= limit) {
      limit = left;
      deadline_limits = true;
    }
  }
  const std::string deadline_passed =
      "no answer before the call's deadline (" + sdk::format_duration(limit) + ")";

  Easy easy(curl_easy_init());
  Multi multi(curl_multi_init());
  if (!easy || !multi) {
    fail(request, Status::internal, "libcurl could not start a transfer");
  }
  CURL *e = easy.get();
  Transfer transfer;
  transfer.limit = request.max_body_bytes;
  char error_text[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  // Redirects are followed below, not by curl: curl would send the request's own
  // headers (API keys, cookies) to whatever host a Location names.
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);  // the host is multi-threaded
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_USERAGENT, "joinery");
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &transfer);

  set_pem(request, e, request.tls.ca, CURLOPT_CAINFO_BLOB);
  if (request.tls.ca.empty()) {
    // The system's CAs as Go finds them, since go-discover's providers (and Consul) are
    // Go programs an operator may have pointed at a private CA this way.
    if (const char *file = std::getenv("SSL_CERT_FILE"); file != nullptr && *file != '\0') {
      set_pem(request, e, {.file = file, .pem = "", .key = "SSL_CERT_FILE"}, CURLOPT_CAINFO_BLOB);
    }
    if (const char *dir = std::getenv("SSL_CERT_DIR"); dir != nullptr && *dir != '\0') {
      curl_easy_setopt(e, CURLOPT_CAPATH, dir);
    }
  }
  set_pem(request, e, request.tls.client_certificate, CURLOPT_SSLCERT_BLOB);
  set_pem(request, e, request.tls.client_key, CURLOPT_SSLKEY_BLOB);
  if (request.tls.insecure) {
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }

  const std::string origin = origin_of(request.url);
  const std::optional<UserInfo> user = user_info(request.url);
  const bool has_secrets = !request.headers.empty() || !request.bearer_token.empty() || user ||
                           !request.basic_auth.empty() || !request.aws_signature.empty();
  const std::string method = method_of(request);
  Hop hop{request.url, method, request.body.has_value() || (method != "GET" && method != "HEAD"),
          true};
  for (int redirects = 0;; ++redirects) {
    transfer.body.clear();
    transfer.reason.clear();
    transfer.too_large = false;
    error_text[0] = '\0';
    curl_easy_setopt(e, CURLOPT_URL, hop.url.c_str());
    if (hop.with_body) {
      const std::string &body = request.body ? *request.body : std::string();
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, body.c_str());
    } else {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    const bool custom = hop.method != (hop.with_body ? "POST" : "GET");
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, custom ? hop.method.c_str() : nullptr);
    set_credentials(request, e, hop);
    const HeaderList headers = hop_headers(request, hop);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());

    CURLcode result = CURLE_OPERATION_TIMEDOUT;
    const auto left = limit - std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - started);
    if (limit.count() <= 0 || left.count() > 0) {
      const long timeout = limit.count() > 0 ? static_cast<long>(left.count()) : 0L;
      curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
      curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout);
      result = run_transfer(request, multi.get(), e, interruption, deadline_passed);
    }

    if (result == CURLE_WRITE_ERROR && transfer.too_large) {
      fail(request, Status::unavailable,
           "the answer is larger than " + std::to_string(request.max_body_bytes) + " bytes");
    }
    if (result == CURLE_OPERATION_TIMEDOUT) {
      if (deadline_limits) {
        fail(request, Status::cancelled, deadline_passed);
      }
      fail(request, Status::unavailable,
           "no answer within " + sdk::format_duration(limit) + " (timeout)");
    }
    if (result != CURLE_OK) {
      const bool bad_url = result == CURLE_URL_MALFORMAT || result == CURLE_UNSUPPORTED_PROTOCOL;
      fail(request, bad_url ? Status::invalid_config : Status::unavailable,
           error_text[0] != '\0' ? error_text : curl_easy_strerror(result));
    }

    HttpResponse response;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &response.status);
    char *location = nullptr;
    curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location);
    if (response.status >= 300 && response.status < 400 && location != nullptr) {
      if (redirects == max_redirects) {
        fail(request, Status::unavailable,
             "Maximum (" + std::to_string(max_redirects) + ") redirects followed");
      }
      // Once the chain leaves the configured origin it never carries a secret again, not
      // even back there: the way back was chosen by a server that is not trusted.
      const std::string next = location;
      hop.trusted = hop.trusted && origin_of(next) == origin;
      hop.url = with_user_info(next, hop.trusted ? user : std::nullopt);
      if (response.status == 303 ||
          (hop.method == "POST" && (response.status == 301 || response.status == 302))) {
        hop.method = "GET";  // as curl and browsers do; 307 and 308 repeat the request
        hop.with_body = false;
      }
      continue;
    }
    response.reason = without_secrets(transfer.reason, request);
    response.headers = std::move(transfer.headers);
    if ((response.status < 200 || response.status > 299) && !request.returns_error_answers) {
      std::string what = "HTTP " + std::to_string(response.status);
      if (!transfer.reason.empty()) {
        what += " " + without_secrets(transfer.reason, request);
      }
      if (const std::string quoted = quote_body(without_secrets(transfer.body, request));
          !quoted.empty()) {
        what += ": " + quoted;
      }
      if (!hop.trusted && has_secrets) {
        what += " (from " + origin_of(hop.url) +
                ", after a redirect away from the configured origin: the request went there "
                "without its headers, bearer token and URL credentials, which joinery sends "
                "only to " +
                origin + ")";
      }
      fail(request, Status::unavailable, what);
    }
    response.body = std::move(transfer.body);
    return response;
  }
}

}  // namespace joinery::http
