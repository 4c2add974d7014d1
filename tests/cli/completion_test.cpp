// bash and zsh completion (examples/completion): commands, flags read from the
// binary's --help, providers, backends and keys from `joinery plugins list`. The
// completion function is called as the shells call it: bash with COMP_WORDS and
// COMP_CWORD set; zsh through its bashcompinit, which runs the function under
// `emulate sh` (as here) and turns COMPREPLY into matches.
#include <gtest/gtest.h>

#include <sstream>

#include "support/child_process.hpp"

namespace joinery {
namespace {

using namespace std::chrono_literals;
using Words = std::vector<std::string>;

const std::string script = JOINERY_TEST_SOURCE_DIR "/examples/completion/joinery.bash";

// COMPREPLY for the command line `words` (the last one being completed), in `shell`.
Words complete(const std::string &shell, const Words &words) {
  // words[0] is the joinery under test, as COMP_WORDS[0] is what the user typed.
  std::string call =
      "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _joinery; "
      "printf '%s\\n' \"${COMPREPLY[@]}\"";
  std::vector<std::string> argv;
  if (shell == "bash") {
    argv = {"bash", "-c", "source '" + script + "'; " + call, "bash", JOINERY_TEST_BINARY};
  } else {
    argv = {"zsh", "-c",
            "autoload -U compinit && compinit -u && autoload -U +X bashcompinit && bashcompinit "
            "&& source '" +
                script + "' && complete_line() { emulate -L sh; " + call +
                "; } && complete_line \"$@\"",
            "zsh", JOINERY_TEST_BINARY};
  }
  argv.insert(argv.end(), words.begin(), words.end());
  const test::CommandResult result = test::run(argv, 60s);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.err, "");
  Words out;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

class Completion : public testing::TestWithParam<std::string> {};

TEST_P(Completion, CompletesCommands) {
  EXPECT_EQ(complete(GetParam(), {"ru"}), Words{"run"});
  EXPECT_EQ(complete(GetParam(), {"plugins", ""}), (Words{"list", "inspect"}));
}

TEST_P(Completion, CompletesEachCommandsFlagsFromItsHelp) {
  EXPECT_EQ(complete(GetParam(), {"run", "--retry-j"}),
            (Words{"--retry-join", "--retry-join-wan"}));
  EXPECT_EQ(complete(GetParam(), {"validate", "--js"}), Words{"--json"});
  EXPECT_EQ(complete(GetParam(), {"discover", "--help-p"}), Words{"--help-provider"});
  EXPECT_EQ(complete(GetParam(), {"discover", "--retry-j"}), Words{}) << "not a discover flag";
}

TEST_P(Completion, CompletesFlagValues) {
  EXPECT_EQ(complete(GetParam(), {"run", "--log-level", "d"}), Words{"debug"});
  EXPECT_EQ(complete(GetParam(), {"run", "--join-backend", "l"}), Words{"log"});
  EXPECT_EQ(complete(GetParam(), {"discover", "--help-provider", "st"}), Words{"static"});
}

TEST_P(Completion, CompletesProviderNamesAndTheirKeys) {
  const Words providers = complete(GetParam(), {"discover", "provider="});
  for (const char *name : {"provider=dns", "provider=file", "provider=k8s", "provider=static"}) {
    EXPECT_NE(std::find(providers.begin(), providers.end(), name), providers.end()) << name;
  }
  EXPECT_EQ(complete(GetParam(), {"discover", "provider=dns", "na"}), Words{"name="});
  EXPECT_EQ(complete(GetParam(), {"discover", "provider=file", "f"}), Words{"format="});
}

TEST_P(Completion, CompletesKeysInsideAQuotedRetryJoinString) {
  EXPECT_EQ(complete(GetParam(), {"run", "--retry-join", "'provider=k8s label"}),
            Words{"provider=k8s label_selector="});
}

INSTANTIATE_TEST_SUITE_P(Shells, Completion, testing::Values("bash", "zsh"));

}  // namespace
}  // namespace joinery
