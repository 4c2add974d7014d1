// `backend = "acme"`: a join backend written against the C++ SDK (a template). joinery
// creates one instance per cluster (LAN, WAN) from its [join.lan] / [join.wan] table and
// calls join() once per attempt with the addresses discovered for it.
//
//   [join.lan]
//   backend = "acme"
//   port = 8301          # for addresses given without one
//
// join() is where your agent's own join call goes. As shipped it "joins" an address by
// opening a TCP connection to it, which is how most joins begin and shows the two rules
// every join keeps: return by the call's deadline (call.remaining()), and soon after
// cancellation (call.cancel_fd(), call.cancelled()).
#include <joinery/plugin.hpp>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace {

using joinery::sdk::Call;
using joinery::sdk::Config;
using joinery::sdk::Error;
using joinery::sdk::Status;

// A socket closed when it goes out of scope.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(const Socket &) = delete;
  Socket &operator=(const Socket &) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

class AcmeBackend final : public joinery::sdk::Backend {
 public:
  static constexpr joinery_key keys[] = {joinery::sdk::optional(
      "port", "8301", "the port of addresses given without one", JOINERY_KEY_INTEGER)};
  static constexpr auto description = joinery::sdk::describe(
      "acme", "joins each address it can reach by TCP (a template)",
      "backend = \"acme\"\nport = 8301   # for addresses given without one", keys);

  // Checks and copies the configuration; connects to nothing (create is not retried,
  // join is).
  AcmeBackend(const Config &config, const Call & /*call*/) {
    const std::int64_t port = config.get_int("port", 8301);
    if (port < 1 || port > 65535) throw Error(Status::invalid_config, "port: must be 1-65535");
    port_ = std::to_string(port);
  }

  // One attempt. Some addresses failing is still a success (a warning each); none
  // joined is a failure the host retries. Never called concurrently on one instance.
  std::size_t join(const Call &call, std::string_view cluster,
                   const std::vector<std::string_view> &addresses) override {
    std::size_t joined = 0;
    for (std::string_view address : addresses) {
      try {
        join_one(call, address);
        ++joined;
      } catch (const Error &error) {
        if (error.status() == Status::cancelled) throw;
        call.warn(std::string(cluster) + ": cannot join " + std::string(address) + ": " +
                  error.what());
      }
    }
    if (joined == 0) throw Error(Status::unavailable, "no address could be reached");
    return joined;
  }

 private:
  // "Joins" one address: a TCP connection to it. Replace this with your agent's call.
  void join_one(const Call &call, std::string_view address) const {
    const auto parts = joinery::sdk::split_host_port(address);
    if (!parts || parts->host.empty()) throw Error(Status::unavailable, "not an address");
    const std::string host(parts->host);
    const std::string port = parts->port.empty() ? port_ : std::string(parts->port);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;  // no name lookup: it could block
    addrinfo *found = nullptr;
    if (const int error = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); error != 0) {
      throw Error(Status::unavailable, ::gai_strerror(error));
    }
    const Socket socket(::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    const int connected =
        socket.fd() < 0 ? -1 : ::connect(socket.fd(), found->ai_addr, found->ai_addrlen);
    const int error = errno;
    ::freeaddrinfo(found);
    if (socket.fd() < 0 || (connected != 0 && error != EINPROGRESS)) {
      throw Error(Status::unavailable, std::strerror(error));
    }
    if (connected != 0) wait_writable(call, socket.fd());
    int result = 0;
    socklen_t length = sizeof result;
    ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &result, &length);
    if (result != 0) throw Error(Status::unavailable, std::strerror(result));
  }

  // Waits until `fd` is writable (the connect finished), bounded by the call's
  // deadline and woken by its cancellation.
  static void wait_writable(const Call &call, int fd) {
    while (true) {
      const auto remaining = call.remaining();
      if ((remaining && remaining->count() == 0) || call.cancelled()) {
        throw Error(Status::cancelled, "the call's deadline passed or it was cancelled");
      }
      // Re-checked every second at most, in case the deadline has no descriptor.
      const int timeout =
          remaining ? static_cast<int>(std::min<std::int64_t>(remaining->count(), 1000)) : 1000;
      pollfd fds[2] = {{fd, POLLOUT, 0}, {call.cancel_fd(), POLLIN, 0}};
      const int ready = ::poll(fds, fds[1].fd >= 0 ? 2 : 1, timeout);
      if (ready < 0 && errno != EINTR) throw Error(Status::unavailable, std::strerror(errno));
      if (ready > 0 && fds[1].fd >= 0 && (fds[1].revents & POLLIN) != 0) {
        throw Error(Status::cancelled, "cancelled");
      }
      if (ready > 0 && fds[0].revents != 0) return;
    }
  }

  std::string port_;
};

}  // namespace

JOINERY_PLUGIN("com.example.acme-backend", ACME_VERSION, joinery::sdk::Providers<>,
               joinery::sdk::Backends<AcmeBackend>);
