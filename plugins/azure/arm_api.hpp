// Azure Resource Manager's calls as the provider makes them: one resource, or every
// page of a list through nextLink, and ARM's error answers read as it writes them
// ({"error": {"code": "AuthorizationFailed", "message": ...}}).
#pragma once

#include <joinery/plugin.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace joinery::azure {

// A list longer than this is refused rather than followed for ever.
inline constexpr std::size_t max_list_pages = 10000;

struct ArmRequest {
  std::string token;  // bearer; a secret
  std::string hint;   // the permission needed, quoted in errors
  const sdk::CallBounds *interruption = nullptr;
  bool refused = false;  // set when ARM answered 401 (the token is no good)
};

// Items each page held, in order, for the debug log.
using PageSizes = std::vector<std::size_t>;

// One page of an ARM list answer.
struct ArmPage {
  std::vector<nlohmann::json> values;
  std::string next_link;  // empty on the last page
};

// The page in `answer`. Throws sdk::Error(unavailable) after `what` (the request)
// when "value" is not an array.
ArmPage read_arm_page(nlohmann::json answer, const std::string &what);

// GET `url`. Throws sdk::Error(unavailable) with ARM's code and message and the hint.
nlohmann::json get_resource(const std::string &url, ArmRequest &arm);

// GET `url` and every nextLink after it; each() sees every "value" item, page by page
// (a page's items are freed before the next is read). A nextLink that
// leaves `url`'s origin (the bearer token would go with it), repeats an earlier one or
// goes past max_list_pages fails the list.
PageSizes list_all_pages(const std::string &url, ArmRequest &arm,
                         const std::function<void(const nlohmann::json &)> &each);

}  // namespace joinery::azure
