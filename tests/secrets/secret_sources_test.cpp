// The host's rule that any secret key takes its value from KEY_file or KEY_env
// (host/keys/secret_sources.hpp): what it reads, what it refuses, and, end to end with
// the real binary, that a secret given this way is in no process's argv or environment.
#include "keys/secret_sources.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "support/child_process.hpp"
#include "support/joinery_run.hpp"
#include "support/paths.hpp"
#include "support/serf_agent.hpp"
#include "support/temp_dir.hpp"

namespace joinery::plugins {
namespace {

using namespace std::chrono_literals;

const std::vector<KeySpec> serf_like = {
    {"rpc_addr", JOINERY_KEY_STRING, false, false, std::nullopt, "address"},
    {"rpc_auth", JOINERY_KEY_STRING, false, true, std::nullopt, "token"},
};

TEST(SecretSources, EverySecretKeyGetsAFileAndAnEnvironmentVariable) {
  const auto sources = secret_sources(serf_like);
  ASSERT_EQ(sources.size(), 2U);
  EXPECT_EQ(sources[0].name, "rpc_auth_file");
  EXPECT_TRUE(sources[0].from_file);
  EXPECT_EQ(sources[1].name, "rpc_auth_env");
  EXPECT_EQ(secret_source_description(sources[1]),
            "an environment variable holding rpc_auth, read by joinery at start");
  EXPECT_NE(format_key_help(serf_like).find("rpc_auth_file  string"), std::string::npos)
      << format_key_help(serf_like);
}

TEST(SecretSources, AKeyThePluginDeclaresStaysThePlugins) {
  // The http provider declares bearer_token_file itself (read at every attempt).
  const std::vector<KeySpec> keys = {
      {"bearer_token", JOINERY_KEY_STRING, false, true, std::nullopt, "token"},
      {"bearer_token_file", JOINERY_KEY_STRING, false, false, std::nullopt, "its own"},
  };
  const auto sources = secret_sources(keys);
  ASSERT_EQ(sources.size(), 1U);
  EXPECT_EQ(sources[0].name, "bearer_token_env");
  const ResolvedKeys resolved = resolve_secret_sources(keys, {{"bearer_token_file", "/x"}});
  EXPECT_TRUE(resolved.problems.empty());
  EXPECT_EQ(resolved.values, (KeyValues{{"bearer_token_file", "/x"}}));
}

TEST(SecretSources, AFileGivesItsContentWithoutTheFinalLineBreak) {
  test::TempDir dir;
  const auto file = dir.write("token", "s3cret-from-file\n");
  const ResolvedKeys resolved =
      resolve_secret_sources(serf_like, {{"rpc_addr", "a"}, {"rpc_auth_file", file.string()}});
  EXPECT_TRUE(resolved.problems.empty());
  EXPECT_EQ(resolved.values, (KeyValues{{"rpc_addr", "a"}, {"rpc_auth", "s3cret-from-file"}}));
}

TEST(SecretSources, AVariableIsReadThenTakenOutOfTheEnvironment) {
  ::setenv("JOINERY_TEST_RPC_AUTH", "s3cret-from-env", 1);
  const ResolvedKeys first =
      resolve_secret_sources(serf_like, {{"rpc_auth_env", "JOINERY_TEST_RPC_AUTH"}});
  EXPECT_EQ(first.values, (KeyValues{{"rpc_auth", "s3cret-from-env"}}));
  EXPECT_EQ(std::getenv("JOINERY_TEST_RPC_AUTH"), nullptr);
  // A second entry naming it still gets it.
  const ResolvedKeys second =
      resolve_secret_sources(serf_like, {{"rpc_auth_env", "JOINERY_TEST_RPC_AUTH"}});
  EXPECT_EQ(second.values, (KeyValues{{"rpc_auth", "s3cret-from-env"}}));
}

TEST(SecretSources, RefusesWhatCannotBeReadNamingTheKeyNeverAValue) {
  test::TempDir dir;
  const auto fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto big = dir.write("big", std::string(max_secret_file_bytes + 1, 'x'));
  const auto problem = [](const KeyValues &values) {
    const ResolvedKeys resolved = resolve_secret_sources(serf_like, values);
    return resolved.problems.empty() ? std::string("no problem") : resolved.problems.front().text();
  };
  EXPECT_EQ(problem({{"rpc_auth_file", fifo.string()}}),
            "key 'rpc_auth_file': cannot read rpc_auth from file " + fifo.string() +
                ": not a regular file (a FIFO)");  // and did not block
  EXPECT_EQ(problem({{"rpc_auth_file", big.string()}}),
            "key 'rpc_auth_file': cannot read rpc_auth from file " + big.string() +
                ": larger than 64 KiB (a secret file holds one token or key)");
  EXPECT_EQ(problem({{"rpc_auth_file", "/nonexistent/t"}}),
            "key 'rpc_auth_file': cannot read rpc_auth from file /nonexistent/t: No such file or "
            "directory");
  EXPECT_EQ(problem({{"rpc_auth_env", "JOINERY_TEST_UNSET_VARIABLE"}}),
            "key 'rpc_auth_env': cannot read rpc_auth from environment variable "
            "JOINERY_TEST_UNSET_VARIABLE: it is not set");
  // A source that names nothing: each kind says so (the text keeps the empty name).
  EXPECT_EQ(problem({{"rpc_auth_file", ""}}),
            "key 'rpc_auth_file': cannot read rpc_auth from file : no file named");
  EXPECT_EQ(problem({{"rpc_auth_env", ""}}),
            "key 'rpc_auth_env': cannot read rpc_auth from environment variable : no variable "
            "named");
  EXPECT_EQ(problem({{"rpc_auth", "s3cret"}, {"rpc_auth_file", big.string()}}).substr(0, 62),
            "key 'rpc_auth' is given more than once (rpc_auth, rpc_auth_fil");
}

// ---- end to end: the secret is in no argv and no child's environment ----

// Every process whose parent chain leads to `root` (and `root` itself).
std::vector<pid_t> process_tree(pid_t root) {
  std::vector<pid_t> tree = {root};
  for (std::size_t i = 0; i < tree.size(); ++i) {
    // Each thread's children are listed under its own task.
    std::error_code error;
    for (const auto &task :
         std::filesystem::directory_iterator("/proc/" + std::to_string(tree[i]) + "/task", error)) {
      std::ifstream children(task.path() / "children");
      for (pid_t child = 0; children >> child;) tree.push_back(child);
    }
  }
  return tree;
}

std::string proc_file(pid_t pid, const char *name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(SecretSourcesRun, ASecretFromAFileOrTheEnvironmentIsInNoArgvAndNoChildsEnvironment) {
  const std::string token = "t0ken-" + std::to_string(::getpid()) + "-from-a-source";
  test::TempDir dir;
  const auto token_file = dir.write("rpc_auth", token + "\n");
  test::SerfAgent agent({.node = "local", .rpc_auth = token});
  test::SerfAgent peer({.node = "peer"});
  // The exec provider's command waits, so that the process tree can be looked at while
  // every runner and command lives; the literal is joined once it is done.
  const auto marker_file = dir.path() / "command-started";
  const std::string waiting = "[\"sh\", \"-c\", \"touch " + marker_file.string() +
                              "; sleep 3; echo " + peer.bind_address() + "\"]";
  std::string quoted = "\"";  // as a value of a provider string (go-discover's quoting)
  for (const char c : waiting)
    quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  quoted += "\"";
  for (const std::string &source : {"rpc_auth_file=" + token_file.string(),
                                    std::string("rpc_auth_env=JOINERY_TEST_SERF_TOKEN")}) {
    std::filesystem::remove(marker_file);
    const auto config =
        dir.write("joinery.toml",
                  "retry_join = [" + test::toml_string("provider=exec command=" + quoted) + "]\n");
    test::ChildProcess run(
        {test::joinery_binary().string(), "run", "--isolate-plugins", "--config", config.string(),
         "--join-backend", "serf rpc_addr=" + agent.rpc_address() + " " + source},
        {.env = {{"XDG_CACHE_HOME", (dir.path() / "cache").string()},
                 {"JOINERY_TEST_SERF_TOKEN", source.starts_with("rpc_auth_env") ? token : ""}}});
    for (int i = 0; i < 200 && !std::filesystem::exists(marker_file); ++i) {
      std::this_thread::sleep_for(50ms);
    }
    ASSERT_TRUE(std::filesystem::exists(marker_file)) << run.stderr_text();
    const std::vector<pid_t> tree = process_tree(run.pid());
    EXPECT_GE(tree.size(), 4U) << "joinery, two runners and the command";
    for (const pid_t pid : tree) {
      EXPECT_EQ(proc_file(pid, "cmdline").find(token), std::string::npos)
          << source << ": pid " << pid;
      if (pid != run.pid()) {
        EXPECT_EQ(proc_file(pid, "environ").find(token), std::string::npos)
            << source << ": pid " << pid << " " << proc_file(pid, "cmdline");
      }
    }
    EXPECT_EQ(run.wait(60s), 0) << source << "\n" << run.stderr_text();
    EXPECT_EQ(run.stderr_text().find(token), std::string::npos) << run.stderr_text();
  }
  EXPECT_TRUE(agent.wait_for_alive(2, 10s)) << "the agent took the token and joined";
}

}  // namespace
}  // namespace joinery::plugins
