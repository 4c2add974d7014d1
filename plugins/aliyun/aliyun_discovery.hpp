// What the aliyun provider does for one attempt: find the credentials (the keys, the
// environment, else the RAM role of the instance), then list the running instances of
// the region with the tag, every page, and take their VPC private or classic inner
// addresses.
#pragma once

#include <joinery/plugin.hpp>
#include "aliyun_settings.hpp"
#include "cloud_provider.hpp"

#include <map>
#include <string>

namespace joinery::aliyun {

// `parameters` with Signature added: Alibaba Cloud's RPC signature (version 1.0):
// base64(HMAC-SHA1(secret + "&", "POST&%2F&" + encode(sorted, encoded query))), as
// the form body of a POST.
std::string signed_query(std::map<std::string, std::string> parameters,
                         const std::string &access_key_secret);

// POST ECS_URL/ with Action=DescribeInstances&Version=2014-05-26&RegionId=R&
// Status=Running[&Tag.1.Key=K&Tag.1.Value=V]&PageNumber=N&PageSize=100..., page after
// page until TotalCount is reached. Throws sdk::Error.
cloud::Found discover_aliyun(const AliyunSettings &settings, const sdk::CallBounds &interruption);

}  // namespace joinery::aliyun
