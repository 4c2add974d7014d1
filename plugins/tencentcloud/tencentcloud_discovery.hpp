// What the tencentcloud provider does for one attempt: list the running CVM instances
// of the region with the tag, every page, and take each one's first address of the
// type asked for.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "tencentcloud_settings.hpp"

#include <cstdint>
#include <string>

namespace joinery::tencentcloud {

// The Authorization header of Tencent Cloud API 3.0 (TC3-HMAC-SHA256) for a POST of
// `body` (application/json; charset=utf-8) to `host`, service `service`, at `timestamp`
// (Unix seconds): the canonical request signs content-type and host.
std::string tc3_authorization(const std::string &secret_id, const std::string &secret_key,
                              const std::string &service, const std::string &host,
                              const std::string &body, std::int64_t timestamp);

// POST CVM_URL/ with X-TC-Action: DescribeInstances, X-TC-Version: 2017-03-12 and
// {"Filters": [instance-state RUNNING, tag:KEY], "Offset": N, "Limit": 100}, page after
// page until TotalCount is reached. Throws sdk::Error.
cloud::Found discover_tencentcloud(const TencentCloudSettings &settings,
                                   const sdk::CallBounds &interruption);

}  // namespace joinery::tencentcloud
