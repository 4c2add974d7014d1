#include "ecs_api.hpp"

#include "json_api.hpp"

#include <set>

namespace joinery::aws {
namespace {

using nlohmann::json;

// DescribeTasks takes at most 100 tasks.
constexpr std::size_t describe_batch = 100;

json call_ecs(const EcsTarget &target, const char *action, const json &input,
              const sdk::CallBounds &interruption) {
  http::HttpRequest request =
      signed_post(target.url + "/", input.dump(), "application/x-amz-json-1.1", "ecs",
                  target.region, target.keys);
  request.headers.push_back(std::string("X-Amz-Target: AmazonEC2ContainerServiceV20141113.") +
                            action);
  AwsApi api = target.api;
  api.name += " " + std::string(action);
  const http::HttpResponse answer = call_aws(request, api, interruption);
  json document = json::parse(answer.body, nullptr, false);
  if (!document.is_object()) {
    throw sdk::Error(sdk::Status::unavailable, api.name + ": " + http::describe_request(request) +
                                                   ": the answer is not a JSON object");
  }
  return document;
}

// Every ARN of a paged list action.
std::vector<std::string> list_all(const EcsTarget &target, const char *action, json input,
                                  const char *member, const sdk::CallBounds &interruption,
                                  std::vector<std::string> &notes) {
  std::vector<std::string> arns;
  std::set<std::string> tokens;
  for (int page = 1;; ++page) {
    const json document = call_ecs(target, action, input, interruption);
    ArnPage read;
    try {
      read = read_arn_page(document, member);
    } catch (const json::exception &error) {
      throw sdk::Error(sdk::Status::unavailable, target.api.name + " " + action +
                                                     ": the answer is not of the documented "
                                                     "shape: " +
                                                     error.what());
    }
    notes.push_back(target.api.name + " " + action + ": page " + std::to_string(page) + " held " +
                    std::to_string(read.arns.size()) + " " + member);
    arns.insert(arns.end(), read.arns.begin(), read.arns.end());
    if (read.next_token.empty()) {
      return arns;
    }
    if (!tokens.insert(read.next_token).second || page >= cloud::max_pages) {
      throw sdk::Error(sdk::Status::unavailable,
                       target.api.name + " " + action +
                           ": the list does not end (a nextToken came back again, or more than " +
                           std::to_string(cloud::max_pages) + " pages)");
    }
    input["nextToken"] = read.next_token;
  }
}

}  // namespace

ArnPage read_arn_page(const json &document, const char *member) {
  ArnPage page;
  if (const auto arns = document.find(member); arns != document.end()) {
    page.arns = arns->get<std::vector<std::string>>();
  }
  if (const auto token = document.find("nextToken"); token != document.end() && !token->is_null()) {
    page.next_token = token->get<std::string>();
  }
  return page;
}

std::vector<std::string> read_task_addresses(const json &document, const std::string &key,
                                             const std::string &value,
                                             std::vector<std::string> &notes) {
  std::vector<std::string> addresses;
  const auto tasks = document.find("tasks");
  if (tasks == document.end()) {
    return addresses;
  }
  for (const json &task : tasks->get_ref<const json::array_t &>()) {
    bool tagged = false;
    if (const auto tags = task.find("tags"); tags != task.end()) {
      for (const json &tag : *tags) {
        tagged = tagged || (tag.value("key", "") == key && tag.value("value", "") == value);
      }
    }
    if (!tagged || task.value("desiredStatus", "") != "RUNNING") {
      continue;
    }
    std::string address;
    if (const auto attachments = task.find("attachments"); attachments != task.end()) {
      for (const json &attachment : *attachments) {
        for (const json &detail : attachment.value("details", json::array())) {
          if (address.empty() && detail.value("name", "") == "privateIPv4Address") {
            address = detail.value("value", "");
          }
        }
      }
    }
    if (address.empty()) {
      notes.push_back("aws ecs: task " + task.value("taskArn", "?") +
                      " has no privateIPv4Address (not in awsvpc network mode)");
      continue;
    }
    addresses.push_back(std::move(address));
  }
  return addresses;
}

std::vector<std::string> ecs_task_addresses(const EcsTarget &target, const AwsSettings &settings,
                                            const sdk::CallBounds &interruption,
                                            std::vector<std::string> &notes) {
  std::vector<std::string> clusters{settings.ecs_cluster};
  if (settings.ecs_cluster.empty()) {
    clusters = list_all(target, "ListClusters", json::object(), "clusterArns", interruption, notes);
  }
  std::vector<std::string> addresses;
  for (const std::string &cluster : clusters) {
    json input = {{"cluster", cluster}, {"desiredStatus", "RUNNING"}};
    if (!settings.ecs_family.empty()) {
      input["family"] = settings.ecs_family;
    }
    const std::vector<std::string> tasks =
        list_all(target, "ListTasks", input, "taskArns", interruption, notes);
    for (std::size_t first = 0; first < tasks.size(); first += describe_batch) {
      const std::vector<std::string> batch(
          tasks.begin() + static_cast<std::ptrdiff_t>(first),
          tasks.begin() +
              static_cast<std::ptrdiff_t>(std::min(first + describe_batch, tasks.size())));
      const json document =
          call_ecs(target, "DescribeTasks",
                   {{"cluster", cluster}, {"tasks", batch}, {"include", {"TAGS"}}}, interruption);
      try {
        auto found = read_task_addresses(document, settings.tag_key, settings.tag_value, notes);
        addresses.insert(addresses.end(), found.begin(), found.end());
      } catch (const json::exception &error) {
        throw sdk::Error(sdk::Status::unavailable,
                         target.api.name +
                             " DescribeTasks: the answer is not of the documented "
                             "shape: " +
                             error.what());
      }
    }
  }
  return addresses;
}

}  // namespace joinery::aws
