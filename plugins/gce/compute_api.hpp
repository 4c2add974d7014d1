// The compute v1 API's list calls: every page of a list (its items, page by page
// through nextPageToken), and its error answers read as Google writes them
// ({"error": {"code": 403, "status": "PERMISSION_DENIED", "message": ...}}).
#pragma once

#include <joinery/plugin.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace joinery::gce {

// A list longer than this many pages is refused rather than followed for ever: 10,000
// pages of 500 are 5 million items, more than any project holds.
inline constexpr std::size_t max_list_pages = 10000;

// Items each page held, in order, for the debug log.
using PageSizes = std::vector<std::size_t>;

// One page of a compute list answer.
struct ComputePage {
  std::vector<nlohmann::json> items;
  std::string next_page_token;  // empty on the last page
};

// The page in `body`. Throws sdk::Error(unavailable) saying what is wrong, after
// `what` (the request): not a JSON object, items not an array.
ComputePage read_compute_page(std::string_view body, const std::string &what);

// GET `url` (no query of its own), then again with pageToken=... until an answer has
// no nextPageToken; each() sees every item, page by page (a page's items are freed
// before the next is read). Throws sdk::Error: unavailable with the API's status, code and
// message and `hint` (the permission needed) when a page is refused; with "repeats"
// when the API names a page token it already gave (a loop); `refused` is set when the
// API said the token is not valid (HTTP 401), so the caller can drop it.
PageSizes list_all_pages(const std::string &url, const std::string &token, const std::string &hint,
                         const sdk::CallBounds &interruption, bool &refused,
                         const std::function<void(const nlohmann::json &)> &each);

}  // namespace joinery::gce
