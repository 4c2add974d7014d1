// ECS ListTasks and DescribeTasks answers as a broken or hostile endpoint sends them,
// through the aws provider's readers (ARN pages, the tagged running tasks' private
// addresses). Every answer must give ARNs and addresses or a json::exception, which
// the provider reports as an answer not of the documented shape.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecs_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char *>(data), size);
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return 0;
  try {
    (void)joinery::aws::read_arn_page(document, "taskArns");
  } catch (const nlohmann::json::exception &) {
  }
  try {
    std::vector<std::string> notes;
    (void)joinery::aws::read_task_addresses(document, "consul", "server", notes);
  } catch (const nlohmann::json::exception &) {
  }
  return 0;
}
