// The resolver with real plugins loaded through the real Registry: the bundled
// `static` provider and the test-only fixture providers (tests/discovery/fixtures).
#include "discovery/resolver.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "logging/log.hpp"
#include "support/paths.hpp"

namespace joinery::discovery {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

plugins::Registry make_registry() {
  return plugins::Registry(
      plugins::SearchPath{{JOINERY_DISCOVERY_FIXTURE_PLUGIN_DIR, test::bundled_plugin_dir()}, {}});
}

class ResolverTest : public testing::Test {
 protected:
  void SetUp() override { logging::configure(logging::Level::info, false); }

  Resolver prepare(const std::vector<std::string> &entries, ResolverOptions options = {}) {
    return Resolver::prepare(entries, registry_, std::move(options));
  }

  // What prepare() finds wrong with `entries` (the problems it throws as a PreparationError).
  EntryProblems prepare_error(const std::vector<ConfiguredEntry> &entries) {
    auto checked = Resolver::check(entries, registry_, {});
    if (checked) {
      ADD_FAILURE() << "prepare() accepted the entries";
      return {};
    }
    return std::move(checked.error());
  }
  EntryProblems prepare_error(const std::vector<std::string> &texts) {
    std::vector<ConfiguredEntry> entries;
    for (const std::string &text : texts) {
      entries.push_back({text, {}});
    }
    return prepare_error(entries);
  }

  plugins::Registry registry_ = make_registry();
};

// ------------------------------------------------------------ attempts --

TEST_F(ResolverTest, ResolvesProviderEntriesAndPassesLiteralsThroughInOrder) {
  Resolver resolver = prepare(
      {"10.0.0.9", "provider=static addrs=10.0.0.1,10.0.0.2:8301", "consul.example.com:8301"});
  const Resolution r = resolver.resolve();
  EXPECT_EQ(r.addresses, (std::vector<std::string>{"10.0.0.9", "10.0.0.1", "10.0.0.2:8301",
                                                   "consul.example.com:8301"}));
  EXPECT_TRUE(r.failures.empty());
  EXPECT_FALSE(r.stopped);
}

TEST_F(ResolverTest, RemovesDuplicatesKeepingTheFirst) {
  Resolver resolver = prepare({"10.0.0.2", "provider=static addrs=10.0.0.1,10.0.0.2,10.0.0.1",
                               "provider=static addrs=10.0.0.3,10.0.0.1", "10.0.0.3"});
  EXPECT_EQ(resolver.resolve().addresses,
            (std::vector<std::string>{"10.0.0.2", "10.0.0.1", "10.0.0.3"}));
}

TEST_F(ResolverTest, BracketsIPv6FoundWithAPort) {
  Resolver resolver =
      prepare({R"(provider=static addrs="[::1]:8301,[10.0.0.1]:80,::1,node/[fe80::1]:7946")"});
  EXPECT_EQ(resolver.resolve().addresses,
            (std::vector<std::string>{"[::1]:8301", "10.0.0.1:80", "::1", "node/[fe80::1]:7946"}));
}

TEST_F(ResolverTest, ResolvesAgainOnEveryAttempt) {
  Resolver resolver = prepare({"provider=static addrs=10.0.0.1"});
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(resolver.resolve().addresses, std::vector<std::string>{"10.0.0.1"});
  }
}

TEST_F(ResolverTest, NoEntriesResolveToNothing) {
  Resolver resolver = prepare({});
  EXPECT_EQ(resolver.size(), 0u);
  EXPECT_TRUE(resolver.resolve().addresses.empty());
}

TEST_F(ResolverTest, AFailingEntryIsSkippedWithoutSinkingTheOthers) {
  Resolver resolver = prepare({"provider=failing", "provider=static addrs=10.0.0.1", "10.0.0.5"});
  const Resolution r = resolver.resolve();
  EXPECT_EQ(r.addresses, (std::vector<std::string>{"10.0.0.1", "10.0.0.5"}));
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].index, 0u);
  EXPECT_EQ(r.failures[0].entry, "provider=failing");
  EXPECT_EQ(r.failures[0].error, "backend unreachable");  // the key's declared default
  EXPECT_FALSE(r.failures[0].timed_out);
}

TEST_F(ResolverTest, ResolvesEntriesInParallel) {
  // Each rendezvous call succeeds only once all three are running at the same time.
  Resolver resolver = prepare({"provider=rendezvous group=a guests=3 addr=10.0.0.1",
                               "provider=rendezvous group=a guests=3 addr=10.0.0.2",
                               "provider=rendezvous group=a guests=3 addr=10.0.0.3"},
                              {.timeout = 20s});
  const Resolution r = resolver.resolve();
  EXPECT_TRUE(r.failures.empty()) << r.failures.front().error;
  EXPECT_EQ(r.addresses, (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
}

TEST_F(ResolverTest, LogsConsulsLinesForEachEntry) {
  Resolver resolver =
      prepare({"provider=static addrs=10.0.0.1,10.0.0.2", "provider=failing message=nope"},
              {.cluster = "WAN"});
  testing::internal::CaptureStderr();
  resolver.resolve();
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_NE(
      log.find("[INFO]  agent: Discovered servers: cluster=WAN servers=\"10.0.0.1 10.0.0.2\""),
      std::string::npos)
      << log;
  EXPECT_NE(
      log.find("[ERROR] agent: Cannot discover address: address=\"provider=failing message=nope\" "
               "error=nope"),
      std::string::npos)
      << log;
}

TEST_F(ResolverTest, UsesTheMeshGatewayWording) {
  Resolver resolver = prepare({"provider=static addrs=10.0.0.1:8443"},
                              {.cluster = "primary", .wording = Wording::mesh_gateways});
  testing::internal::CaptureStderr();
  resolver.resolve();
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("Discovered mesh gateways: cluster=primary mesh_gateways=10.0.0.1:8443"),
            std::string::npos)
      << log;
}

TEST_F(ResolverTest, NamesTheProvidersItUses) {
  Resolver resolver = prepare(
      {"provider=static addrs=a", "10.0.0.1", "provider=failing", "provider=static addrs=b"});
  EXPECT_EQ(resolver.provider_names(), (std::vector<std::string>{"static", "failing"}));
  EXPECT_EQ(resolver.size(), 4u);
}

// ------------------------------------------------------ deadlines, stop --

TEST_F(ResolverTest, StopsWaitingForAProviderThatIgnoresItsDeadline) {
  Resolver resolver =
      prepare({"provider=sleepy seconds=60 addrs=10.0.0.66", "provider=static addrs=10.0.0.1"},
              {.timeout = 200ms});
  const auto start = Clock::now();
  const Resolution r = resolver.resolve();
  EXPECT_LT(Clock::now() - start, 5s);  // although the provider sleeps for a minute
  EXPECT_EQ(r.addresses, std::vector<std::string>{"10.0.0.1"});
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_TRUE(r.failures[0].timed_out);
  EXPECT_EQ(r.failures[0].error,
            "provider 'sleepy': discover gave no answer within the discovery timeout (200ms); "
            "the call was abandoned");
  EXPECT_EQ(resolver.abandoned_calls(), 1u);
}

TEST_F(ResolverTest, JoinsAnAbandonedCallOnceItEnds) {
  Resolver resolver = prepare({"provider=sleepy seconds=1 addrs=10.0.0.66"}, {.timeout = 50ms});
  EXPECT_TRUE(resolver.resolve().failures.at(0).timed_out);
  EXPECT_EQ(resolver.abandoned_calls(), 1u);
  const auto give_up = Clock::now() + 10s;
  while (resolver.abandoned_calls() > 0 && Clock::now() < give_up) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(resolver.abandoned_calls(), 0u);
  // What the late call found is not smuggled into a later attempt.
  EXPECT_TRUE(resolver.resolve().addresses.empty());
}

TEST_F(ResolverTest, ReportsTheProvidersOwnMessageWhenItHonoursTheDeadline) {
  Resolver resolver = prepare({"provider=patient"}, {.timeout = 100ms});
  const Resolution r = resolver.resolve();
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].error, "deadline passed");
  EXPECT_FALSE(r.failures[0].timed_out);
  EXPECT_EQ(resolver.abandoned_calls(), 0u);
}

TEST_F(ResolverTest, AStopEndsTheAttemptAndCancelsTheCalls) {
  auto stop = std::make_shared<plugins::StopSource>();
  Resolver resolver = prepare({"provider=patient label=1", "provider=patient label=2"},
                              {.timeout = 60s, .stop = stop});
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    stop->request_stop();
  });
  const auto start = Clock::now();
  const Resolution r = resolver.resolve();
  stopper.join();
  EXPECT_LT(Clock::now() - start, 5s);  // although the deadline is a minute away
  EXPECT_TRUE(r.stopped);
  EXPECT_TRUE(r.failures.empty());          // cut short by the stop: not the entries' fault
  const auto give_up = Clock::now() + 10s;  // the calls saw cancel_fd and returned
  while (resolver.abandoned_calls() > 0 && Clock::now() < give_up) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(resolver.abandoned_calls(), 0u);
}

TEST_F(ResolverTest, AnAttemptAfterTheStopReturnsAtOnce) {
  auto stop = std::make_shared<plugins::StopSource>();
  Resolver resolver = prepare({"provider=sleepy seconds=60"}, {.timeout = 60s, .stop = stop});
  stop->request_stop();
  const Resolution r = resolver.resolve();
  EXPECT_TRUE(r.stopped);
  EXPECT_TRUE(r.addresses.empty());
  EXPECT_EQ(resolver.abandoned_calls(), 0u);  // nothing was started
}

// -------------------------------------------------------------- secrets --

TEST_F(ResolverTest, MasksSecretsInErrorsEntriesAndLogLines) {
  Resolver resolver = prepare({"provider=leaky token=sup3r-s3cret-t0ken"});
  testing::internal::CaptureStderr();
  const Resolution r = resolver.resolve();
  const std::string log = testing::internal::GetCapturedStderr();
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].entry, "provider=leaky token=***");
  EXPECT_EQ(r.failures[0].error, "token *** was refused");
  EXPECT_EQ(log.find("sup3r-s3cret-t0ken"), std::string::npos) << log;
  EXPECT_NE(log.find("calling the API with token ***"), std::string::npos) << log;
  EXPECT_NE(log.find("address=\"provider=leaky token=***\""), std::string::npos) << log;
}

// -------------------------------------------------------------- prepare --

TEST_F(ResolverTest, ReportsAnUnknownProviderWithGoDiscoversMessage) {
  const EntryProblems error = prepare_error({"provider=nope region=x"});
  ASSERT_EQ(error.problems.size(), 1u);
  const EntryProblem &p = error.problems[0];
  EXPECT_EQ(p.kind, EntryProblem::Kind::unknown_provider);
  EXPECT_EQ(p.problem.what, "discover: unknown provider nope");
  EXPECT_EQ(p.entry, "provider=nope region=***");  // which keys are secret is unknown
  EXPECT_TRUE(error.only_missing_providers());
  EXPECT_NE(error.report.find("Installed providers: "), std::string::npos);
  EXPECT_NE(error.report.find("static"), std::string::npos);
}

TEST_F(ResolverTest, ReportsSyntaxErrorsWithoutEchoingTheEntry) {
  const EntryProblems error = prepare_error({R"(provider=leaky token="hunter22)"});
  ASSERT_EQ(error.problems.size(), 1u);
  EXPECT_EQ(error.problems[0].kind, EntryProblem::Kind::syntax);
  EXPECT_EQ(error.problems[0].problem.what, "discover: token: unbalanced quotes");
  EXPECT_EQ(error.problems[0].entry, "");
  EXPECT_EQ(error.report, "entry 1: discover: token: unbalanced quotes");
  EXPECT_FALSE(error.only_missing_providers());
}

TEST_F(ResolverTest, ReportsAMissingProvider) {
  const EntryProblems error = prepare_error({R"(provider="" addrs=x)"});
  ASSERT_EQ(error.problems.size(), 1u);
  EXPECT_EQ(error.problems[0].kind, EntryProblem::Kind::no_provider);
  EXPECT_EQ(error.problems[0].problem.what, "discover: no provider");
}

TEST_F(ResolverTest, ReportsUnknownKeysWithTheProvidersHelp) {
  const EntryProblems error =
      prepare_error({ConfiguredEntry{"provider=static addrs=a nmae=x", "a.toml:3:14"}});
  ASSERT_EQ(error.problems.size(), 1u);
  EXPECT_EQ(error.problems[0].kind, EntryProblem::Kind::keys);
  EXPECT_EQ(error.problems[0].provider, "static");
  const std::string report = error.report;
  // The unknown key's value is masked: it may be a misspelt secret's.
  EXPECT_EQ(report.rfind("a.toml:3:14: provider=static addrs=a nmae=***: unknown key 'nmae'", 0),
            0u)
      << report;
  EXPECT_NE(report.find("static: returns the addresses it is configured with"), std::string::npos)
      << report;
  EXPECT_NE(report.find("addrs"), std::string::npos) << report;
}

TEST_F(ResolverTest, ReportsMissingRequiredKeysAndCountsEmptyValuesAsMissing) {
  for (const char *entry : {"provider=static", R"(provider=static addrs="")"}) {
    const EntryProblems error = prepare_error({entry});
    ASSERT_EQ(error.problems.size(), 1u) << entry;
    EXPECT_EQ(error.problems[0].problem.what.rfind("missing required key 'addrs'", 0), 0u)
        << error.problems[0].problem.what;
  }
}

TEST_F(ResolverTest, ReportsWrongValueTypes) {
  const EntryProblems error = prepare_error({"provider=sleepy seconds=soon"});
  ASSERT_EQ(error.problems.size(), 1u);
  EXPECT_EQ(error.problems[0].problem.what, "key 'seconds': \"soon\" is not an integer");
}

TEST_F(ResolverTest, ReportsWhatTheProvidersValidateRejectsWithSecretsMasked) {
  const EntryProblems error = prepare_error({"provider=leaky token=hunter22 region=invalid"});
  ASSERT_EQ(error.problems.size(), 1u);
  EXPECT_EQ(error.problems[0].kind, EntryProblem::Kind::rejected);
  EXPECT_EQ(error.problems[0].problem.what, "region \"invalid\" unknown to token ***");
  EXPECT_EQ(error.report.find("hunter22"), std::string::npos) << error.report;
}

TEST_F(ResolverTest, ReportsUnusableLiterals) {
  const EntryProblems error = prepare_error({"/10.0.0.1"});
  ASSERT_EQ(error.problems.size(), 1u);
  EXPECT_EQ(error.problems[0].kind, EntryProblem::Kind::literal);
  EXPECT_EQ(error.problems[0].problem.what, "empty node name provided");
}

TEST_F(ResolverTest, PrepareThrowsThePreparationErrorWhosePartsAreTheEntriesProblems) {
  const std::vector<ConfiguredEntry> entries{{"provider=nope", "a.toml:2:1"},
                                             {"provider=static addrs=a x=1", {}}};
  const EntryProblems found = prepare_error(entries);
  try {
    Resolver::prepare(entries, registry_, {});
    ADD_FAILURE() << "prepare() accepted the entries";
  } catch (const PreparationError &error) {
    EXPECT_EQ(std::string(error.what()), found.report);
    EXPECT_FALSE(error.missing_plugins_only());
    ASSERT_EQ(error.problems().size(), 2u);
    EXPECT_EQ(error.problems()[0].text(),
              "a.toml:2:1: provider=nope: discover: unknown provider nope");
    EXPECT_EQ(error.problems()[1].text(),
              "entry 2: provider=static addrs=a x=***: unknown key 'x' (known keys: addrs)");
    EXPECT_EQ(found.report.rfind(error.problems()[0].text() + "\n" + error.problems()[1].text(), 0),
              0u)
        << found.report;
  }
}

TEST_F(ResolverTest, ListsEveryProblemOfEveryEntryAtOnce) {
  const EntryProblems error = prepare_error(
      {"10.0.0.1", "provider=static", "provider=nope", "provider=static addrs=a x=1 y=2", "key"});
  std::vector<std::size_t> indexes;
  for (const EntryProblem &p : error.problems) {
    indexes.push_back(p.index);
  }
  EXPECT_EQ(indexes, (std::vector<std::size_t>{1, 2, 3, 3}));
  EXPECT_FALSE(error.only_missing_providers());
}

}  // namespace
}  // namespace joinery::discovery
