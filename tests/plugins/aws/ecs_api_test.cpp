// The aws provider's ECS discovery (service=ecs) against the local AWS (aws_api.py: the
// JSON 1.1 API's X-Amz-Target actions, nextToken paging, DescribeTasks' 100-task limit
// and {"__type", "message"} errors, every signature recomputed with botocore for the
// ecs service; the clusters and tasks are the test's).
#include "aws_cloud.hpp"

namespace {

using joinery::test::aws_discover;
using joinery::test::aws_endpoints;
using joinery::test::aws_key_id;
using joinery::test::aws_secret;
using joinery::test::aws_server;
using joinery::test::HttpServer;
using joinery::test::PluginConfig;
using joinery::test::thrown_error;
using nlohmann::json;
using Strings = std::vector<std::string>;

json task(const std::string &cluster, int n, const std::string &family, const std::string &tag,
          const std::string &status = "RUNNING") {
  return {
      {"taskArn", "arn:aws:ecs:us-east-1:123456789012:task/" + cluster + "/" + std::to_string(n)},
      {"group", "family:" + family},
      {"desiredStatus", status},
      {"tags", {{{"key", "consul"}, {"value", tag}}}},
      {"attachments",
       {{{"type", "ElasticNetworkInterface"},
         {"details",
          {{{"name", "subnetId"}, {"value", "subnet-1"}},
           {{"name", "privateIPv4Address"},
            {"value", "10.9." + std::to_string(n / 250) + "." + std::to_string(n % 250)}}}}}}}};
}

// Cluster "a": 150 consul-server tasks of family "consul" (two DescribeTasks calls) and
// 3 of family "web"; cluster "b": 2 server tasks, 1 client task, 1 stopping.
json clusters() {
  json a = json::array();
  for (int n = 1; n <= 150; ++n) {
    a.push_back(task("a", n, "consul", "server"));
  }
  for (int n = 151; n <= 153; ++n) {
    a.push_back(task("a", n, "web", "server"));
  }
  json b = {task("b", 201, "consul", "server"), task("b", 202, "consul", "server"),
            task("b", 203, "consul", "client"), task("b", 204, "consul", "server", "STOPPED")};
  return {{"arn:aws:ecs:us-east-1:123456789012:cluster/a", a},
          {"arn:aws:ecs:us-east-1:123456789012:cluster/b", b}};
}

Strings actions(const HttpServer &server) {
  Strings found;
  for (const json &request : server.requests()) {
    const std::string target = request["headers"]["X-Amz-Target"];
    found.push_back(target.substr(target.find('.') + 1));
  }
  return found;
}

TEST(AwsEcs, EveryClusterAndTaskPageIsReadAndTheTaggedRunningTasksReturned) {
  HttpServer server = aws_server({{"ecs", {{"clusters", clusters()}, {"page_size", 60}}}});
  const PluginConfig config{
      {"service", "ecs"},      {"region", "us-east-1"},       {"tag_key", "consul"},
      {"tag_value", "server"}, {"access_key_id", aws_key_id}, {"secret_access_key", aws_secret}};
  const auto found = aws_discover(config, aws_endpoints(server));
  ASSERT_EQ(found.addresses.size(), 153u + 2u);
  EXPECT_EQ(found.addresses.front(), "10.9.0.1");
  EXPECT_EQ(found.addresses.back(), "10.9.0.202");
  EXPECT_EQ(actions(server),
            (Strings{"ListClusters", "ListTasks", "ListTasks", "ListTasks", "DescribeTasks",
                     "DescribeTasks", "ListTasks", "DescribeTasks"}));
  const auto requests = server.requests();
  EXPECT_EQ(requests[0]["headers"]["Content-Type"], "application/x-amz-json-1.1");
  EXPECT_EQ(json::parse(requests[2]["body"].get<std::string>())["nextToken"], "60");
  EXPECT_EQ(json::parse(requests[4]["body"].get<std::string>())["tasks"].size(), 100u);
}

TEST(AwsEcs, EcsClusterAndFamilyNarrowTheSearch) {
  HttpServer server = aws_server({{"ecs", {{"clusters", clusters()}}}});
  const PluginConfig config{{"service", "ecs"},
                            {"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"ecs_cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/a"},
                            {"ecs_family", "web"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", aws_secret}};
  const auto found = aws_discover(config, aws_endpoints(server));
  EXPECT_EQ(found.addresses, (Strings{"10.9.0.151", "10.9.0.152", "10.9.0.153"}));
  EXPECT_EQ(actions(server), (Strings{"ListTasks", "DescribeTasks"}));
  EXPECT_EQ(json::parse(server.requests()[0]["body"].get<std::string>())["family"], "web");
}

TEST(AwsEcs, ARefusalCarriesEcsCodeAndThePermissionsNeeded) {
  HttpServer server = aws_server({{"deny", true}});
  const PluginConfig config{
      {"service", "ecs"},      {"region", "us-east-1"},       {"tag_key", "consul"},
      {"tag_value", "server"}, {"access_key_id", aws_key_id}, {"secret_access_key", aws_secret}};
  const auto error = thrown_error([&] { aws_discover(config, aws_endpoints(server)); });
  EXPECT_NE(std::string(error.what())
                .find("aws ecs us-east-1 ListClusters: POST " + server.url("/") +
                      ": HTTP 400 Bad Request: AccessDeniedException"),
            std::string::npos)
      << error.what();
  EXPECT_NE(std::string(error.what())
                .find("(the credentials need ecs:ListClusters, ecs:ListTasks "
                      "and ecs:DescribeTasks)"),
            std::string::npos)
      << error.what();
}

TEST(AwsEcs, AWrongSecretIsRefusedWithInvalidSignatureException) {
  HttpServer server = aws_server({{"ecs", {{"clusters", clusters()}}}});
  const PluginConfig config{{"service", "ecs"},
                            {"region", "us-east-1"},
                            {"tag_key", "consul"},
                            {"tag_value", "server"},
                            {"access_key_id", aws_key_id},
                            {"secret_access_key", "notTheSecret/0123456789abcdefghijklmn"}};
  const auto error = thrown_error([&] { aws_discover(config, aws_endpoints(server)); });
  EXPECT_NE(std::string(error.what()).find("InvalidSignatureException"), std::string::npos)
      << error.what();
  EXPECT_EQ(std::string(error.what()).find("notTheSecret"), std::string::npos);
}

}  // namespace
