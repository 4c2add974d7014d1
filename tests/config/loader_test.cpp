// Several files and directories merged as Consul merges them, then validated.
#include "config/loader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "config/toml_reader.hpp"
#include "entry_texts.hpp"
#include "support/temp_dir.hpp"

namespace joinery::config {
namespace {

using namespace std::chrono_literals;
using test::entry_texts;
using test::Messages;
using test::texts;

TEST(Loader, NoSourcesGiveConsulsDefaults) {
  const Loaded loaded = load({});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  ASSERT_TRUE(loaded.config.has_value());
  EXPECT_EQ(loaded.config->datacenter, "dc1");
  EXPECT_EQ(loaded.config->primary_datacenter, "dc1");
  EXPECT_FALSE(loaded.config->node_name.empty());
  EXPECT_EQ(loaded.config->lan_backend.name, "serf");
  EXPECT_EQ(loaded.config->retry_interval, 30s);
  EXPECT_TRUE(loaded.files.empty());
}

TEST(Loader, LaterFilesOverrideScalarsAndAppendLists) {
  test::TempDir dir;
  const auto a = dir.write("a.toml", R"(
datacenter = "dc1"
retry_max = 3
retry_join = ["10.0.0.1"]
plugin_dirs = ["/a"]
)");
  const auto b = dir.write("b.toml", R"(
retry_max = 5
retry_join = ["10.0.0.2", "10.0.0.3"]
plugin_dirs = ["/b"]
)");
  const Loaded loaded = load({.paths = {a, b}, .flags = {}});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  const Config &config = *loaded.config;
  EXPECT_EQ(config.retry_max, 5);
  EXPECT_EQ(config.datacenter, "dc1");
  EXPECT_EQ(entry_texts(config.retry_join),
            (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(config.retry_join[0].origin.where, a.string() + ":4:15");
  EXPECT_EQ(config.retry_join[2].origin.where, b.string() + ":3:27");
  EXPECT_EQ(config.plugin_dirs, (std::vector<std::filesystem::path>{"/a", "/b"}));
  EXPECT_EQ(loaded.files, (std::vector<std::filesystem::path>{a, b}));
}

TEST(Loader, ConfigDirReadsTomlFilesSortedByName) {
  test::TempDir dir;
  dir.write("conf.d/20-b.toml", "retry_join = [\"b\"]\nretry_max = 2\n");
  dir.write("conf.d/10-a.toml", "retry_join = [\"a\"]\nretry_max = 1\n");
  dir.write("conf.d/30-c.toml", "retry_join = [\"c\"]\n");
  dir.write("conf.d/notes.txt", "not toml at all");
  dir.write("conf.d/99.toml.bak", "not toml at all");
  dir.write("conf.d/sub/40-d.toml", "retry_join = [\"d\"]\n");
  const Loaded loaded = load({.paths = {dir.path() / "conf.d"}, .flags = {}});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  EXPECT_EQ(entry_texts(loaded.config->retry_join), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(loaded.config->retry_max, 2);
  EXPECT_EQ(loaded.files, (std::vector<std::filesystem::path>{dir.path() / "conf.d/10-a.toml",
                                                              dir.path() / "conf.d/20-b.toml",
                                                              dir.path() / "conf.d/30-c.toml"}));
}

TEST(Loader, FilesAndDirectoriesAreReadInTheOrderGiven) {
  test::TempDir dir;
  const auto first = dir.write("first.toml", "retry_join = [\"1\"]\ndatacenter = \"first\"\n");
  dir.write("d/x.toml", "retry_join = [\"2\"]\ndatacenter = \"dir\"\n");
  const auto last = dir.write("last.toml", "retry_join = [\"3\"]\n");
  const Loaded loaded = load({.paths = {first, dir.path() / "d", last}, .flags = {}});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  EXPECT_EQ(entry_texts(loaded.config->retry_join), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(loaded.config->datacenter, "dir");
}

TEST(Loader, FlagsAreMergedLast) {
  test::TempDir dir;
  const auto file = dir.write("a.toml", "retry_max = 3\nretry_join = [\"file\"]\n");
  Layer flags;
  flags.retry_max = 7;
  flags.retry_join = {{"flag", Origin{"-retry-join"}}};
  const Loaded loaded = load({.paths = {file}, .flags = flags});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  EXPECT_EQ(loaded.config->retry_max, 7);
  EXPECT_EQ(entry_texts(loaded.config->retry_join), (std::vector<std::string>{"file", "flag"}));
  EXPECT_EQ(loaded.config->retry_join[1].origin.where, "-retry-join");
}

TEST(Loader, BackendKeysOfTheSameBackendMergeKeyByKey) {
  test::TempDir dir;
  const auto a = dir.write("a.toml",
                           "[join.lan]\nbackend = \"serf\"\nrpc_addr = \"a:1\"\ntls = "
                           "false\n");
  const auto b = dir.write("b.toml", "[join.lan]\nrpc_addr = \"b:2\"\nauth = \"x\"\n");
  const Loaded loaded = load({.paths = {a, b}, .flags = {}});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  const BackendChoice &lan = loaded.config->lan_backend;
  EXPECT_EQ(lan.name, "serf");
  EXPECT_EQ(lan.keys, (plugins::KeyValues{{"rpc_addr", "b:2"}, {"tls", "false"}, {"auth", "x"}}));
  EXPECT_EQ(lan.origin, b.string() + ":1:1");
}

TEST(Loader, ALaterTableNamingAnotherBackendReplacesIt) {
  test::TempDir dir;
  const auto a = dir.write("a.toml", "[join.lan]\nbackend = \"serf\"\nrpc_addr = \"a:1\"\n");
  const auto b = dir.write("b.toml", "[join.lan]\nbackend = \"consul\"\naddress = \"b:2\"\n");
  const Loaded loaded = load({.paths = {a, b}, .flags = {}});
  ASSERT_EQ(texts(loaded.problems), Messages{});
  EXPECT_EQ(loaded.config->lan_backend.name, "consul");
  EXPECT_EQ(loaded.config->lan_backend.keys, (plugins::KeyValues{{"address", "b:2"}}));
}

TEST(Loader, ReportsMistakesOfEveryFile) {
  test::TempDir dir;
  const auto a = dir.write("a.toml", "retry_max = -1\n");
  const auto b = dir.write("b.toml", "sever = true\n");
  const Loaded loaded = load({.paths = {a, b}, .flags = {}});
  EXPECT_FALSE(loaded.config.has_value());
  EXPECT_EQ(texts(loaded.problems),
            (Messages{a.string() + ":1:13: 'retry_max' must not be negative (0 means retry "
                                   "forever), got -1",
                      b.string() + ":1:1: unknown key 'sever' (did you mean 'server'?)"}));
}

TEST(Loader, MissingFileIsAProblem) {
  test::TempDir dir;
  const Loaded loaded = load({.paths = {dir.path() / "nope.toml"}, .flags = {}});
  EXPECT_FALSE(loaded.config.has_value());
  EXPECT_EQ(texts(loaded.problems),
            Messages{(dir.path() / "nope.toml").string() +
                     ": cannot read the configuration file: No such file or directory"});
}

TEST(Loader, ADanglingLinkInTheConfigDirIsAProblemNamingIt) {
  test::TempDir dir;
  dir.write("conf.d/10-a.toml", "retry_join = [\"a\"]\n");
  const auto link = dir.path() / "conf.d/20-gone.toml";
  std::filesystem::create_symlink(dir.path() / "removed.toml", link);
  const Loaded loaded = load({.paths = {dir.path() / "conf.d"}, .flags = {}});
  EXPECT_FALSE(loaded.config.has_value());
  EXPECT_EQ(texts(loaded.problems),
            Messages{link.string() + ": a symbolic link to " +
                     (dir.path() / "removed.toml").string() + ", which does not exist"});
}

// `--config FIFO` blocked for ever; `--config /dev/zero` grew to 15 GB in 30 s; a 1 GB
// sparse file was read whole. Each now fails at once, naming the file and the reason.
TEST(Loader, AFifoDevZeroOrAHugeSparseFileFailsAtOnceNamingTheFileAndTheCap) {
  test::TempDir dir;
  const auto fifo = dir.path() / "fifo.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto sparse = dir.write("sparse.toml", "");
  ASSERT_EQ(::truncate(sparse.c_str(), off_t{1} << 30), 0);
  const auto over = dir.write("over.toml", "");
  ASSERT_EQ(::truncate(over.c_str(), static_cast<off_t>(max_config_file_bytes) + 1), 0);
  const Loaded loaded = load({.paths = {fifo, "/dev/zero", sparse, over}, .flags = {}});
  EXPECT_FALSE(loaded.config.has_value());
  EXPECT_EQ(texts(loaded.problems),
            (Messages{fifo.string() + ": cannot read the configuration file: not a regular "
                                      "file (a FIFO)",
                      "/dev/zero: cannot read the configuration file: not a regular file (a "
                      "character device)",
                      sparse.string() + ": cannot read the configuration file: larger than 16 MiB",
                      over.string() + ": cannot read the configuration file: larger than 16 MiB"}));
}

TEST(Loader, AFifoNamedTomlInTheConfigDirIsAProblemNotSkipped) {
  test::TempDir dir;
  dir.write("conf.d/10-a.toml", "retry_join = [\"a\"]\n");
  const auto fifo = dir.path() / "conf.d/20-pipe.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Loaded loaded = load({.paths = {dir.path() / "conf.d"}, .flags = {}});
  EXPECT_EQ(texts(loaded.problems),
            Messages{fifo.string() +
                     ": cannot read the configuration file: not a regular file (a FIFO)"});
}

TEST(Loader, ValidatesTheMergedConfiguration) {
  test::TempDir dir;
  const auto a = dir.write("a.toml", "datacenter = \"dc2\"\nprimary_datacenter = \"dc1\"\n");
  const auto b = dir.write("b.toml", "primary_gateways = [\"gw:8443\"]\n");
  const Loaded loaded = load({.paths = {a, b}, .flags = {}});
  EXPECT_FALSE(loaded.config.has_value());
  EXPECT_EQ(texts(loaded.problems), Messages{"'primary_gateways' requires 'server = true'"});
}

TEST(Loader, RulesAreNotCheckedWhileValuesAreWrong) {
  test::TempDir dir;
  // server has the wrong type, so "requires 'server = true'" would only mislead.
  const auto a = dir.write("a.toml",
                           "server = \"yes\"\nprimary_gateways = [\"gw\"]\n"
                           "primary_datacenter = \"dc0\"\n");
  const Loaded loaded = load({.paths = {a}, .flags = {}});
  EXPECT_EQ(texts(loaded.problems),
            Messages{a.string() + ":1:10: 'server' must be a boolean, not a string"});
}

TEST(Loader, NodeNameDefaultsToTheHostName) {
  test::TempDir dir;
  const auto a = dir.write("a.toml", "node_name = \"\"\n");
  const Loaded loaded = load({.paths = {a}, .flags = {}});
  ASSERT_TRUE(loaded.config.has_value());
  EXPECT_FALSE(loaded.config->node_name.empty());
}

TEST(Loader, ALaterFilePinsAPluginAgain) {
  test::TempDir dir;
  const std::string first(64, 'a'), second(64, 'b');
  const auto a = dir.write("a.toml", "plugin_sha256 = { joinery-dns = \"" + first +
                                         "\", joinery-acme = \"" + first + "\" }\n");
  const auto b = dir.write("b.toml", "[plugin_sha256]\njoinery-dns = \"" + second + "\"\n");
  const Loaded loaded = load({.paths = {a, b}});
  ASSERT_TRUE(loaded.config.has_value());
  const plugins::Sha256Pins &pins = loaded.config->plugin_sha256;
  EXPECT_EQ(pins.at("joinery-dns").sha256, second);
  EXPECT_EQ(pins.at("joinery-dns").origin, b.string() + ":2:15");
  EXPECT_EQ(pins.at("joinery-acme").sha256, first);
  EXPECT_EQ(loaded.config->plugin_trust().sha256_pins.size(), 2u);
}

}  // namespace
}  // namespace joinery::config
