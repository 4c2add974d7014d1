// Loopback ports for servers the tests start.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace joinery::test {

// A TCP port on `host` (127.0.0.1 or ::1) that nothing listens on right now, picked
// by the kernel. Ports are handed out from a per-process range that avoids reuse
// between tests of one process.
std::uint16_t free_port(const std::string &host = "127.0.0.1");

// True once something accepts TCP connections on host:port, false after `timeout`.
bool wait_for_port(const std::string &host, std::uint16_t port, std::chrono::milliseconds timeout);

}  // namespace joinery::test
