// Figure 8, cloud providers at scale: `joinery discover` (the whole process) finding
// 5,000 gce instances in 10 zones (pages of 500), 5,000 azure network interfaces
// over 5 pages and 10,000 aws EC2 instances over 10 signed pages, from the local servers the tests
// use (tests/plugins/*/..._api.py), each in under 300 ms. One attempt each, the token grant
// included.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "measured_process.hpp"
#include "plugins/azure/azure_cloud.hpp"
#include "plugins/gce/google_cloud.hpp"
#include "private_plugin_cache.hpp"
#include "run_count.hpp"
#include "samples.hpp"
#include "scorecard.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"

namespace {

using joinery::bench::Goal;
using joinery::bench::Samples;
using joinery::bench::Scorecard;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr int zones = 10;
constexpr int instances_per_zone = 500;
constexpr int interfaces = 5000;
constexpr int ec2_instances = 10000;

// Wall time, and the peak RSS of joinery itself as GNU time reports it: this process's
// own ru_maxrss for a child starts from this process's peak (the 10,000 items built here),
// carried across exec, while /usr/bin/time forks joinery from its own small image.
struct Measured {
  Samples wall_ms;
  Samples rss_mib;
};

// `runs` runs of `joinery discover ENTRY`; each must print `expected` addresses.
Measured measure(const std::string &entry, std::size_t expected, int runs,
                 const std::filesystem::path &output) {
  Measured out;
  for (int i = 0; i < runs; ++i) {
    std::filesystem::remove(output);
    const std::filesystem::path rss_file = output.string() + ".rss";
    const auto usage = joinery::bench::measure(
        {"/usr/bin/time", "-f", "%M", "-o", rss_file.string(),
         joinery::bench::PrivatePluginCache::binary().string(), "discover", "-q", entry},
        30s, output);
    const std::string printed = joinery::bench::read_text(output);
    const std::size_t found =
        printed.empty() ? 0 : std::count(printed.begin(), printed.end(), ' ') + 1;
    if (usage.status != 0 || found != expected) {
      throw std::runtime_error("discover gave " + std::to_string(found) + " addresses, status " +
                               std::to_string(usage.status) + ":\n" + printed.substr(0, 2000));
    }
    out.wall_ms.add(usage.wall_ms());
    out.rss_mib.add(std::stod(joinery::bench::read_text(rss_file)) / 1024.0);  // %M is KiB
  }
  return out;
}

// The wall time against 300 ms; with `rss_goal_mib`, the peak RSS against it too.
void record(Scorecard &card, const std::string &what, const Measured &measured,
            std::optional<double> rss_goal_mib = std::nullopt) {
  card.record({.number = 8,
               .what = what,
               .measured = measured.wall_ms.median(),
               .unit = "ms",
               .goal = Goal::below(300),
               .detail = "median of " + std::to_string(measured.wall_ms.size()) +
                         " runs (fastest " + joinery::bench::format_number(measured.wall_ms.min()) +
                         " ms)"});
  if (rss_goal_mib) {
    card.record({.number = 8,
                 .what = what + ", peak RSS",
                 .measured = measured.rss_mib.max(),
                 .unit = "MiB",
                 .goal = Goal::below(*rss_goal_mib),
                 .detail = "the largest of " + std::to_string(measured.rss_mib.size()) +
                           " runs (GNU time's %M)"});
  }
}

// What the aws goal stands on: the peak RSS of bench/libcurl_floor.c, a C program that
// only fetches `url` through libcurl, measured as the discover runs are.
void record_libcurl_floor(Scorecard &card, const std::string &url, int runs,
                          const std::filesystem::path &output) {
  Samples rss_mib;
  const std::filesystem::path rss_file = output.string() + ".rss";
  for (int i = 0; i < runs; ++i) {
    const auto usage = joinery::bench::measure(
        {"/usr/bin/time", "-f", "%M", "-o", rss_file.string(), JOINERY_LIBCURL_FLOOR, url}, 30s,
        output);
    if (usage.status != 0) {
      throw std::runtime_error("libcurl_floor exited " + std::to_string(usage.status));
    }
    rss_mib.add(std::stod(joinery::bench::read_text(rss_file)) / 1024.0);
  }
  card.reference(8, "libcurl alone: a C program fetching one URL from the same server, peak RSS",
                 rss_mib.max(), "MiB",
                 "the largest of " + std::to_string(rss_mib.size()) +
                     " runs: Debian's libcurl and the libraries it links, before any joinery code");
}

}  // namespace

int main(int argc, char **argv) {
  const int runs = joinery::bench::run_count(argc, argv, 11, 3);
  Scorecard card;
  const joinery::bench::PrivatePluginCache cache;
  const joinery::test::TempDir dir;
  const std::filesystem::path output = dir.path() / "output";

  const std::string gce_what = "gce: 5,000 instances in 10 zones, whole discover process";
  try {
    json zone_names = json::array();
    json instances = json::object();
    for (int z = 0; z < zones; ++z) {
      const std::string zone = "europe-west" + std::to_string(z) + "-b";
      zone_names.push_back(zone);
      json list = json::array();
      for (int i = 0; i < instances_per_zone; ++i) {
        list.push_back(
            joinery::test::gce_instance("consul-" + std::to_string(z) + "-" + std::to_string(i),
                                        "10." + std::to_string(z) + "." + std::to_string(i / 250) +
                                            "." + std::to_string(i % 250 + 1)));
      }
      instances[zone] = std::move(list);
    }
    const joinery::test::GoogleCloud cloud(
        json{{"zones", zone_names}, {"instances", instances}, {"page_size", 500}});
    ::setenv("CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE", cloud.compute_endpoint().c_str(), 1);
    ::setenv("GCE_METADATA_HOST", "metadata.invalid", 1);
    record(card, gce_what,
           measure("provider=gce project_name=my-project tag_value=consul credentials_file=" +
                       cloud.key_file(),
                   zones * instances_per_zone, runs, output));
  } catch (const std::exception &error) {
    card.failed(8, gce_what, error.what());
  }

  const std::string azure_what =
      "azure: 5,000 network interfaces over 5 pages, whole discover process";
  try {
    json nics = json::array();
    for (int i = 0; i < interfaces; ++i) {
      nics.push_back(joinery::test::azure_nic(
          "nic-" + std::to_string(i),
          {"10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1)}));
    }
    const joinery::test::AzureCloud cloud(json{{"nics", nics}, {"page_size", interfaces / 5}});
    ::setenv("AZURE_AUTHORITY_HOST", cloud.server->url("/").c_str(), 1);
    ::setenv("ARM_ENDPOINT", cloud.server->url("/").c_str(), 1);
    record(card, azure_what,
           measure(std::string("provider=azure tag_name=consul tag_value=server "
                               "tenant_id=contoso-tenant client_id=app-1234 subscription_id=") +
                       joinery::test::azure_subscription + " secret_access_key=\"" +
                       joinery::test::azure_secret + "\"",
                   interfaces, runs, output));
  } catch (const std::exception &error) {
    card.failed(8, azure_what, error.what());
  }
  const std::string aws_what = "aws: 10,000 EC2 instances over 10 pages, whole discover process";
  try {
    json instances = json::array();
    for (int i = 0; i < ec2_instances; ++i) {
      instances.push_back(
          {{"id", "i-" + std::to_string(i)},
           {"region", "us-east-1"},
           {"tags", {{"consul", "server"}}},
           {"private", "10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1)}});
    }
    const std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const joinery::test::HttpServer server(
        {.handler = joinery::test::source_dir() / "tests/plugins/aws/aws_api.py",
         .handler_config = {{"keys", {{"AKIAIOSFODNN7EXAMPLE", {{"secret", secret}}}}},
                            {"instances", instances}}});
    ::setenv("AWS_ENDPOINT_URL", server.url("").c_str(), 1);
    record(card, aws_what,
           measure("provider=aws region=us-east-1 tag_key=consul tag_value=server "
                   "access_key_id=AKIAIOSFODNN7EXAMPLE secret_access_key=" +
                       secret,
                   ec2_instances, runs, output),
           12.0);
    record_libcurl_floor(card, server.url("/"), runs, output);
  } catch (const std::exception &error) {
    card.failed(8, aws_what, error.what());
  }
  return card.finish();
}
