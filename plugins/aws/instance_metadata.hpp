// The EC2 instance metadata service (IMDS) as the AWS SDKs ask it: a session token
// first (IMDSv2: PUT /latest/api/token), every read with it; where the token is refused
// as IMDSv1 does (403, 404, 405), the reads go without one.
#pragma once

#include <joinery/plugin.hpp>

#include <optional>
#include <string>

namespace joinery::aws {

class InstanceMetadata {
 public:
  // `endpoint`: http://169.254.169.254, or $AWS_EC2_METADATA_SERVICE_ENDPOINT.
  InstanceMetadata(std::string endpoint, const sdk::CallBounds &interruption)
      : endpoint_(std::move(endpoint)), interruption_(interruption) {}

  // The body of `path` ("/latest/dynamic/instance-identity/document"). Throws
  // sdk::Error(unavailable) naming the URL and the status.
  std::string get(const std::string &path);

  // The region of the instance's identity document.
  std::string region();

 private:
  std::string endpoint_;
  const sdk::CallBounds &interruption_;
  std::optional<std::string> token_;  // empty once IMDSv1 is known to be what answers
};

}  // namespace joinery::aws
