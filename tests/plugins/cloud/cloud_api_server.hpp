// What the REST clouds' tests share: the local server speaking a cloud's API (its
// tests/plugins/NAME/NAME_api.py handler in tests/support/http_server.py), the real
// `joinery discover` binary run against it, and a call's deadline.
#pragma once

#include <gtest/gtest.h>

#include <joinery/plugin.hpp>
#include "environment.hpp"
#include "support/child_process.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace joinery::test {

// `cloud`'s API on loopback, answering as `config` says (see its handler's docstring).
inline HttpServer cloud_api_server(const std::string &cloud, nlohmann::json config,
                                   const std::string &host = "127.0.0.1") {
  return HttpServer({.host = host,
                     .handler = source_dir() / "tests/plugins" / cloud / (cloud + "_api.py"),
                     .handler_config = std::move(config)});
}

// `joinery discover ARGS...` with `env` added to this process's environment.
inline CommandResult discover_command(std::vector<std::string> args,
                                      std::map<std::string, std::string> env) {
  args.insert(args.begin(), {joinery_binary().string(), "discover"});
  return run(args, std::chrono::seconds(30), {.env = std::move(env)});
}

// `secret` is in neither what `result` printed nor its log.
inline void expect_never_printed(const CommandResult &result, const std::string &secret) {
  EXPECT_EQ(result.out.find(secret), std::string::npos) << result.out;
  EXPECT_EQ(result.err.find(secret), std::string::npos) << result.err;
}

// `joinery discover --help-provider PROVIDER` succeeds and shows every one of `words`
// (its keys, an example).
inline void expect_help_shows(const std::string &provider, const std::vector<std::string> &words) {
  const CommandResult r = discover_command({"--help-provider", provider}, {});
  EXPECT_EQ(r.status, 0) << r.err;
  for (const std::string &word : words) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << " missing in:\n" << r.out;
  }
}

// An environment holding only `variables`.
inline cloud::Environment variables(cloud::Environment::Variables variables) {
  return cloud::Environment(std::move(variables));
}

// A call whose deadline is `after` from now, never cancelled otherwise.
inline sdk::CallBounds deadline_in(std::chrono::milliseconds after) {
  return {{}, -1, std::chrono::steady_clock::now() + after};
}

}  // namespace joinery::test
