// ECS through its JSON 1.1 API: the clusters (ListClusters), their running tasks
// (ListTasks, by family), and the tasks' tags and network attachments (DescribeTasks,
// 100 at a time), every page by nextToken.
#pragma once

#include "aws_api.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace joinery::aws {

// One page of ListClusters (member "clusterArns") or ListTasks ("taskArns").
struct ArnPage {
  std::vector<std::string> arns;
  std::string next_token;
};

// Throws nlohmann::json::exception when `document` is not of the documented shape.
ArnPage read_arn_page(const nlohmann::json &document, const char *member);

// The privateIPv4Address of each task in a DescribeTasks answer that carries the tag
// key=value and is to be RUNNING; tasks without one are named in `notes`.
std::vector<std::string> read_task_addresses(const nlohmann::json &document, const std::string &key,
                                             const std::string &value,
                                             std::vector<std::string> &notes);

struct EcsTarget {
  std::string url;  // the API's endpoint
  std::string region;
  AccessKeys keys;
  AwsApi api;
};

// The addresses of the running tasks tagged `settings`' tag in ecs_cluster (every
// cluster when it is empty), of ecs_family when given. Throws sdk::Error.
std::vector<std::string> ecs_task_addresses(const EcsTarget &target, const AwsSettings &settings,
                                            const sdk::CallBounds &interruption,
                                            std::vector<std::string> &notes);

}  // namespace joinery::aws
