#include "instance_metadata.hpp"

#include "answer_text.hpp"
#include "http_request.hpp"

#include <nlohmann/json.hpp>

namespace joinery::aws {
namespace {

// Off EC2 nothing answers 169.254.169.254; the SDKs give each metadata read a second.
constexpr std::chrono::milliseconds metadata_timeout{1000};
constexpr std::size_t max_metadata_bytes = std::size_t{64} << 10;

sdk::Error metadata_error(const http::HttpRequest &request, const http::HttpResponse &response) {
  return sdk::Error(sdk::Status::unavailable,
                    "aws: instance metadata: " + http::describe_request(request) + ": HTTP " +
                        std::to_string(response.status) + " " +
                        cloud::quoted_answer_text(response.body));
}

}  // namespace

std::string InstanceMetadata::get(const std::string &path) {
  if (!token_) {
    http::HttpRequest put;
    put.url = endpoint_ + "/latest/api/token";
    put.method = "PUT";
    put.body = "";
    put.headers = {"X-aws-ec2-metadata-token-ttl-seconds: 21600"};
    put.timeout = metadata_timeout;
    put.max_body_bytes = max_metadata_bytes;
    put.returns_error_answers = true;
    const http::HttpResponse answer = http::perform(put, interruption_);
    if (answer.status == 200) {
      token_ = answer.body;
    } else if (answer.status == 403 || answer.status == 404 || answer.status == 405) {
      token_ = "";  // IMDSv1 only
    } else {
      throw metadata_error(put, answer);
    }
  }
  http::HttpRequest request;
  request.url = endpoint_ + path;
  request.timeout = metadata_timeout;
  request.max_body_bytes = max_metadata_bytes;
  request.returns_error_answers = true;
  if (!token_->empty()) {
    request.headers = {"X-aws-ec2-metadata-token: " + *token_};
  }
  http::HttpResponse answer = http::perform(request, interruption_);
  if (answer.status != 200) {
    throw metadata_error(request, answer);
  }
  return std::move(answer.body);
}

std::string InstanceMetadata::region() {
  const std::string path = "/latest/dynamic/instance-identity/document";
  const auto document = nlohmann::json::parse(get(path), nullptr, false);
  if (!document.is_object() || !document.contains("region") || !document["region"].is_string()) {
    throw sdk::Error(sdk::Status::unavailable, "aws: instance metadata: " + endpoint_ + path +
                                                   ": no \"region\" in the identity document");
  }
  return document["region"].get<std::string>();
}

}  // namespace joinery::aws
