// The joinery binary with isolated plugins: a crash, exit or hang fails one attempt
// with the plugin's name and what happened, the retry loop goes on, shutdown kills
// what hangs, nothing is left running; and `joinery plugins inspect` survives a file
// that crashes while loading.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include "isolation/isolation_harness.hpp"

#include "isolation/isolated_policy.hpp"
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

  // A run whose isolated provider has `fault` in its first discover only: that attempt
  // fails, naming the provider and its runner; the next one joins (exit 0).
  const JoineryRun &run_isolated_with_provider_faulting_once(const std::string &fault,
                                                             std::chrono::seconds timeout = 20s) {
    JoineryRun &run = start(config("provider=misbehaving fault=" + fault +
                                       " fault_times=1 addrs=10.0.0.1 state_file=" + state("calls"),
                                   "backend = \"log\""),
                            {"--isolate-plugins"});
    EXPECT_EQ(run.wait(timeout), 0) << run.output();
    EXPECT_THAT(run.output(), HasSubstr("provider 'misbehaving': discover failed: its runner "
                                        "process (pid "));
    return run;
  }

  // Links the init-hang fixture into this test's plugin directory; returns the link,
  // which the command line of a runner loading it names.
  std::filesystem::path link_hanging_init() const {
    const std::filesystem::path link = plugins_ / "joinery-init-hang.so";
    std::filesystem::create_symlink(isolation_fixture_dir("init-hang") / "joinery-init-hang.so",
                                    link);
    return link;
  }

  TempDir dir_;
  std::filesystem::path plugins_ = dir_.path() / "plugins";
  std::vector<std::unique_ptr<JoineryRun>> runs_;
};

// True once `condition` holds; false after `timeout`.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = 20s) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// The pid a file holds, once it holds one.
std::optional<pid_t> pid_in(const std::string &file) {
  std::optional<pid_t> pid;
  eventually([&] {
    std::ifstream in(file);
    long value = 0;
    if (in >> value && value > 0) pid = static_cast<pid_t>(value);
    return pid.has_value();
  });
  return pid;
}

// How a stop by signal went: the exit status, and how long the exit took.
struct TimedStop {
  int status = -1;
  std::chrono::milliseconds took{};
};
template <class Process>
TimedStop stop_timed(Process &process, int signal) {
  const auto sent = std::chrono::steady_clock::now();
  TimedStop stop;
  stop.status = process.stop(signal);
  stop.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - sent);
  return stop;
}

// "Promptly" for a stop: docs/hardening.md promises 100 ms; this bound holds on a loaded
// machine under the sanitizers, and is far below the hangs (for ever) and the 10 s load
// timeout that ended these waits before.
constexpr auto prompt = 3s;

TEST_F(IsolationRun, ACrashingProviderFailsOneAttemptAndTheRetryGoesOn) {
  const JoineryRun &run = run_isolated_with_provider_faulting_once("segfault");
  EXPECT_THAT(run.output(), HasSubstr("[ERROR] agent: Cannot discover address"));
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

// A runner's life: it dies with joinery, even one killed outright while a plugin's init
// hangs; nothing its plugin starts outlives it; its memory is limited. And a signal
// while a plugin loads or a backend is created stops joinery at once, with the
// signal's exit status.

// Waits until a runner loads `hanging` (its init hangs), then stops `process` with
// `signal` and expects the signal's exit status, promptly, with no runner left.
template <class Process>
void expect_prompt_stop_while_loading(Process &process, const std::filesystem::path &hanging,
                                      int signal, const std::string &output) {
  ASSERT_TRUE(eventually([&] { return !processes_mentioning(hanging.string()).empty(); }));
  const TimedStop stop = stop_timed(process, signal);
  EXPECT_EQ(stop.status, 128 + signal) << output;
  EXPECT_LT(stop.took, prompt);
  EXPECT_TRUE(processes_mentioning(hanging.string()).empty());
}

TEST_F(IsolationRun, SigtermToPluginsListWhileAnInitHangsExitsAtOnceAndLeavesNoRunner) {
  const std::filesystem::path hanging = link_hanging_init();
  ChildProcess list(
      {joinery_binary().string(), "plugins", "list", "--plugin-dir", plugins_.string()});
  expect_prompt_stop_while_loading(list, hanging, SIGTERM, "plugins list");
  EXPECT_EQ(list.stdout_text(), "");
}

TEST_F(IsolationRun, SigintToPluginsInspectWhileAnInitHangsExitsAtOnceAndLeavesNoRunner) {
  const std::filesystem::path hanging = link_hanging_init();
  ChildProcess inspect({joinery_binary().string(), "plugins", "inspect", hanging.string()});
  expect_prompt_stop_while_loading(inspect, hanging, SIGINT, "plugins inspect");
  EXPECT_EQ(inspect.stdout_text(), "");
}

TEST_F(IsolationRun, SigtermToDiscoverWhileAnInitHangsExitsAtOnceAndLeavesNoRunner) {
  const std::filesystem::path hanging = link_hanging_init();
  ChildProcess discover({joinery_binary().string(), "discover", "--isolate-plugins", "--plugin-dir",
                         plugins_.string(), "provider=init_hang"});
  expect_prompt_stop_while_loading(discover, hanging, SIGTERM, "discover");
  EXPECT_EQ(discover.stderr_text(), "");  // no "unknown provider": the stop is no problem
}

TEST_F(IsolationRun, ARunnerDiesWithJoineryKilledWhileItsPluginsInitHangs) {
  const std::filesystem::path hanging = link_hanging_init();
  JoineryRun &run = start(config("provider=init_hang", "backend = \"log\""), {"--isolate-plugins"});
  ASSERT_TRUE(eventually([&] { return !processes_mentioning(hanging.string()).empty(); }))
      << run.output();
  EXPECT_EQ(run.stop(SIGKILL), 128 + SIGKILL);
  // Nobody is left to kill the runner: the kernel does (its parent-death signal).
  EXPECT_TRUE(eventually([&] { return processes_mentioning(hanging.string()).empty(); }, 5s));
}

TEST_F(IsolationRun, SigtermWhileAnIsolatedPluginsInitHangsExits143AtOnce) {
  const std::filesystem::path hanging = link_hanging_init();
  JoineryRun &run = start(config("provider=init_hang", "backend = \"log\""), {"--isolate-plugins"});
  expect_prompt_stop_while_loading(run, hanging, SIGTERM, run.output());
  EXPECT_THAT(run.output(), HasSubstr("[INFO]  agent: Caught: signal=terminated"));
  // Not the cut-short load reported as a missing or refused plugin (exit 3).
  EXPECT_THAT(run.output(), Not(HasSubstr("unknown")));
  EXPECT_THAT(run.output(), Not(HasSubstr("refused")));
}

TEST_F(IsolationRun, SigintWhileAnIsolatedPluginsInitHangsExits130AtOnce) {
  const std::filesystem::path hanging = link_hanging_init();
  JoineryRun &run = start(config("provider=init_hang", "backend = \"log\""), {"--isolate-plugins"});
  expect_prompt_stop_while_loading(run, hanging, SIGINT, run.output());
  EXPECT_THAT(run.output(), HasSubstr("[INFO]  agent: Caught: signal=interrupt"));
}

// Starts a run whose backend's create hangs, waits until it does, stops the run with
// `signal` and expects the signal's exit status, promptly, not a refused configuration.
void expect_prompt_stop_while_creating(JoineryRun &run, const std::string &created, int signal) {
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(created); })) << run.output();
  const TimedStop stop = stop_timed(run, signal);
  EXPECT_EQ(stop.status, 128 + signal) << run.output();
  EXPECT_LT(stop.took, prompt);
  EXPECT_THAT(run.output(), Not(HasSubstr("refused its configuration")));
  EXPECT_THAT(run.output(),
              HasSubstr(signal == SIGINT ? "[INFO]  agent: Caught: signal=interrupt"
                                         : "[INFO]  agent: Caught: signal=terminated"));
}

TEST_F(IsolationRun, SigtermWhileAnInProcessBackendsCreateHangsExits143AtOnce) {
  const std::string backend = "backend = \"misbehaving\"\ncreate_fault = \"hang\"\nstate_file = " +
                              toml_string(state("creates"));
  expect_prompt_stop_while_creating(start(config("10.0.0.1", backend)), state("creates"), SIGTERM);
}

TEST_F(IsolationRun, SigintWhileAnIsolatedBackendsCreateHangsExits130AtOnce) {
  const std::string backend = "backend = \"misbehaving\"\ncreate_fault = \"hang\"\nstate_file = " +
                              toml_string(state("creates"));
  expect_prompt_stop_while_creating(start(config("10.0.0.1", backend), {"--isolate-plugins"}),
                                    state("creates"), SIGINT);
}

TEST_F(IsolationRun, ADaemonAHungPluginStartedIsKilledWithItsRunner) {
  // The daemon left the runner's process group (setsid), so only its containment
  // (the runner is a subreaper) lets it be found and killed with the hung call.
  JoineryRun &run = start(config("provider=misbehaving fault=daemon_hang fault_times=1 "
                                 "addrs=10.0.0.1 state_file=" +
                                     state("calls") + " pid_file=" + state("daemon"),
                                 "backend = \"log\"", "discovery_timeout = \"1s\""),
                          {"--isolate-plugins"});
  const std::optional<pid_t> daemon = pid_in(state("daemon"));
  ASSERT_TRUE(daemon) << run.output();
  EXPECT_TRUE(process_lives(*daemon));
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("gave no answer by the call's deadline and was killed"));
  EXPECT_FALSE(process_lives(*daemon));
}

TEST_F(IsolationRun, ADaemonAPluginStartedIsKilledWhenItsRunnerEnds) {
  JoineryRun &run =
      start(config("provider=misbehaving fault=daemon addrs=10.0.0.1 pid_file=" + state("daemon"),
                   "backend = \"log\""),
            {"--isolate-plugins"});
  ASSERT_EQ(run.wait(20s), 0) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("Join cluster completed"));
  const std::optional<pid_t> daemon = pid_in(state("daemon"));
  ASSERT_TRUE(daemon) << run.output();  // it was started
  EXPECT_FALSE(process_lives(*daemon));
}

TEST_F(IsolationRun, AProviderAllocatingWithoutBoundRunsOutOfItsRunnersMemoryLimit) {
  if (plugins::default_runner_memory_limit == 0) {
    GTEST_SKIP() << "no memory limit under AddressSanitizer (its shadow memory needs terabytes "
                    "of address space)";
  }
  const JoineryRun &run = run_isolated_with_provider_faulting_once("allocate", 60s);
  EXPECT_THAT(run.output(), HasSubstr("ran out of its memory limit (1 GiB of address space"));
  EXPECT_THAT(run.output(), HasSubstr("was killed by signal SIGABRT"));
  EXPECT_THAT(run.output(), HasSubstr("Join cluster completed"));
}

}  // namespace
}  // namespace joinery::test
