// Who the aws provider is to AWS: the AWS SDKs' credential chain, in their order --
// the keys; $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY; the shared credentials and
// config files ($AWS_PROFILE's profile); web identity ($AWS_WEB_IDENTITY_TOKEN_FILE and
// $AWS_ROLE_ARN through STS AssumeRoleWithWebIdentity, as on EKS); the ECS agent's
// container credentials; the instance role from IMDS. Temporary credentials are kept
// for the whole run and fetched again shortly before they expire.
#pragma once

#include <joinery/plugin.hpp>
#include "aws_settings.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace joinery::aws {

struct AwsCredentials {
  AccessKeys keys;
  std::string source;     // "the keys", "profile default of /root/.aws/credentials", ...
  std::string cache_key;  // under which the run keeps temporary ones; empty: not kept
};

// The first source of the chain that holds credentials. `region` is STS's when web
// identity is used. Throws sdk::Error(unavailable) naming the source that failed, or
// every source tried when none holds any.
AwsCredentials find_aws_credentials(const AwsSettings &settings, const std::string &region,
                                    const sdk::CallBounds &interruption);

// Drops `credentials` from what the run keeps (AWS refused them as expired or
// unknown): the next attempt fetches new ones.
void forget_aws_credentials(const AwsCredentials &credentials);

// A credential answer's "Expiration" ("2026-12-03T14:00:00Z") as seconds from now;
// nullopt when it is not such a time.
std::optional<std::chrono::seconds> seconds_until(std::string_view expiration,
                                                  std::chrono::system_clock::time_point now);

}  // namespace joinery::aws
