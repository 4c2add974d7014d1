// One call of an AWS API as the aws provider makes it: throttling (RequestLimitExceeded,
// ThrottlingException, HTTP 503) waited out within the deadline, and a failure told with
// AWS's own error code and message and what the operator should check.
#pragma once

#include <joinery/plugin.hpp>
#include "aws_settings.hpp"
#include "http_request.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace joinery::aws {

// What an AWS error document says; either may be empty.
struct AwsError {
  std::string code;     // "AuthFailure", "AccessDeniedException"
  std::string message;  // "AWS was not able to validate the provided access credentials"
};

// The code and message of an error answer: the Query APIs' XML (EC2's
// Response/Errors/Error, STS's ErrorResponse/Error) or the JSON APIs' {"__type":
// "ns#Code", "message": ...} (ECS), the x-amzn-ErrorType header when the body has none.
AwsError read_aws_error(const http::HttpResponse &response);

struct AwsApi {
  std::string name;         // as messages name the API: "aws ec2 eu-west-1"
  std::string permission;   // the hint when AWS refuses: "ec2:DescribeInstances"
  std::string credentials;  // where the credentials came from, for the hint when AWS rejects them
  // Called when AWS answers that the credentials expired or are unknown; may be empty.
  std::function<void()> credentials_rejected;
  http::PemSource ca;  // the settings' ca_bundle ($AWS_CA_BUNDLE); empty: the system's CAs
};

// A POST of `body` to `url`, signed (Signature Version 4, by libcurl) for `service`
// in `region` with `keys`; a session token goes as X-Amz-Security-Token, signed too.
http::HttpRequest signed_post(std::string url, std::string body, std::string content_type,
                              const std::string &service, const std::string &region,
                              const AccessKeys &keys);

// True for the codes AWS answers when a caller is to slow down.
bool is_throttling(long status, std::string_view code);

// Performs `request` (cloud::call_api) and returns its 2xx answer; a throttled answer
// is waited out as call_api does. Throws sdk::Error:
// `unavailable` naming the API and the request with the HTTP status, AWS's code and
// message and a hint (secrets masked); `cancelled` when the call was.
http::HttpResponse call_aws(http::HttpRequest request, const AwsApi &api,
                            const sdk::CallBounds &interruption);

}  // namespace joinery::aws
