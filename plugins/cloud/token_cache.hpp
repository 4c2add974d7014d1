// The access tokens of one plugin, kept for the whole run: a retry-join attempt every
// 30 s reuses the token of the one before, and a token is fetched again only when it
// is about to expire (or was refused), as the clouds' own SDKs do.
#pragma once

#include "access_token.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace joinery::cloud {

// A token with less than this left is fetched again: an attempt that starts with it
// must not see it expire between its first and last request.
inline constexpr std::chrono::seconds refresh_margin{60};

// Thread-safe: calls of one provider run at once (LAN and WAN joiners, parallel entries).
class TokenCache {
 public:
  // The token stored under `key` when it has more than refresh_margin left at `now`;
  // else fetch()'s, stored. `key` names the credentials (the source and who), so that
  // two entries with different credentials never share a token. fetch() runs without
  // the lock held: a slow token endpoint stalls only the calls that need it.
  std::string token(const std::string &key, const std::function<AccessToken()> &fetch,
                    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

  // Drops the token under `key` (the API refused it): the next call fetches another.
  void forget(const std::string &key);

 private:
  std::mutex mutex_;
  std::map<std::string, AccessToken> tokens_;
};

}  // namespace joinery::cloud
