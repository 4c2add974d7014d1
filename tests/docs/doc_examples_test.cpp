// The worked examples of the README and docs/*.md, run as they are written, against
// local servers, comparing the output they show with what the commands print.
//
// A doc marks an example with an HTML comment before its fence:
//
//   <!-- doc-test: file=n1.toml -->      the next block is a file of the example
//   <!-- doc-test: setup=serf3 -->       the next ```console block is run
//   <!-- doc-test: setup=cloud:aws -->   ... against aws's test server (cloud_api below)
//   <!-- doc-test: compile=cpp -->       the next block compiles against the SDK (-Werror)
//   <!-- doc-test: compile=c -->         ... as C99 against plugin.h alone
//
// A console block's `$ COMMAND` lines run in one bash session (so `echo $?` works), in a
// fresh directory holding the example's files, with the built joinery first in PATH;
// the lines after a command are what it prints (stdout and stderr). The setup starts
// the servers the example talks to and maps what the doc writes (127.0.0.1:7373,
// /etc/consul.d) to what the test started (free ports, temporary paths), both ways.
// Compared after normalising: timestamps (and the "..." the docs write for one) become
// <time>; a line "..." in the doc stands for any number of lines.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "plugins/triton/ssh_key.hpp"
#include "support/child_process.hpp"
#include "support/dnsmasq.hpp"
#include "support/etcd_server.hpp"
#include "support/file_text.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"
#include "vcsim_server.hpp"

namespace joinery {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct FileBlock {
  std::string path;  // relative to the example's directory, or absolute and mapped
  std::string text;
};

struct Example {
  std::string doc;  // "docs/backends.md"
  std::size_t line = 0;
  std::string setup;
  std::vector<FileBlock> files;  // the file blocks before it since the last example
  std::string console;           // the console block's text
  std::string compile;           // "cpp" or "c": `console` is a listing to compile, not commands
};

// Every marked example of `doc` (relative to the source tree).
std::vector<Example> examples_of(const std::string &doc) {
  std::istringstream in(test::file_text(test::source_dir() / doc));
  std::vector<Example> out;
  std::vector<FileBlock> files;
  const std::regex marker(R"(^<!-- doc-test: (setup|file|compile)=(\S+) -->$)");
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::smatch match;
    if (!std::regex_match(line, match, marker)) continue;
    const std::string kind = match[1];
    const std::string value = match[2];
    std::string fence;
    std::getline(in, fence);
    ++number;
    std::string body;
    for (std::string text; std::getline(in, text) && text != "```";) {
      ++number;
      body += text + "\n";
    }
    ++number;
    if (kind == "file") {
      files.push_back({value, body});
    } else if (kind == "compile") {
      out.push_back({doc, number, "", {}, body, value});
    } else {
      out.push_back({doc, number, value, std::move(files), body});
      files.clear();
    }
  }
  return out;
}

// What a setup started, and how the doc's words map onto it.
struct Setup {
  std::vector<std::pair<std::string, std::string>> names;  // doc's -> the test's
  std::map<std::string, std::string> env;
  fs::path cwd;                             // empty: the example's own directory
  bool any_port = false;                    // 127.0.0.1:N compares as 127.0.0.1:<port>
  std::vector<std::string> wrapper;         // runs the example's bash session (argv prefix)
  std::vector<std::shared_ptr<void>> held;  // the servers, stopped when it goes
};

// A setup is given the example's files (as the doc writes them), for a server to serve.
using SetupFunction = std::function<Setup(const std::vector<FileBlock> &files)>;

Setup serf_agents(const std::vector<FileBlock> & /*files*/) {
  Setup setup;
  for (int i = 0; i < 3; ++i) {
    auto agent = std::make_shared<test::SerfAgent>(
        test::SerfAgent::Options{.node = "n" + std::to_string(i + 1)});
    setup.names.emplace_back("127.0.0.1:" + std::to_string(7946 + i), agent->bind_address());
    setup.names.emplace_back("127.0.0.1:" + std::to_string(7373 + i), agent->rpc_address());
    setup.held.push_back(agent);
  }
  return setup;
}

std::string replaced(std::string text, const std::string &from, const std::string &to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// A cloud's API on loopback (tests/plugins/CLOUD/CLOUD_api.py), answering as
// tests/docs/clouds/CLOUD.json says, with the provider pointed at it: that file's
// "names" (the doc's words -> the test's) and "env" (the endpoint override), and the
// "commands" that make what the example needs once the server is up (a key file).
// "{url}" stands for the server's URL, "{dir}" for a directory the setup keeps.
Setup cloud_api(const std::string &cloud) {
  auto dir = std::make_shared<test::TempDir>();
  const nlohmann::json page = nlohmann::json::parse(
      replaced(test::file_text(test::source_dir() / "tests/docs/clouds" / (cloud + ".json")),
               "{dir}", dir->path().string()));
  auto server = std::make_shared<test::HttpServer>(test::HttpServer::Options{
      .handler = test::source_dir() / "tests/plugins" / cloud / (cloud + "_api.py"),
      .handler_config = page.at("handler_config")});
  const auto with_url = [&](const nlohmann::json &text) {
    return replaced(text.get<std::string>(), "{url}", server->url(""));
  };
  for (const auto &command : page.value("commands", std::vector<std::string>{})) {
    const test::CommandResult made = test::run({"bash", "-c", with_url(command)}, 60s);
    if (made.status != 0) throw std::runtime_error(command + " failed: " + made.err);
  }
  Setup setup;
  for (const auto &pair : page.at("names"))
    setup.names.emplace_back(with_url(pair.at(0)), with_url(pair.at(1)));
  for (const auto &[name, value] : page.at("env").items()) setup.env[name] = with_url(value);
  setup.held = {server, dir};
  return setup;
}

const std::map<std::string, SetupFunction> &setups() {
  static const std::map<std::string, SetupFunction> table = {
      {"none", [](const std::vector<FileBlock> &) { return Setup{}; }},
      {"serf3", serf_agents},
      // The README's demo: scripts/demo with this build's joinery (it builds nothing).
      {"demo",
       [](const std::vector<FileBlock> &) {
         Setup setup;
         setup.env = {{"JOINERY", (test::build_dir() / "bin/joinery").string()}};
         setup.cwd = test::source_dir();
         setup.any_port = true;
         return setup;
       }},
      // The README's srv example: two peers, one IPv4, one IPv6.
      {"dns-srv",
       [](const std::vector<FileBlock> &) {
         auto dns = std::make_shared<test::Dnsmasq>(test::Dnsmasq::Options{
             .hosts = {{"n1.test", {"127.0.0.11"}}, {"n2.test", {"fd00::12"}}},
             // Priorities, so the order is not RFC 2782's weighted random one.
             .srv = {{"_serf._tcp.test", "n1.test", 7946, 1, 0},
                     {"_serf._tcp.test", "n2.test", 7946, 2, 0}}});
         Setup setup;
         setup.names = {{"127.0.0.1:5353", dns->address()}};
         setup.held.push_back(dns);
         return setup;
       }},
      // docs/providers-dns-file.md: three Serf agents registered in the site's DNS
      // server at 10.0.0.53 (priorities, so the order is not RFC 2782's weighted one).
      {"dns-cluster",
       [](const std::vector<FileBlock> &) {
         auto dns = std::make_shared<test::Dnsmasq>(test::Dnsmasq::Options{
             .hosts = {{"n1.cluster.internal", {"10.0.1.11"}},
                       {"n2.cluster.internal", {"10.0.1.12"}},
                       {"n3.cluster.internal", {"10.0.1.13"}}},
             .srv = {{"_serf._tcp.cluster.internal", "n2.cluster.internal", 7946, 1, 0},
                     {"_serf._tcp.cluster.internal", "n1.cluster.internal", 7946, 2, 0},
                     {"_serf._tcp.cluster.internal", "n3.cluster.internal", 7946, 3, 0}},
             .domains = {"cluster.internal"}});
         Setup setup;
         setup.names = {{"10.0.0.53", dns->address()}};
         setup.held.push_back(dns);
         return setup;
       }},
      // docs/plugins.md: a vendor's directory holding a plugin built for ABI 2.0 and one
      // whose library is missing (the ABI tests' fixtures), and an operator's copy of one
      // with a broken entry in the current directory.
      {"vendor-plugins",
       [](const std::vector<FileBlock> &) {
         auto dir = std::make_shared<test::TempDir>();
         const fs::path fixtures = JOINERY_TEST_FIXTURE_DIR;
         const fs::path vendor = dir->path() / "opt/vendor/joinery";
         const fs::path home = dir->path() / "home/ops";
         fs::create_directories(vendor);
         fs::create_directories(home);
         fs::copy_file(fixtures / "joinery-fixture-abi-too-new.so", vendor / "joinery-acme.so");
         fs::copy_file(fixtures / "joinery-fixture-missing-dependency.so",
                       vendor / "joinery-cloud.so");
         fs::copy_file(fixtures / "joinery-fixture-short-entry.so", home / "joinery-acme.so");
         Setup setup;
         setup.names = {{"/opt/vendor/joinery", vendor.string()},
                        {"/home/ops", home.string()},
                        {"/usr/local/lib/joinery/plugins", test::bundled_plugin_dir().string()},
                        {"libcurl.so.4", "libjoinery_fixture_dep.so"}};
         setup.cwd = home;
         setup.held.push_back(dir);
         return setup;
       }},
      // docs/providers-triton.md: CloudAPI on loopback (tests/plugins/triton/triton_api.py,
      // which verifies each signature with the key's public half), a key made by ssh-keygen
      // at the doc's /etc/joinery/triton, and a real ssh-agent at the doc's socket.
      {"triton",
       [](const std::vector<FileBlock> &) {
         auto dir = std::make_shared<test::TempDir>();
         const test::SshKey key = test::make_ssh_key(*dir, "triton", {"-t", "rsa", "-m", "PEM"});
         const fs::path socket = dir->path() / "agent.sock";
         auto agent = std::make_shared<test::ChildProcess>(
             std::vector<std::string>{"ssh-agent", "-D", "-a", socket.string()});
         for (int i = 0; i < 500 && !fs::exists(socket); ++i) std::this_thread::sleep_for(10ms);
         nlohmann::json machines = nlohmann::json::array();
         for (int id : {11, 12, 13}) {
           machines.push_back({{"id", "uuid-" + std::to_string(id)},
                               {"name", "consul-" + std::to_string(id)},
                               {"state", "running"},
                               {"tags", {{"consul-role", id == 13 ? "client" : "server"}}},
                               {"primaryIp", "10.88.0." + std::to_string(id)}});
         }
         auto server = std::make_shared<test::HttpServer>(test::HttpServer::Options{
             .handler = test::source_dir() / "tests/plugins/triton/triton_api.py",
             .handler_config = {{"account", "acme"},
                                {"keys", {{key.md5, key.public_line}}},
                                {"machines", machines}}});
         Setup setup;
         // The socket before the directory holding it, so that it maps back whole.
         setup.names = {{"http://127.0.0.1:18434", server->url("")},
                        {"/run/user/0/ssh-agent.sock", socket.string()},
                        {"/etc/joinery", dir->path().string()},
                        {"44:9a:36:45:ca:af:9e:31:4d:d3:21:43:a9:50:96:cc", key.md5}};
         setup.env = {{"SSH_AUTH_SOCK", socket.string()}};
         setup.held = {server, agent, dir};
         return setup;
       }},
      // docs/providers-mdns.md: three agents announced by python-zeroconf on a private
      // network (tests/plugins/mdns/mdns_network.py under `unshare -n`, as the mdns
      // tests run), the example's commands inside it. Its service is _joinery._tcp.
      {"mdns",
       [](const std::vector<FileBlock> &) {
         Setup setup;
         setup.wrapper = {"unshare",
                          "-n",
                          "/usr/bin/python3",
                          (test::source_dir() / "tests/plugins/mdns/mdns_network.py").string(),
                          "--zeroconf",
                          "all",
                          "--instance",
                          "node1",
                          "7946",
                          "127.0.0.11,fd00::11",
                          "--instance",
                          "node2",
                          "7946",
                          "127.0.0.12",
                          "--instance",
                          "node3",
                          "7946",
                          "fd00::13",
                          "--"};
         setup.names = {{"_serf._tcp", "_joinery._tcp"}};
         return setup;
       }},
      // docs/providers-vsphere.md: govmomi's vCenter simulator (the vsphere tests' vcsim)
      // with the category and tag made through its CIS API, two tagged machines with the
      // guest addresses VMware Tools reports, the password in a file. The doc writes a
      // vCenter's names for vcsim's, and a real vCenter's text for a refused login.
      {"vsphere",
       [](const std::vector<FileBlock> &) {
         auto dir = std::make_shared<test::TempDir>();
         auto tls = std::make_shared<test::TlsCertificates>();
         const nlohmann::json guests = {
             {"DC0_H0_VM0",
              {{{"ip_config", {"10.20.0.11", "fe80::250:56ff:fe01:1", "2001:db8:20::11"}},
                {"ip_address", {"10.20.0.11"}}}}},
             {"DC0_H0_VM1",
              {{{"ip_config", {"10.20.0.12", "127.0.0.1"}}, {"ip_address", {"10.20.0.12"}}}}}};
         auto vcsim = std::make_shared<test::Vcsim>(*tls, guests);
         const std::string consul = vcsim->create_category("consul");
         const std::string server = vcsim->create_tag("server", consul);
         vcsim->attach(server, "DC0_H0_VM0");
         vcsim->attach(server, "DC0_H0_VM1");
         Setup setup;
         setup.names = {
             {"vcenter.example.com", vcsim->host()},
             {"/etc/consul.d/vsphere-password",
              dir->write("vsphere-password", test::Vcsim::password).string()},
             {"/etc/ssl/vcenter-ca.pem", tls->ca_cert().string()},
             {"consul-1 (vm-57)", "DC0_H0_VM0 (" + vcsim->machine_id("DC0_H0_VM0") + ")"},
             {"consul-2 (vm-60)", "DC0_H0_VM1 (" + vcsim->machine_id("DC0_H0_VM1") + ")"},
             {"Cannot complete login due to an incorrect user name or password.", "Login failure"}};
         setup.held = {vcsim, tls, dir};
         return setup;
       }},
      // An HTTPS server with a private CA serving /peers.json from the example's file.
      {"https-peers",
       [](const std::vector<FileBlock> &files) {
         auto tls = std::make_shared<test::TlsCertificates>();
         std::string list;
         for (const FileBlock &file : files) {
           if (file.path == "/srv/www/peers.json") list = file.text;
         }
         auto server = std::make_shared<test::HttpServer>(
             test::HttpServer::Options{.routes = {{{"path", "/peers.json"}, {"answer", list}}},
                                       .cert = tls->server_cert(),
                                       .key = tls->server_key()});
         Setup setup;
         setup.names = {{"https://cfg.example", server->url("")},
                        {"/etc/ssl/private-ca.pem", tls->ca_cert().string()}};
         setup.held = {tls, server};
         return setup;
       }},
      // etcd v3 and its JSON gateway; etcdctl talks to it.
      {"etcd",
       [](const std::vector<FileBlock> &) {
         auto etcd = std::make_shared<test::EtcdServer>();
         Setup setup;
         setup.names = {{"http://127.0.0.1:2379", etcd->client_url()}};
         setup.env = {{"ETCDCTL_ENDPOINTS", etcd->client_url()}, {"ETCDCTL_API", "3"}};
         setup.held.push_back(etcd);
         return setup;
       }},
  };
  return table;
}

// The doc's words as the test's (`forward`), or the test's as the doc's.
std::string mapped(std::string text, const Setup &setup, const fs::path &dir, bool forward) {
  for (const auto &[from, to] : setup.names) {
    text = forward ? replaced(std::move(text), from, to) : replaced(std::move(text), to, from);
  }
  if (!forward) text = replaced(std::move(text), dir.string() + "/", "");
  return text;
}

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string normalised(std::string line, bool any_port) {
  static const std::regex timestamp(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z )");
  static const std::regex dots(R"(^\.\.\. (\[[A-Z]+\]))");
  static const std::regex port(R"(127\.0\.0\.1:\d+)");
  // Trailing blanks are invisible in a doc (serf pads its columns).
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  line = std::regex_replace(line, timestamp, "<time> ");
  line = std::regex_replace(line, dots, "<time> $1");
  if (any_port) line = std::regex_replace(line, port, "127.0.0.1:<port>");
  return line;
}

// Whether `actual` matches `expected`, where a line "..." matches any run of lines.
bool matches(const std::vector<std::string> &expected, std::size_t e,
             const std::vector<std::string> &actual, std::size_t a) {
  if (e == expected.size()) return a == actual.size();
  if (expected[e] == "...") {
    for (std::size_t skip = a; skip <= actual.size(); ++skip) {
      if (matches(expected, e + 1, actual, skip)) return true;
    }
    return false;
  }
  return a < actual.size() && expected[e] == actual[a] && matches(expected, e + 1, actual, a + 1);
}

std::string joined(const std::vector<std::string> &lines) {
  std::string out;
  for (const std::string &line : lines) out += line + "\n";
  return out;
}

// Compiles a C++ (or C) listing as a vendor would, with every warning an error.
void compile_listing(const Example &example) {
  ASSERT_TRUE(example.compile == "cpp" || example.compile == "c")
      << "compile=" << example.compile << ": not cpp or c";
  const bool c = example.compile == "c";
  test::TempDir dir;
  const fs::path source = dir.write(c ? "listing.c" : "listing.cpp", example.console);
  const test::CommandResult result = test::run(
      {c ? JOINERY_TEST_C_COMPILER : JOINERY_TEST_CXX_COMPILER, c ? "-std=c99" : "-std=c++17",
       "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
       "-I" + (test::source_dir() / "plugin_api/include").string(), source.string()},
      120s);
  EXPECT_EQ(result.status, 0) << "the listing does not compile:\n" << result.err;
}

// Runs `example` and compares each command's output with the doc's.
void run_example(const Example &example) {
  SCOPED_TRACE(example.doc + ":" + std::to_string(example.line));
  if (!example.compile.empty()) return compile_listing(example);
  test::TempDir dir;
  Setup setup;
  if (example.setup.rfind("cloud:", 0) == 0) {
    setup = cloud_api(example.setup.substr(6));
  } else {
    const auto setup_function = setups().find(example.setup);
    ASSERT_NE(setup_function, setups().end()) << "no setup named " << example.setup;
    setup = setup_function->second(example.files);
  }
  // A file the doc writes at an absolute path is the one under the example's directory.
  for (const FileBlock &file : example.files) {
    if (fs::path(file.path).is_absolute()) {
      const std::string top = "/" + fs::path(file.path).relative_path().begin()->string();
      setup.names.emplace_back(top, (dir.path() / top.substr(1)).string());
    }
  }
  for (const FileBlock &file : example.files) {
    const std::string relative =
        fs::path(file.path).is_absolute() ? file.path.substr(1) : file.path;
    (void)dir.write(relative, mapped(file.text, setup, dir.path(), true));
  }

  // One bash session; a marker line before each command splits the output.
  std::vector<std::string> commands;
  std::vector<std::vector<std::string>> expected;
  bool continued = false;  // the command's last line ended in a backslash
  for (const std::string &line : lines_of(example.console)) {
    if (continued) {
      commands.back() += "\n" + line;
    } else if (line.rfind("$ ", 0) == 0) {
      commands.push_back(line.substr(2));
      expected.emplace_back();
    } else if (!expected.empty()) {
      expected.back().push_back(line);
    }
    continued =
        !commands.empty() && expected.back().empty() && !line.empty() && line.back() == '\\';
  }
  const std::string marker = "@@doc-test-command@@";
  std::string script = "exec 2>&1\n";
  for (const std::string &command : commands) {
    // The marker's echo would reset $?: what the doc's `echo $?` asks for is kept.
    script += "doc_test_status=$?; echo " + marker + "; (exit $doc_test_status)\n" +
              mapped(command, setup, dir.path(), true) + "\n";
  }
  test::ChildProcess::Options options;
  options.env = setup.env;
  options.env["PATH"] = (test::build_dir() / "bin").string() +
                        ":/usr/local/sbin:/usr/local/bin:" + "/usr/sbin:/usr/bin:/sbin:/bin";
  options.env["JOINERY_PLUGIN_PATH"] = "";
  const fs::path cwd = setup.cwd.empty() ? dir.path() : setup.cwd;
  std::vector<std::string> argv = setup.wrapper;
  argv.insert(argv.end(), {"bash", "-c", "cd '" + cwd.string() + "' && " + script});
  const test::CommandResult result = test::run(argv, 120s, options);

  std::vector<std::vector<std::string>> printed;
  for (const std::string &line : lines_of(result.out)) {
    if (line == marker) {
      printed.emplace_back();
    } else if (!printed.empty()) {
      printed.back().push_back(normalised(mapped(line, setup, dir.path(), false), setup.any_port));
    }
  }
  ASSERT_EQ(printed.size(), commands.size()) << result.out << result.err;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    std::vector<std::string> shown;
    for (const std::string &line : expected[i]) shown.push_back(normalised(line, setup.any_port));
    // A blank line closes a command's output in the docs' console blocks.
    while (!shown.empty() && shown.back().empty()) shown.pop_back();
    while (!printed[i].empty() && printed[i].back().empty()) printed[i].pop_back();
    EXPECT_TRUE(matches(shown, 0, printed[i], 0)) << "$ " << commands[i] << "\n--- the doc shows:\n"
                                                  << joined(shown) << "--- the command printed:\n"
                                                  << joined(printed[i]);
  }
}

class DocExamples : public testing::TestWithParam<std::string> {};

TEST_P(DocExamples, PrintWhatTheDocShows) {
  const std::vector<Example> examples = examples_of(GetParam());
  ASSERT_FALSE(examples.empty()) << GetParam() << " marks no example";
  for (const Example &example : examples) run_example(example);
}

// Every page with worked examples a local server can stand behind.
INSTANTIATE_TEST_SUITE_P(
    Pages, DocExamples,
    testing::Values("README.md", "docs/discovery.md", "docs/backends.md", "docs/configuration.md",
                    "docs/providers-http-k8s.md", "docs/retry-join.md",
                    "docs/providers-dns-file.md", "docs/plugins.md", "docs/providers-aws.md",
                    "docs/providers-azure.md", "docs/providers-gce.md",
                    "docs/providers-digitalocean.md", "docs/providers-linode.md",
                    "docs/providers-scaleway.md", "docs/providers-packet.md",
                    "docs/providers-softlayer.md", "docs/providers-aliyun.md",
                    "docs/providers-tencentcloud.md", "docs/providers-os.md",
                    "docs/providers-triton.md", "docs/providers-mdns.md",
                    "docs/providers-vsphere.md", "docs/hardening.md", "plugin_api/README.md"),
    [](const testing::TestParamInfo<std::string> &info) {
      std::string name = info.param;
      for (char &c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace joinery
