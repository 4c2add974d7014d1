#include "token_cache.hpp"

namespace joinery::cloud {

std::string TokenCache::token(const std::string &key, const std::function<AccessToken()> &fetch,
                              std::chrono::steady_clock::time_point now) {
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = tokens_.find(key);
        found != tokens_.end() && found->second.expires_at - now > refresh_margin) {
      return found->second.value;
    }
  }
  AccessToken fetched = fetch();
  std::string value = fetched.value;
  const std::lock_guard lock(mutex_);
  tokens_.insert_or_assign(key, std::move(fetched));
  return value;
}

void TokenCache::forget(const std::string &key) {
  const std::lock_guard lock(mutex_);
  tokens_.erase(key);
}

}  // namespace joinery::cloud
