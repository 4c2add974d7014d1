// go-discover's k8s rules applied to a real PodList (tests/plugins/k8s/pod_list.json).
#include "pod_addresses.hpp"

#include <gtest/gtest.h>
#include <joinery/plugin.hpp>

#include "support/file_text.hpp"
#include "support/paths.hpp"

namespace {

using joinery::k8s::pod_addresses;
using Strings = std::vector<std::string>;

std::string pod_list() {
  return joinery::test::file_text(joinery::test::source_dir() / "tests/plugins/k8s/pod_list.json");
}

TEST(PodAddresses, KeepsRunningReadyPodsWithTheirPodIpAndAnnotatedPort) {
  EXPECT_EQ(pod_addresses(pod_list(), false).addresses,
            (Strings{"10.8.0.10:8301", "10.8.0.11", "10.8.0.14:8302", "10.8.0.15:8311",
                     "[fd00:8::16]:8301"}));
}

TEST(PodAddresses, HostNetworkUsesHostIpsAndHostPorts) {
  EXPECT_EQ(pod_addresses(pod_list(), true).addresses,
            (Strings{"192.168.10.1:9301", "192.168.10.2", "192.168.10.4:8302", "[fd00:10::6]:8301",
                     "192.168.10.8"}));
}

TEST(PodAddresses, SaysWhyEachPodWasIgnored) {
  EXPECT_EQ(
      pod_addresses(pod_list(), false).skipped,
      (Strings{
          R"(ignoring pod "consul-server-2", not running: "Pending")",
          R"(ignoring pod "consul-server-3", not ready state)",
          R"(ignoring pod "consul-server-7", error retrieving port: strconv.ParseInt: parsing "gossip": invalid syntax)",
          R"(ignoring pod "consul-server-8", requested IP is empty)",
          R"(ignoring pod "consul-server-9", not running: "Succeeded")",
          R"(ignoring pod "consul-server-10", error retrieving port: port 70000 is out of range)",
      }));
}

TEST(PodAddresses, HostNetworkSkipsANamedPortWithoutHostPort) {
  const auto skipped = pod_addresses(pod_list(), true).skipped;
  EXPECT_NE(
      std::find(
          skipped.begin(), skipped.end(),
          R"(ignoring pod "consul-server-5", error retrieving port: strconv.ParseInt: parsing "serflan": invalid syntax)"),
      skipped.end());
}

TEST(PodAddresses, AnEmptyListGivesNothing) {
  EXPECT_TRUE(pod_addresses(R"({"kind": "PodList", "items": []})", false).addresses.empty());
  EXPECT_TRUE(pod_addresses(R"({"kind": "PodList", "items": null})", false).addresses.empty());
}

TEST(PodAddresses, AnAnswerThatIsNotAPodListIsAnError) {
  for (const char *bad : {"<html>", "[]", R"({"items": 3})"}) {
    try {
      pod_addresses(bad, false);
      ADD_FAILURE() << bad;
    } catch (const joinery::sdk::Error &error) {
      EXPECT_EQ(error.status(), joinery::sdk::Status::unavailable);
      EXPECT_EQ(std::string(error.what()), "the answer is not a PodList");
    }
  }
}

}  // namespace
