#include "aws_discovery.hpp"

#include "aws_api.hpp"
#include "aws_credentials.hpp"
#include "ec2_api.hpp"
#include "ecs_api.hpp"
#include "instance_metadata.hpp"
#include "json_api.hpp"

#include <joinery/sdk/parallel.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace joinery::aws {
namespace {

// Regions asked at once; a comma list rarely names more.
constexpr std::size_t parallel_regions = 8;

std::string endpoint_for(const AwsSettings &settings, const char *service,
                         const std::string &region) {
  return settings.endpoint.empty() ? regional_endpoint(service, region) : settings.endpoint;
}

const char *type_name(AddressType type) {
  switch (type) {
    case AddressType::public_v4:
      return "public IPv4";
    case AddressType::public_v6:
      return "IPv6";
    case AddressType::private_v4:
      break;
  }
  return "private IPv4";
}

void take_addresses(const Ec2Instance &instance, AddressType type, cloud::Found &found) {
  switch (type) {
    case AddressType::public_v6:
      found.addresses.insert(found.addresses.end(), instance.ipv6s.begin(), instance.ipv6s.end());
      if (!instance.ipv6s.empty()) {
        return;
      }
      break;
    case AddressType::public_v4:
      if (!instance.public_ip.empty()) {
        found.addresses.push_back(instance.public_ip);
        return;
      }
      break;
    case AddressType::private_v4:
      if (!instance.private_ip.empty()) {
        found.addresses.push_back(instance.private_ip);
        return;
      }
      break;
  }
  found.notes.push_back("aws ec2: instance " + instance.id + " has no " + type_name(type) +
                        " address");
}

cloud::Found ec2_instances(const AwsSettings &settings, const std::string &region,
                           const AwsCredentials &credentials, const sdk::CallBounds &interruption) {
  cloud::Found found;
  const AwsApi api{"aws ec2 " + region, "ec2:DescribeInstances", credentials.source,
                   [&] { forget_aws_credentials(credentials); }, settings.ca_bundle};
  const std::string url = endpoint_for(settings, "ec2", region) + "/";
  std::set<std::string> tokens;
  std::string next_token;
  for (int page = 1;; ++page) {
    const http::HttpRequest request = signed_post(
        url, describe_instances_body(settings.tag_key, settings.tag_value, next_token),
        "application/x-www-form-urlencoded; charset=utf-8", "ec2", region, credentials.keys);
    const http::HttpResponse answer = call_aws(request, api, interruption);
    Ec2Page read;
    try {
      read = read_describe_instances(answer.body);
    } catch (const std::runtime_error &error) {
      throw sdk::Error(sdk::Status::unavailable,
                       api.name + ": " + http::describe_request(request) +
                           ": not a DescribeInstances answer: " + error.what());
    }
    found.notes.push_back(api.name + ": page " + std::to_string(page) + " held " +
                          std::to_string(read.instances.size()) + " running instances tagged " +
                          settings.tag_key + "=" + settings.tag_value);
    for (const Ec2Instance &instance : read.instances) {
      take_addresses(instance, settings.address_type, found);
    }
    if (read.next_token.empty()) {
      return found;
    }
    if (!tokens.insert(read.next_token).second || page >= cloud::max_pages) {
      throw sdk::Error(sdk::Status::unavailable,
                       api.name +
                           ": DescribeInstances does not end (a NextToken came back "
                           "again, or more than " +
                           std::to_string(cloud::max_pages) + " pages)");
    }
    next_token = std::move(read.next_token);
  }
}

cloud::Found ecs_tasks(const AwsSettings &settings, const std::string &region,
                       const AwsCredentials &credentials, const sdk::CallBounds &interruption) {
  cloud::Found found;
  const EcsTarget target{
      endpoint_for(settings, "ecs", region),
      region,
      credentials.keys,
      {"aws ecs " + region, "ecs:ListClusters, ecs:ListTasks and ecs:DescribeTasks",
       credentials.source, [&] { forget_aws_credentials(credentials); }, settings.ca_bundle}};
  found.addresses = ecs_task_addresses(target, settings, interruption, found.notes);
  return found;
}

}  // namespace

cloud::Found discover_aws(const AwsSettings &settings, const sdk::CallBounds &interruption) {
  cloud::Found found;
  std::vector<std::string> regions = settings.regions;
  if (regions.empty()) {
    InstanceMetadata metadata(settings.metadata_endpoint, interruption);
    std::string region;
    try {
      region = metadata.region();
    } catch (const sdk::Error &error) {
      throw sdk::Error(error.status(),
                       std::string(error.what()) +
                           " (no region: give the region key or set AWS_REGION off EC2)");
    }
    if (region.empty() ||
        region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      throw sdk::Error(sdk::Status::unavailable,
                       "aws: instance metadata: the identity document's region is not a region");
    }
    found.notes.push_back("aws: region " + region + " from the instance identity document");
    regions.push_back(std::move(region));
  }
  const AwsCredentials credentials = find_aws_credentials(settings, regions.front(), interruption);
  found.notes.push_back("aws: credentials from " + credentials.source);
  auto list = [&](const std::string &region) {
    return settings.service == Service::ecs
               ? ecs_tasks(settings, region, credentials, interruption)
               : ec2_instances(settings, region, credentials, interruption);
  };
  for (cloud::Found &region :
       sdk::values_or_throw(sdk::run_in_parallel(regions, parallel_regions, list))) {
    found.notes.insert(found.notes.end(), region.notes.begin(), region.notes.end());
    for (std::string &address : region.addresses) {
      if (std::find(found.addresses.begin(), found.addresses.end(), address) ==
          found.addresses.end()) {
        found.addresses.push_back(std::move(address));
      }
    }
  }
  return found;
}

}  // namespace joinery::aws
