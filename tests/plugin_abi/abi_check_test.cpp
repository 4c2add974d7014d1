// The entry and table checks, on structs built in memory: what the host accepts and
// how it explains a refusal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "loading/abi_check.hpp"

namespace {

using joinery::plugins::check_backend;
using joinery::plugins::check_discovery_factory;
using joinery::plugins::check_provider;
using joinery::plugins::read_entry;
using testing::HasSubstr;

joinery_status init_ok(const joinery_host *, const joinery_call *) {
  return JOINERY_OK;
}
const void *no_factory(const char *) {
  return nullptr;
}

joinery_entry valid_entry() {
  return {JOINERY_ABI_MAJOR, JOINERY_ABI_MINOR, sizeof(joinery_entry),
          "org.example.p",   "1.0.0",           &init_ok,
          nullptr,           &no_factory};
}

// Why the check refused, as the operator reads it after the file's name; empty when it
// accepted.
template <class T>
std::string problem_of(const joinery::Result<T> &result) {
  return result ? std::string() : result.error().reason();
}

TEST(EntryCheck, AcceptsTheCurrentAbi) {
  const joinery_entry entry = valid_entry();
  const auto result = read_entry(&entry, sizeof entry);
  ASSERT_TRUE(result) << problem_of(result);
  EXPECT_STREQ(result->plugin_id, "org.example.p");
}

TEST(EntryCheck, RefusesANewerMajorNamingBothVersionsAndTheRemedy) {
  joinery_entry entry = valid_entry();
  entry.abi_major = JOINERY_ABI_MAJOR + 1;
  entry.abi_minor = 3;
  const std::string problem = problem_of(read_entry(&entry, sizeof entry));
  EXPECT_THAT(problem, HasSubstr("built against joinery plugin ABI 2.3"));
  EXPECT_THAT(problem, HasSubstr("newer than the ABI 1.0 this joinery speaks"));
  EXPECT_THAT(problem, HasSubstr("rebuild against joinery plugin ABI 1.x"));
  EXPECT_THAT(problem, HasSubstr("upgrade joinery to one that speaks ABI 2.x"));
}

TEST(EntryCheck, RefusesAnOlderMajor) {
  joinery_entry entry = valid_entry();
  entry.abi_major = 0;
  const std::string problem = problem_of(read_entry(&entry, sizeof entry));
  EXPECT_THAT(problem, HasSubstr("ABI 0.0, older than the ABI 1.0"));
  EXPECT_THAT(problem, HasSubstr("rebuild against joinery plugin ABI 1.x"));
}

TEST(EntryCheck, AcceptsANewerMinorReadingOnlyKnownFields) {
  struct {
    joinery_entry known;
    const char *later_field;
  } larger{valid_entry(), "from ABI 1.9"};
  larger.known.abi_minor = 9;
  larger.known.struct_size = sizeof larger;
  const auto result = read_entry(&larger, sizeof larger);
  ASSERT_TRUE(result) << problem_of(result);
  EXPECT_EQ(result->abi_minor, 9u);
}

TEST(EntryCheck, RefusesAStructSmallerThanAbi10) {
  // Only the version fields exist; the host must not read the rest (ASan would see it).
  const std::uint32_t head[3] = {JOINERY_ABI_MAJOR, JOINERY_ABI_MINOR, 12};
  const std::string problem = problem_of(read_entry(head, std::nullopt));
  EXPECT_THAT(problem, HasSubstr("declares struct_size 12 bytes, smaller than the " +
                                 std::to_string(JOINERY_PLUGIN_ENTRY_MIN_SIZE) + " bytes"));
}

TEST(EntryCheck, RefusesAStructSizeLargerThanTheSymbol) {
  const std::uint32_t head[3] = {JOINERY_ABI_MAJOR, JOINERY_ABI_MINOR, sizeof(joinery_entry)};
  const std::string problem = problem_of(read_entry(head, sizeof head));
  EXPECT_THAT(problem, HasSubstr("the exported symbol is only 12 bytes"));
}

TEST(EntryCheck, RefusesMissingFunctionsAndIds) {
  joinery_entry entry = valid_entry();
  entry.init = nullptr;
  EXPECT_THAT(problem_of(read_entry(&entry, sizeof entry)), HasSubstr("no init function"));
  entry = valid_entry();
  entry.get_factory = nullptr;
  EXPECT_THAT(problem_of(read_entry(&entry, sizeof entry)), HasSubstr("no get_factory"));
  entry = valid_entry();
  entry.plugin_id = "";
  EXPECT_THAT(problem_of(read_entry(&entry, sizeof entry)), HasSubstr("no plugin_id"));
}

joinery_status discover_nothing(const joinery_discovery_provider *, const joinery_call *,
                                const joinery_config *, const joinery_address_sink *) {
  return JOINERY_OK;
}

TEST(TableCheck, RefusesAProviderWithoutDiscoverOrName) {
  joinery_discovery_provider provider{
      sizeof provider, "dns", "", nullptr, nullptr, 0, nullptr, nullptr, &discover_nothing};
  EXPECT_EQ(problem_of(check_provider(&provider, "discovery provider #0")), "");
  provider.discover = nullptr;
  EXPECT_THAT(problem_of(check_provider(&provider, "discovery provider #0")),
              HasSubstr("discovery provider #0 'dns' has no discover function"));
  provider.name = nullptr;
  EXPECT_THAT(problem_of(check_provider(&provider, "discovery provider #0")),
              HasSubstr("has no name"));
}

TEST(TableCheck, RefusesKeysWithoutATableOrAName) {
  const joinery_key keys[] = {{nullptr, JOINERY_KEY_STRING, 0, nullptr, "nameless"}};
  joinery_discovery_provider provider{
      sizeof provider, "dns", "", nullptr, nullptr, 1, nullptr, nullptr, &discover_nothing};
  EXPECT_THAT(problem_of(check_provider(&provider, "p")),
              HasSubstr("declares 1 keys but no key table"));
  provider.keys = keys;
  EXPECT_THAT(problem_of(check_provider(&provider, "p")), HasSubstr("key #0 has no name"));
}

TEST(TableCheck, RefusesSmallTables) {
  joinery_discovery_factory factory{8, nullptr, nullptr};
  EXPECT_THAT(problem_of(check_discovery_factory(&factory)),
              HasSubstr("declares struct_size 8 bytes"));
  joinery_join_backend backend{};
  backend.struct_size = 16;
  EXPECT_THAT(problem_of(check_backend(&backend, "join backend #0")),
              HasSubstr("join backend #0 declares struct_size 16"));
  EXPECT_THAT(problem_of(check_backend(nullptr, "join backend #1")),
              HasSubstr("join backend #1 is missing"));
}

}  // namespace
