// Consul's JSON configuration files: read with the same keys, types and messages as
// TOML, a Consul agent's other keys skipped under --skip-consul-keys (and errors
// otherwise), HCL refused with the formats that are read.
#include "config/json_reader.hpp"

#include <gtest/gtest.h>

#include "config/config_file.hpp"
#include "config/loader.hpp"
#include "entry_texts.hpp"
#include "support/temp_dir.hpp"

namespace joinery::config {
namespace {

using namespace std::chrono_literals;
using test::entry_texts;
using test::Messages;
using test::texts;

// A Consul server's configuration as operators write it (Consul's documentation).
constexpr const char *consul_server_json = R"({
  "datacenter": "eu-west",
  "data_dir": "/opt/consul",
  "server": true,
  "bootstrap_expect": 3,
  "retry_join": ["provider=aws tag_key=consul tag_value=server", "10.0.0.10"],
  "retry_interval": "15s",
  "retry_max": 4,
  "retry_join_wan": ["10.1.0.10"],
  "acl": {"enabled": true, "default_policy": "deny"},
  "connect": {"enabled": true, "ca_provider": "consul",
              "enable_mesh_gateway_wan_federation": false},
  "ports": {"grpc": 8502}
})";

TEST(JsonConfig, ReadsConsulsKeysWithTheSkipSwitch) {
  Problems problems;
  const Layer layer = read_json(consul_server_json, "consul.json", "/etc/consul.d", problems,
                                {.skip_consul_keys = true});
  ASSERT_EQ(texts(problems), Messages{});
  EXPECT_EQ(layer.datacenter, "eu-west");
  EXPECT_EQ(layer.server, true);
  EXPECT_EQ(
      entry_texts(layer.retry_join),
      (std::vector<std::string>{"provider=aws tag_key=consul tag_value=server", "10.0.0.10"}));
  EXPECT_EQ(entry_texts(layer.retry_join_wan), std::vector<std::string>{"10.1.0.10"});
  EXPECT_EQ(layer.retry_interval, 15s);
  EXPECT_EQ(layer.retry_max, 4);
  EXPECT_EQ(layer.connect_enabled, true);
  EXPECT_EQ(layer.mesh_gateway_wan_federation, false);
  // In the order written, nested keys by their path.
  EXPECT_EQ(layer.skipped_keys, (std::vector<std::string>{"data_dir", "bootstrap_expect", "acl",
                                                          "connect.ca_provider", "ports"}));
}

TEST(JsonConfig, ConsulsKeysAreUnknownWithoutTheSwitchAndSaySo) {
  Problems problems;
  (void)read_json(consul_server_json, "consul.json", "/etc/consul.d", problems);
  const std::string hint =
      " (a Consul agent setting joinery does not read: --skip-consul-keys skips such keys)";
  EXPECT_EQ(texts(problems), (Messages{"consul.json: unknown key 'data_dir'" + hint,
                                       "consul.json: unknown key 'bootstrap_expect'" + hint,
                                       "consul.json: unknown key 'acl'" + hint,
                                       "consul.json: unknown key 'connect.ca_provider'" + hint,
                                       "consul.json: unknown key 'ports'" + hint}));
}

TEST(JsonConfig, AMisspeltKeyIsAnErrorEvenWithTheSwitch) {
  Problems problems;
  (void)read_json(R"({"retry_jion": ["10.0.0.1"]})", "a.json", "/etc", problems,
                  {.skip_consul_keys = true});
  EXPECT_EQ(texts(problems),
            Messages{"a.json: unknown key 'retry_jion' (did you mean 'retry_join'?)"});
}

TEST(JsonConfig, WrongTypesAndNullsNameTheKeysPath) {
  Problems problems;
  (void)read_json(R"({"retry_join": ["10.0.0.1", 7, null], "retry_max": "3", "server": null})",
                  "a.json", "/etc", problems);
  EXPECT_EQ(texts(problems),
            (Messages{"a.json: 'retry_join[2]' is null: give it a value or leave it out",
                      "a.json: 'server' is null: give it a value or leave it out",
                      "a.json: 'retry_join' entries must be strings, not an integer",
                      "a.json: 'retry_max' must be an integer, not a string"}));
}

TEST(JsonConfig, ASyntaxErrorNamesItsLineAndColumn) {
  Problems problems;
  (void)read_json("{\n  \"retry_join\": [\"10.0.0.1\",]\n}\n", "a.json", "/etc", problems);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].where, "a.json:2:29") << problems[0].text();
  EXPECT_NE(problems[0].what.find("JSON syntax error: "), std::string::npos) << problems[0].what;
  EXPECT_EQ(problems[0].what.find("json.exception"), std::string::npos) << problems[0].what;
}

TEST(JsonConfig, TheDocumentMustBeAnObject) {
  Problems problems;
  (void)read_json(R"(["10.0.0.1"])", "a.json", "/etc", problems);
  EXPECT_EQ(texts(problems), Messages{"a.json: a JSON configuration file holds one object ({...}), "
                                      "not an array"});
}

TEST(JsonConfig, BackendKeysKeepTheOrderWritten) {
  Problems problems;
  const Layer layer = read_json(
      R"({"join": {"lan": {"backend": "exec", "command": "/bin/join", "args": ["-a", "-b"], "tls": true}}})",
      "a.json", "/etc", problems);
  ASSERT_EQ(texts(problems), Messages{});
  ASSERT_TRUE(layer.lan_backend.has_value());
  EXPECT_EQ(layer.lan_backend->name, "exec");
  EXPECT_EQ(layer.lan_backend->keys,
            (std::vector<std::pair<std::string, std::string>>{
                {"command", "/bin/join"}, {"args", "-a"}, {"args", "-b"}, {"tls", "true"}}));
}

TEST(JsonConfig, RelativePluginDirsAreRelativeToTheFile) {
  Problems problems;
  const Layer layer =
      read_json(R"({"plugin_dirs": ["plugins"]})", "a.json", "/etc/consul.d", problems);
  ASSERT_EQ(texts(problems), Messages{});
  EXPECT_EQ(layer.plugin_dirs, std::vector<std::filesystem::path>{"/etc/consul.d/plugins"});
}

TEST(ConfigFile, HclIsRefusedNamingTheFormatsThatAreRead) {
  test::TempDir dir;
  const auto file = dir.write("consul.hcl", "retry_join = [\"10.0.0.1\"]\n");
  Problems problems;
  (void)read_config_file(file, problems);
  EXPECT_EQ(texts(problems),
            Messages{file.string() +
                     ": HCL is not read: joinery reads TOML (*.toml) and JSON (*.json) "
                     "configuration files; write this file's settings as JSON (Consul reads the "
                     "same keys from a .json file) or TOML"});
}

TEST(ConsulConfigDir, JsonAndTomlFilesAreReadInNameOrder) {
  test::TempDir dir;
  dir.write("conf.d/10-consul.json", R"({"retry_join": ["10.0.0.1"], "retry_max": 2})");
  dir.write("conf.d/20-joinery.toml", "retry_join = [\"10.0.0.2\"]\nretry_max = 5\n");
  dir.write("conf.d/README", "not configuration");
  const Loaded loaded = load({.paths = {dir.path() / "conf.d"}});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  EXPECT_EQ(loaded.files,
            (std::vector<std::filesystem::path>{dir.path() / "conf.d/10-consul.json",
                                                dir.path() / "conf.d/20-joinery.toml"}));
  EXPECT_EQ(entry_texts(loaded.config->retry_join),
            (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(loaded.config->retry_max, 5);
}

TEST(ConsulConfigDir, AConsulAgentsDirectoryIsReadAsItIsWithTheSwitch) {
  test::TempDir dir;
  const auto file = dir.write("consul.d/consul.json", consul_server_json);
  dir.write("consul.d/tls.json", R"({"tls": {"defaults": {"verify_incoming": true}}})");
  // What joinery needs beside Consul's own files: the WAN's backend (Consul's agent is
  // its own).
  dir.write("consul.d/joinery.toml", "[join.wan]\nbackend = \"serf\"\n");
  const Loaded loaded = load({.paths = {dir.path() / "consul.d"}, .skip_consul_keys = true});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  ASSERT_TRUE(loaded.config.has_value());
  EXPECT_EQ(loaded.config->datacenter, "eu-west");
  ASSERT_EQ(loaded.skipped_keys.size(), 6U);
  EXPECT_EQ(loaded.skipped_keys[0].file, file);
  EXPECT_EQ(loaded.skipped_keys[0].key, "data_dir");
  EXPECT_EQ(loaded.skipped_keys[5].file, dir.path() / "consul.d/tls.json");
  EXPECT_EQ(loaded.skipped_keys[5].key, "tls");
}

TEST(ConsulConfigDir, ADirectoryWhoseFilesAreAllSkippedIsAnError) {
  test::TempDir dir;
  dir.write("consul.d/base.json", R"({"data_dir": "/opt/consul", "ports": {"grpc": 8502}})");
  dir.write("consul.d/acl.json", R"({"acl": {"enabled": true}})");
  const Loaded loaded = load({.paths = {dir.path() / "consul.d"}, .skip_consul_keys = true});
  EXPECT_FALSE(loaded.config.has_value());
  EXPECT_EQ(texts(loaded.problems),
            Messages{(dir.path() / "consul.d").string() +
                     ": no file in this directory sets anything joinery reads: its 2 files hold "
                     "only Consul settings that --skip-consul-keys skips (3 keys); add retry_join "
                     "there, or point --config-dir elsewhere"});
}

TEST(ConsulConfigDir, AnHclFileInTheDirectoryIsAnErrorNotSkipped) {
  test::TempDir dir;
  dir.write("consul.d/consul.hcl", "retry_join = [\"10.0.0.1\"]\n");
  dir.write("consul.d/extra.json", R"({"retry_join": ["10.0.0.2"]})");
  const Loaded loaded = load({.paths = {dir.path() / "consul.d"}, .skip_consul_keys = true});
  EXPECT_FALSE(loaded.config.has_value());
  ASSERT_EQ(loaded.problems.size(), 1U);
  EXPECT_EQ(loaded.problems[0].where, (dir.path() / "consul.d/consul.hcl").string());
}

}  // namespace
}  // namespace joinery::config
