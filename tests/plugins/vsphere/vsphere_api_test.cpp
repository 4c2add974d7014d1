// The vsphere provider against govmomi's vCenter simulator (vcsim: VIM SOAP at /sdk,
// CIS tagging at /rest), with a category, tags and tagged virtual machines made
// through its REST API; in process and as the real `joinery discover` binary.
#include "vsphere_discovery.hpp"

#include <gtest/gtest.h>

#include "cloud/cloud_api_server.hpp"
#include "support/plugin_config.hpp"
#include "support/thrown_error.hpp"
#include "vcsim_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace {

using joinery::sdk::CallBounds;
using joinery::sdk::Status;
using joinery::test::CommandResult;
using joinery::test::discover_command;
using joinery::test::PluginConfig;
using joinery::test::thrown_error;
using joinery::test::TlsCertificates;
using joinery::test::variables;
using joinery::test::Vcsim;
using joinery::vsphere::discover_vsphere;
using joinery::vsphere::read_vsphere_settings;
using nlohmann::json;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

// VM0 reports (in ipConfig) one IPv4 and one IPv6 address to take, beside loopback,
// link-local and multicast ones; VM1 only guest.net[].ipAddress (no ipConfig); VM2 is
// never tagged; C0_RP0_VM0 is tagged but reports no guest network.
json guest_addresses() {
  return {{"DC0_H0_VM0",
           {{{"ip_config",
              {"192.0.2.10", "fe80::250:56ff:fe01:1", "2001:DB8:0::10", "127.0.0.1", "::1",
               "169.254.7.7", "224.0.0.251", "ff02::fb"}},
             {"ip_address", {"192.0.2.10", "2001:db8::10"}}}}},
          {"DC0_H0_VM1", {{{"ip_config", json::array()}, {"ip_address", {"198.51.100.7"}}}}},
          {"DC0_C0_RP0_VM1", {{{"ip_config", {"203.0.113.9"}}, {"ip_address", json::array()}}}}};
}

Strings sorted(Strings strings) {
  std::sort(strings.begin(), strings.end());
  return strings;
}

class VsphereApi : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string category = vcsim.create_category("consul");
    const std::string server = vcsim.create_tag("server", category);
    (void)vcsim.create_tag("client", category);
    (void)vcsim.create_tag("idle", category);
    vcsim.attach(server, "DC0_H0_VM0");
    vcsim.attach(server, "DC0_H0_VM1");
    vcsim.attach(server, "DC0_C0_RP0_VM0");
    const std::string other = vcsim.create_category("other");
    vcsim.attach(vcsim.create_tag("server", other), "DC0_C0_RP0_VM1");
  }

  // The keys of a discovery of tag `tag` in category consul, with `extra` keys.
  joinery::cloud::Found discover(const std::string &tag, const CallBounds &interruption = {},
                                 const std::string &password = Vcsim::password) {
    const PluginConfig config{{"tag_name", tag},      {"category_name", "consul"},
                              {"host", vcsim.host()}, {"user", Vcsim::user},
                              {"password", password}, {"ca_file", tls.ca_cert().string()}};
    return discover_vsphere(read_vsphere_settings(config.view(), variables({})), interruption);
  }

  TlsCertificates tls;
  Vcsim vcsim{tls, guest_addresses()};
};

TEST_F(VsphereApi, TheTaggedMachinesGuestAddressesAreFoundIpv4AndIpv6) {
  const auto found = discover("server");
  EXPECT_EQ(sorted(found.addresses), (Strings{"192.0.2.10", "198.51.100.7", "2001:db8::10"}));
  const bool noted = std::any_of(found.notes.begin(), found.notes.end(), [&](const auto &note) {
    return note.find("DC0_C0_RP0_VM0") != std::string::npos &&
           note.find("reports no guest network") != std::string::npos;
  });
  EXPECT_TRUE(noted) << ::testing::PrintToString(found.notes);
  // Both sessions were logged out: a failed logout would be noted.
  const bool logout_failed = std::any_of(
      found.notes.begin(), found.notes.end(),
      [&](const auto &note) { return note.find("could not be logged out") != std::string::npos; });
  EXPECT_FALSE(logout_failed) << ::testing::PrintToString(found.notes);
}

// A machine deleted since it was tagged fails vCenter's whole property retrieval
// (ManagedObjectNotFound): it is left out and the others asked again; a tagged host is
// no virtual machine.
TEST_F(VsphereApi, ATaggedMachineThatIsGoneOrAHostIsLeftOutWithANote) {
  const std::string category = vcsim.create_category("mixed");
  const std::string tag = vcsim.create_tag("server", category);
  vcsim.attach_object(tag, "VirtualMachine", "vm-9999");
  vcsim.attach_object(tag, "HostSystem", "host-21");
  vcsim.attach(tag, "DC0_H0_VM1");
  const PluginConfig config{{"tag_name", "server"},        {"category_name", "mixed"},
                            {"host", vcsim.host()},        {"user", Vcsim::user},
                            {"password", Vcsim::password}, {"ca_file", tls.ca_cert().string()}};
  const auto found = discover_vsphere(read_vsphere_settings(config.view(), variables({})), {});
  EXPECT_EQ(found.addresses, Strings{"198.51.100.7"});
  const auto noted = [&](const std::string &text) {
    return std::any_of(found.notes.begin(), found.notes.end(),
                       [&](const std::string &note) { return note == text; });
  };
  EXPECT_TRUE(noted("vsphere: virtual machine vm-9999 is tagged but no longer exists; left out"))
      << ::testing::PrintToString(found.notes);
  EXPECT_TRUE(
      noted("vsphere: tagged object host-21 is a HostSystem, not a virtual machine; left out"))
      << ::testing::PrintToString(found.notes);
}

TEST_F(VsphereApi, ATagWithNoMachinesFindsNoAddresses) {
  const auto found = discover("idle");
  EXPECT_TRUE(found.addresses.empty()) << ::testing::PrintToString(found.addresses);
}

TEST_F(VsphereApi, AWrongPasswordFailsWithTheVcentersInvalidLogin) {
  const auto error = thrown_error([&] { discover("server", {}, "not-the-password"); });
  const std::string message = error.what();
  EXPECT_EQ(error.status(), Status::unavailable) << message;
  EXPECT_NE(message.find("Login at https://" + vcsim.host() + "/sdk: InvalidLogin: "),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("incorrect user name or password"), std::string::npos) << message;
  EXPECT_EQ(message.find("not-the-password"), std::string::npos) << message;
}

TEST_F(VsphereApi, AnUnknownTagIsNotFoundNamingIt) {
  const auto error = thrown_error([&] { discover("nomad"); });
  EXPECT_EQ(error.status(), Status::not_found) << error.what();
  EXPECT_NE(
      std::string(error.what()).find("tag_name: no tag named \"nomad\" in category \"consul\""),
      std::string::npos)
      << error.what();
}

TEST_F(VsphereApi, AnUnknownCategoryIsNotFoundNamingIt) {
  const PluginConfig config{{"tag_name", "server"},        {"category_name", "nomad"},
                            {"host", vcsim.host()},        {"user", Vcsim::user},
                            {"password", Vcsim::password}, {"ca_file", tls.ca_cert().string()}};
  const auto error = thrown_error(
      [&] { discover_vsphere(read_vsphere_settings(config.view(), variables({})), {}); });
  EXPECT_EQ(error.status(), Status::not_found) << error.what();
  EXPECT_NE(std::string(error.what()).find("category_name: no tag category named \"nomad\""),
            std::string::npos)
      << error.what();
}

TEST_F(VsphereApi, AnUntrustedCertificateFailsUnlessInsecureSslIsAsked) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  auto with = [&](const Pairs &tls_keys) {
    Pairs pairs{{"tag_name", "server"},
                {"category_name", "consul"},
                {"host", vcsim.host()},
                {"user", Vcsim::user},
                {"password", Vcsim::password}};
    pairs.insert(pairs.end(), tls_keys.begin(), tls_keys.end());
    return pairs;
  };
  const auto run = [&](const Pairs &pairs) {
    std::string spec = "provider=vsphere";
    for (const auto &[key, value] : pairs) {
      spec += " " + key + "=" + value;
    }
    return discover_command({spec}, {});
  };
  // The system's CAs do not know the test's CA, nor does an unrelated one.
  for (const auto &pairs : {with({}), with({{"ca_file", tls.other_ca_cert().string()}})}) {
    const CommandResult r = run(pairs);
    EXPECT_NE(r.status, 0) << r.out;
    EXPECT_NE(r.err.find("certificate"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("give the vCenter's CA as ca_file, or insecure_ssl=true"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("insecure_ssl is set"), std::string::npos) << r.err;
  }
  const CommandResult insecure = run(with({{"insecure_ssl", "true"}}));
  EXPECT_EQ(insecure.status, 0) << insecure.err;
  EXPECT_NE(insecure.out.find("192.0.2.10"), std::string::npos) << insecure.out;
  EXPECT_NE(insecure.err.find("insecure_ssl is set"), std::string::npos) << insecure.err;
  const CommandResult trusted = run(with({{"ca_file", tls.ca_cert().string()}}));
  EXPECT_EQ(trusted.status, 0) << trusted.err;
  EXPECT_EQ(trusted.err.find("insecure_ssl is set"), std::string::npos) << trusted.err;
}

// The password through the host's password_file= (a secret key's file), then a wrong one
// through $VSPHERE_PASSWORD and the host's password_env=: never printed.
TEST_F(VsphereApi, TheDiscoverCommandPrintsTheAddressesAndNeverThePassword) {
  joinery::test::TempDir dir;
  const auto password_file = dir.write("password", std::string(Vcsim::password) + "\n");
  const CommandResult r = discover_command(
      {"--log-level", "debug",
       "provider=vsphere tag_name=server category_name=consul host=" + vcsim.host() +
           " user=" + Vcsim::user + " password_file=" + password_file.string() +
           " ca_file=" + tls.ca_cert().string()},
      {});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("192.0.2.10"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("198.51.100.7"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2001:db8::10"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("203.0.113.9"), std::string::npos) << r.out;
  joinery::test::expect_never_printed(r, Vcsim::password);

  const CommandResult wrong = discover_command(
      {"--log-level", "debug",
       "provider=vsphere tag_name=server category_name=consul host=" + vcsim.host() +
           " user=" + Vcsim::user + " ca_file=" + tls.ca_cert().string()},
      {{"VSPHERE_PASSWORD", "wr0ng-pa55word"}});
  EXPECT_NE(wrong.status, 0);
  EXPECT_NE(wrong.err.find("InvalidLogin"), std::string::npos) << wrong.err;
  joinery::test::expect_never_printed(wrong, "wr0ng-pa55word");

  const CommandResult from_env = discover_command(
      {"provider=vsphere tag_name=server category_name=consul host=" + vcsim.host() +
       " user=" + Vcsim::user + " password_env=VCENTER_PW ca_file=" + tls.ca_cert().string()},
      {{"VCENTER_PW", "an0ther-wr0ng-0ne"}});
  EXPECT_NE(from_env.status, 0);
  EXPECT_NE(from_env.err.find("incorrect user name or password"), std::string::npos)
      << from_env.err;
  joinery::test::expect_never_printed(from_env, "an0ther-wr0ng-0ne");
}

TEST(VsphereHelp, TheHelpShowsTheKeysAndExamples) {
  joinery::test::expect_help_shows(
      "vsphere",
      {"tag_name", "category_name", "host", "user", "password", "password_file", "password_env",
       "ca_file", "insecure_ssl", "timeout", "VSPHERE_PASSWORD", "provider=vsphere"});
}

// A vCenter that accepts the connection and never answers: a listening socket that
// nobody accepts on (the kernel completes the TCP handshake, TLS waits forever).
class SilentServer {
 public:
  SilentServer() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr *>(&address), size) != 0 || listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr *>(&address), &size) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { close(fd_); }
  SilentServer(const SilentServer &) = delete;
  SilentServer &operator=(const SilentServer &) = delete;
  [[nodiscard]] std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

joinery::vsphere::VsphereSettings silent_settings(const SilentServer &server,
                                                  const std::string &timeout) {
  const PluginConfig config{{"tag_name", "server"},  {"category_name", "consul"},
                            {"host", server.host()}, {"user", "u"},
                            {"password", "p"},       {"timeout", timeout}};
  return read_vsphere_settings(config.view(), variables({}));
}

TEST(VsphereDeadline, ACallThatNeverAnswersEndsAtTheCallsDeadline) {
  const SilentServer server;
  const auto error = thrown_error(
      [&] { discover_vsphere(silent_settings(server, "10m"), joinery::test::deadline_in(300ms)); });
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
  EXPECT_NE(std::string(error.what()).find(server.host() + "/sdk"), std::string::npos)
      << error.what();
}

TEST(VsphereDeadline, TheTimeoutKeyBoundsTheCallToo) {
  const SilentServer server;
  const auto error = thrown_error([&] { discover_vsphere(silent_settings(server, "300ms"), {}); });
  // Its deadline and the transfer's own timeout are the same length: either may end it.
  EXPECT_TRUE(error.status() == Status::cancelled || error.status() == Status::unavailable)
      << error.what();
  EXPECT_NE(std::string(error.what()).find(server.host() + "/sdk"), std::string::npos)
      << error.what();
}

TEST(VsphereDeadline, ACancelledCallStopsAtOnce) {
  const SilentServer server;
  std::atomic<bool> cancelled = false;
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancelled = true;
  });
  CallBounds interruption;
  interruption.cancelled = [&] { return cancelled.load(); };
  const auto error =
      thrown_error([&] { discover_vsphere(silent_settings(server, "10m"), interruption); });
  canceller.join();
  EXPECT_EQ(error.status(), Status::cancelled) << error.what();
}

}  // namespace
