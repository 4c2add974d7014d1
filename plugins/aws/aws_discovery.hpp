// What the aws provider does for one attempt: find the region(s) and the credentials,
// then list the tagged running EC2 instances (every NextToken page) or ECS tasks of
// every region at once, and merge what they hold.
#pragma once

#include <joinery/plugin.hpp>
#include "aws_settings.hpp"
#include "cloud_provider.hpp"

namespace joinery::aws {

// Throws sdk::Error: `unavailable` with AWS's error code and a hint, `cancelled`.
cloud::Found discover_aws(const AwsSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::aws
