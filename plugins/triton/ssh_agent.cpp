#include "ssh_agent.hpp"

#include "base64.hpp"

#include <joinery/plugin.hpp>
#include <joinery/sdk/escaped_text.hpp>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace joinery::triton {
namespace {

// Message numbers of the agent protocol.
constexpr std::uint8_t agent_failure = 5;
constexpr std::uint8_t request_identities = 11;
constexpr std::uint8_t identities_answer = 12;
constexpr std::uint8_t sign_request = 13;
constexpr std::uint8_t sign_response = 14;
constexpr std::uint32_t rsa_sha2_256 = 2;  // the flag asking for "rsa-sha2-256"
// An agent's answer is a few KiB; more is not an agent.
constexpr std::uint32_t max_message_bytes = 256 * 1024;

sdk::Error agent_error(const std::string &socket_path, const std::string &what) {
  return sdk::Error(sdk::Status::unavailable,
                    "triton: ssh-agent at " + socket_path + " (SSH_AUTH_SOCK): " + what);
}

void put_u32(std::string &out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += static_cast<char>((value >> shift) & 0xff);
  }
}

void put_string(std::string &out, std::string_view text) {
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

// Reads the agent protocol's uint32 and string fields of a message.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool u32(std::uint32_t &value) {
    if (data_.size() < 4) {
      return false;
    }
    value = 0;
    for (int i = 0; i < 4; ++i) {
      value = (value << 8) | static_cast<unsigned char>(data_[static_cast<std::size_t>(i)]);
    }
    data_.remove_prefix(4);
    return true;
  }
  bool string(std::string &value) {
    std::uint32_t length = 0;
    if (!u32(length) || data_.size() < length) {
      return false;
    }
    value.assign(data_.substr(0, length));
    data_.remove_prefix(length);
    return true;
  }

 private:
  std::string_view data_;
};

class Connection {
 public:
  Connection(const std::string &path, std::chrono::milliseconds timeout,
             const sdk::CallBounds &interruption)
      : path_(path), timeout_(timeout), interruption_(interruption) {
    sockaddr_un address{};
    if (path.size() >= sizeof(address.sun_path)) {
      throw agent_error(path, "the socket path is too long");
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
      throw agent_error(path, std::strerror(errno));
    }
    if (::connect(fd_, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0) {
      const int error = errno;
      ::close(fd_);
      throw agent_error(path, std::string("cannot connect: ") + std::strerror(error) +
                                  "; is an ssh-agent running?");
    }
  }
  ~Connection() { ::close(fd_); }
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;

  // Sends one message (its type and body) and returns the answer's (type, body).
  std::pair<std::uint8_t, std::string> exchange(std::uint8_t type, const std::string &body) {
    std::string message;
    put_u32(message, static_cast<std::uint32_t>(body.size() + 1));
    message += static_cast<char>(type);
    message += body;
    // Each exchange waits at most the timeout in all, whatever the agent trickles.
    until_ = std::chrono::steady_clock::now() + timeout_;
    for (std::size_t sent = 0; sent < message.size();) {
      wait_for(POLLOUT);
      const ssize_t n =
          ::send(fd_, message.data() + sent, message.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) {
        throw agent_error(path_, std::string("cannot write: ") + std::strerror(errno));
      }
      sent += static_cast<std::size_t>(n);
    }
    std::string header = read_exactly(4);
    std::uint32_t length = 0;
    Reader(header).u32(length);
    if (length == 0 || length > max_message_bytes) {
      throw agent_error(path_,
                        "an answer of " + std::to_string(length) + " bytes is not the agent's");
    }
    std::string answer = read_exactly(length);
    return {static_cast<std::uint8_t>(answer[0]), answer.substr(1)};
  }

 private:
  std::string read_exactly(std::size_t count) {
    std::string out(count, '\0');
    for (std::size_t got = 0; got < count;) {
      wait_for(POLLIN);
      const ssize_t n = ::recv(fd_, out.data() + got, count - got, MSG_DONTWAIT);
      if (n == 0) {
        throw agent_error(path_, "the agent closed the connection");
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        throw agent_error(path_, std::string("cannot read: ") + std::strerror(errno));
      }
      if (n < 0) {
        continue;
      }
      got += static_cast<std::size_t>(n);
    }
    return out;
  }

  // Waits until the socket is ready for `events`, beside the call's cancellation (its
  // fd, or its flag polled every 50 ms without one) and the exchange's time limit.
  void wait_for(short events) {
    for (;;) {
      if (interruption_.stop_requested()) {
        throw sdk::Error(sdk::Status::cancelled,
                         "triton: ssh-agent at " + path_ + ": cancelled while waiting for it");
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until_ - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        throw agent_error(path_, "no answer in time");
      }
      std::array<pollfd, 2> fds{pollfd{fd_, events, 0}, pollfd{interruption_.cancel_fd, POLLIN, 0}};
      const nfds_t count = interruption_.cancel_fd >= 0 ? 2 : 1;
      const auto wait = interruption_.cancel_fd >= 0 || !interruption_.cancelled
                            ? left
                            : std::min(left, std::chrono::milliseconds(50));
      const int ready = ::poll(fds.data(), count, static_cast<int>(wait.count()) + 1);
      if (ready < 0 && errno != EINTR) {
        throw agent_error(path_, std::string("cannot wait: ") + std::strerror(errno));
      }
      if (count == 2 && fds[1].revents != 0) {
        throw sdk::Error(sdk::Status::cancelled,
                         "triton: ssh-agent at " + path_ + ": cancelled while waiting for it");
      }
      if (ready > 0 && fds[0].revents != 0) {
        return;  // ready, or an error or hang-up the next send or recv reports
      }
    }
  }

  std::string path_;
  std::chrono::milliseconds timeout_;
  const sdk::CallBounds &interruption_;
  std::chrono::steady_clock::time_point until_;
  int fd_ = -1;
};

std::string digest_of(const EVP_MD *digest, const std::string &data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, digest, nullptr);
  return {reinterpret_cast<const char *>(out.data()), length};
}

bool fingerprint_matches(const std::string &blob, std::string key_id) {
  if (key_id.starts_with("SHA256:")) {
    return sha256_fingerprint(blob) == key_id;
  }
  if (key_id.starts_with("MD5:")) {
    key_id.erase(0, 4);
  }
  return md5_fingerprint(blob) == key_id;
}

// The DER form HTTP Signatures carry of an SSH ECDSA signature (mpint r, mpint s).
std::string ecdsa_der(const std::string &ssh_signature, const std::string &socket_path) {
  Reader reader(ssh_signature);
  std::string r;
  std::string s;
  if (!reader.string(r) || !reader.string(s)) {
    throw agent_error(socket_path, "a malformed ECDSA signature");
  }
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> signature(ECDSA_SIG_new(), ECDSA_SIG_free);
  BIGNUM *big_r = BN_bin2bn(reinterpret_cast<const unsigned char *>(r.data()),
                            static_cast<int>(r.size()), nullptr);
  BIGNUM *big_s = BN_bin2bn(reinterpret_cast<const unsigned char *>(s.data()),
                            static_cast<int>(s.size()), nullptr);
  if (!signature || big_r == nullptr || big_s == nullptr ||
      ECDSA_SIG_set0(signature.get(), big_r, big_s) != 1) {
    BN_free(big_r);
    BN_free(big_s);
    throw agent_error(socket_path, "a malformed ECDSA signature");
  }
  unsigned char *der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0) {
    throw agent_error(socket_path, "a malformed ECDSA signature");
  }
  std::string out(reinterpret_cast<const char *>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::string md5_fingerprint(const std::string &blob) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (const char byte : digest_of(EVP_md5(), blob)) {
    const auto value = static_cast<unsigned char>(byte);
    text += (text.empty() ? "" : ":");
    text += digits[value >> 4];
    text += digits[value & 0xf];
  }
  return text;
}

std::string sha256_fingerprint(const std::string &blob) {
  std::string encoded = http::encode_base64(digest_of(EVP_sha256(), blob));
  while (encoded.ends_with('=')) {
    encoded.pop_back();
  }
  return "SHA256:" + encoded;
}

std::string key_of_identities(const std::string &answer, const std::string &key_id,
                              const std::string &socket_path) {
  Reader keys(answer);
  std::uint32_t count = 0;
  if (!keys.u32(count)) {
    throw agent_error(socket_path, "a malformed list of keys");
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string candidate;
    std::string comment;
    if (!keys.string(candidate) || !keys.string(comment)) {
      throw agent_error(socket_path, "a malformed list of keys");
    }
    if (fingerprint_matches(candidate, key_id)) {
      return candidate;
    }
  }
  throw agent_error(socket_path, "it holds no key with fingerprint " + key_id + " (of " +
                                     std::to_string(count) +
                                     " keys); ssh-add the key, or check key_id");
}

Signature signature_of_answer(const std::string &answer, const std::string &socket_path) {
  std::string inner;
  std::string signature_type;
  std::string bytes;
  if (!Reader(answer).string(inner)) {
    throw agent_error(socket_path, "a malformed signature answer");
  }
  Reader fields(inner);
  if (!fields.string(signature_type) || !fields.string(bytes)) {
    throw agent_error(socket_path, "a malformed signature answer");
  }
  if (signature_type == "rsa-sha2-256") {
    return {"rsa-sha256", bytes};
  }
  if (signature_type == "ssh-ed25519") {
    return {"ed25519-sha512", bytes};
  }
  if (signature_type == "ecdsa-sha2-nistp256") {
    return {"ecdsa-sha256", ecdsa_der(bytes, socket_path)};
  }
  if (signature_type == "ecdsa-sha2-nistp384") {
    return {"ecdsa-sha384", ecdsa_der(bytes, socket_path)};
  }
  if (signature_type == "ecdsa-sha2-nistp521") {
    return {"ecdsa-sha512", ecdsa_der(bytes, socket_path)};
  }
  throw agent_error(socket_path, "a signature of type \"" +
                                     sdk::escape_unprintable(signature_type) +
                                     "\", which CloudAPI does not take (use an RSA, ECDSA or "
                                     "Ed25519 key)");
}

Signature sign_with_agent(const std::string &socket_path, const std::string &key_id,
                          const std::string &data, std::chrono::milliseconds timeout,
                          const sdk::CallBounds &interruption) {
  Connection agent(socket_path, timeout, interruption);
  const auto [type, body] = agent.exchange(request_identities, "");
  if (type != identities_answer) {
    throw agent_error(socket_path,
                      "it did not list its keys (answer " + std::to_string(type) + ")");
  }
  const std::string blob = key_of_identities(body, key_id, socket_path);
  std::string key_type;
  Reader(blob).string(key_type);
  std::string request;
  put_string(request, blob);
  put_string(request, data);
  put_u32(request, key_type == "ssh-rsa" ? rsa_sha2_256 : 0);
  const auto [answer_type, answer] = agent.exchange(sign_request, request);
  if (answer_type == agent_failure) {
    throw agent_error(socket_path, "it refused to sign with " + key_id);
  }
  if (answer_type != sign_response) {
    throw agent_error(socket_path, "a malformed signature answer");
  }
  return signature_of_answer(answer, socket_path);
}

}  // namespace joinery::triton
