// The joinery binary with isolated plugins: a crash, exit or hang fails one attempt
// with the plugin's name and what happened, the retry loop goes on, shutdown kills
// what hangs, nothing is left running; and `joinery plugins inspect` survives a file
// that crashes while loading.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include <nlohmann/json.hpp>
#include "isolation/isolation_harness.hpp"

#include "support/child_process.hpp"
#include "support/joinery_run.hpp"
#include "support/process_census.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

class IsolationRun : public ::testing::Test {
 protected:
  IsolationRun() {
    // A link of our own to the fixture: the runners' command lines then name this
    // test's directory, so a leftover runner would be found.
    std::filesystem::create_directories(plugins_);
    std::filesystem::create_symlink(isolation_fixture_dir("misbehaving") / "joinery-misbehaving.so",
                                    plugins_ / "joinery-misbehaving.so");
  }
  ~IsolationRun() override {
    EXPECT_EQ(processes_mentioning(dir_.path().string()).size(), 0u);
    for (const auto &run : runs_) {
      // Runners end well (under the sanitizers: no leak report), and so does joinery.
      EXPECT_THAT(run->output(), Not(HasSubstr("plugin runner ended badly")));
      EXPECT_THAT(run->output(), Not(HasSubstr("Sanitizer")));
    }
  }

  JoineryRun &start(const std::string &toml, std::vector<std::string> args = {}) {
    return *runs_.emplace_back(std::make_unique<JoineryRun>(toml, std::move(args)));
  }

  // A configuration joining the LAN once through `entry` and `backend`, retrying fast.
  std::string config(const std::string &entry, const std::string &backend,
                     const std::string &extra = "") const {
    return "retry_join = " + toml_array({entry}) + "\nretry_interval = \"10ms\"\n" +
           "retry_max = 3\nplugin_dirs = " + toml_array({plugins_.string()}) + "\n" + extra +
           "\n[join.lan]\n" + backend + "\n";
  }
  std::string state(const std::string &name) const { return (dir_.path() / name).string(); }

  TempDir dir_;
  std::filesystem::path plugins_ = dir_.path() / "plugins";
  std::vector<std::unique_ptr<JoineryRun>> runs_;
};

TEST_F(IsolationRun, ACrashingProviderFailsOneAttemptAndTheRetryGoesOn) {
  JoineryRun &run = start(config("provider=misbehaving fault=segfault fault_times=1 addrs=10.0.0.1 "
                                 "state_file=" +
                                     state("calls"),
                                 "backend = \"log\""),
                          {"--isolate-plugins"});
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("[ERROR] agent: Cannot discover address"));
  EXPECT_THAT(run.output(), HasSubstr("provider 'misbehaving': discover failed: its runner "
                                      "process (pid "));
  EXPECT_THAT(run.output(), HasSubstr("was killed by signal SIGSEGV (Segmentation fault)"));
  EXPECT_THAT(run.output(), HasSubstr("would join LAN: 10.0.0.1"));
  EXPECT_THAT(run.output(), HasSubstr("Join cluster completed"));
}

TEST_F(IsolationRun, OnePluginIsolatedByTheConfiguration) {
  JoineryRun &run =
      start(config("provider=misbehaving fault=abort fault_times=1 addrs=10.0.0.1 "
                   "state_file=" +
                       state("calls"),
                   "backend = \"log\"", "[plugins.misbehaving]\nisolation = \"process\"\n"));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("was killed by signal SIGABRT"));
  EXPECT_THAT(run.output(), HasSubstr("Join cluster completed"));
}

TEST_F(IsolationRun, AnIsolationTableNamingNoInstalledPluginIsAnErrorWithASuggestion) {
  // Ignored, the misspelt table would leave the crashing plugin in process.
  JoineryRun &run =
      start(config("provider=misbehaving fault=segfault addrs=10.0.0.1", "backend = \"log\"",
                   "[plugins.misbehavin]\nisolation = \"process\"\n"));
  EXPECT_EQ(run.wait(20s), 2) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("[plugins.misbehavin]: no installed plugin has a provider "
                                      "or backend 'misbehavin' (did you mean 'misbehaving'?)"));
  EXPECT_THAT(run.output(), Not(HasSubstr("would join")));
}

TEST_F(IsolationRun, WithoutIsolationACrashingPluginTakesJoineryDown) {
  // The default, in process: what isolation is for.
  JoineryRun &run =
      start(config("provider=misbehaving fault=segfault addrs=10.0.0.1", "backend = \"log\""));
  EXPECT_EQ(run.wait(20s), 128 + SIGSEGV) << run.output();
}

// exit(0) in process would end `joinery run` with 0 and no "completed" line: a oneshot
// unit would believe the node joined.
TEST_F(IsolationRun, WithoutIsolationAProviderCallingExitZeroFailsTheRunNamingIt) {
  for (const std::string fault : {"exit0", "quick_exit", "thread_exit"}) {
    JoineryRun &run = start(
        config("provider=misbehaving fault=" + fault + " addrs=10.0.0.1", "backend = \"log\""));
    EXPECT_EQ(run.wait(20s), 5) << fault << ": " << run.output();
    EXPECT_THAT(run.output(),
                HasSubstr("joinery: provider 'misbehaving' (plugin file " +
                          (plugins_ / "joinery-misbehaving.so").string() +
                          "), in its discover call ended joinery's process with exit() (the "
                          "plugin runs in process); the command did not finish."))
        << fault;
    EXPECT_THAT(run.output(), Not(HasSubstr("Join cluster completed")));
  }
}

TEST_F(IsolationRun, WithoutIsolationABackendCallingExitZeroFailsTheRunNamingIt) {
  JoineryRun &run = start(config("10.0.0.1", "backend = \"misbehaving\"\nfault = \"exit0\""));
  EXPECT_EQ(run.wait(20s), 5) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("joinery: backend 'misbehaving' (plugin file " +
                                      (plugins_ / "joinery-misbehaving.so").string() +
                                      "), in its join call ended joinery's process with exit()"));
  EXPECT_THAT(run.output(), Not(HasSubstr("Join cluster completed")));
}

TEST_F(IsolationRun, WithoutIsolationAPluginCallingExitZeroInInitFailsTheRunNamingIt) {
  const std::filesystem::path file = plugins_ / "joinery-init-exit.so";
  std::filesystem::create_symlink(isolation_fixture_dir("init-exit") / "joinery-init-exit.so",
                                  file);
  JoineryRun &run = start(config("provider=init_exit", "backend = \"log\""));
  EXPECT_EQ(run.wait(20s), 5) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("joinery: plugin file " + file.string() +
                                      ", while it was loaded (its constructors or init) ended "
                                      "joinery's process with exit()"));
}

TEST_F(IsolationRun, AHangingBackendIsKilledAtJoinTimeoutAndRetried) {
  JoineryRun &run = start(config("10.0.0.1",
                                 "backend = \"misbehaving\"\nfault = \"hang\"\nfault_times = 1\n"
                                 "state_file = " +
                                     toml_string(state("joins")),
                                 "join_timeout = \"300ms\""),
                          {"--isolate-plugins"});
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("Join cluster failed, will retry"));
  EXPECT_THAT(run.output(), HasSubstr("backend 'misbehaving': join failed: its runner process"));
  EXPECT_THAT(run.output(), HasSubstr("gave no answer by the call's deadline and was killed"));
  EXPECT_THAT(run.output(), HasSubstr("Join cluster completed"));
}

TEST_F(IsolationRun, SigtermKillsAHungIsolatedCallAndLeavesNothingRunning) {
  JoineryRun &run = start(config("10.0.0.1",
                                 "backend = \"misbehaving\"\nfault = \"hang\"\n"
                                 "state_file = " +
                                     toml_string(state("joins"))),
                          {"--isolate-plugins"});
  ASSERT_TRUE(run.wait_for_output("Joining cluster...", 20s)) << run.output();
  for (int i = 0; i < 500 && !std::filesystem::exists(state("joins")); ++i) {
    std::this_thread::sleep_for(10ms);  // the join is under way in its runner
  }
  EXPECT_FALSE(processes_mentioning(dir_.path().string()).empty());
  EXPECT_EQ(run.stop(SIGTERM), 128 + SIGTERM) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("[INFO]  agent: Caught: signal=terminated"));
}

TEST_F(IsolationRun, PluginsInspectSurvivesAFileThatCrashesWhileLoading) {
  const CommandResult result =
      run({joinery_binary().string(), "plugins", "inspect",
           (isolation_fixture_dir("init-segfault") / "joinery-init-segfault.so").string()},
          20s);
  EXPECT_EQ(result.status, 3) << result.err;
  EXPECT_THAT(result.out, HasSubstr("refused "));
  EXPECT_THAT(result.out, HasSubstr("was killed by signal SIGSEGV"));
}

TEST_F(IsolationRun, PluginsListSurvivesAFileThatCrashesWhileLoading) {
  const CommandResult result =
      run({joinery_binary().string(), "plugins", "list", "--plugin-dir",
           isolation_fixture_dir("init-segfault").string(), "--plugin-dir", plugins_.string()},
          20s);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_THAT(
      result.out,
      HasSubstr("refused " +
                (isolation_fixture_dir("init-segfault") / "joinery-init-segfault.so").string()));
  EXPECT_THAT(result.out, HasSubstr("was killed by signal SIGSEGV"));
  EXPECT_THAT(result.out, HasSubstr("provider misbehaving: "));  // the others still listed
}

TEST_F(IsolationRun, PluginsInspectShowsAnIsolatedFileInFull) {
  const CommandResult result = run({joinery_binary().string(), "plugins", "inspect", "--json",
                                    (plugins_ / "joinery-misbehaving.so").string()},
                                   20s);
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["plugin_id"], "org.joinery.test.misbehaving");
  EXPECT_EQ(json["providers"][0]["name"], "misbehaving");
  EXPECT_EQ(json["backends"][0]["name"], "misbehaving");
  EXPECT_EQ(json["providers"][0]["keys"][0]["name"], "fault");
}

TEST_F(IsolationRun, DiscoverIsolatesToo) {
  const CommandResult result =
      run({joinery_binary().string(), "discover", "--isolate-plugins", "--plugin-dir",
           plugins_.string(), "provider=misbehaving fault=exit"},
          20s);
  EXPECT_NE(result.status, 0);
  EXPECT_THAT(result.err, HasSubstr("exited with status 3"));
}

}  // namespace
}  // namespace joinery::test
