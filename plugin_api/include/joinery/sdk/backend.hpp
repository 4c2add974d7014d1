// Writing a join backend as a C++ class.
//
//   class LogBackend final : public joinery::sdk::Backend {
//   public:
//     static constexpr auto description = joinery::sdk::describe("log", "logs and succeeds",
//     nullptr); LogBackend(const Config &config, const Call &call);  // one instance per cluster
//     std::size_t join(const Call &call, std::string_view cluster,
//                      const std::vector<std::string_view> &addresses) override;
//   };
//
// The host creates one instance per cluster and keeps it across attempts; join() is
// never called concurrently on the same instance.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/call.hpp>
#include <joinery/sdk/config.hpp>
#include <joinery/sdk/description.hpp>
#include <joinery/sdk/guard.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace joinery::sdk {

class Backend {
 public:
  virtual ~Backend() = default;

  // Joins through `addresses` and returns how many were joined (> 0 for success).
  // Throw Error to fail the attempt; the message is what the operator reads.
  virtual std::size_t join(const Call &call, std::string_view cluster,
                           const std::vector<std::string_view> &addresses) = 0;
};

namespace detail {

template <class B>
struct BackendAdapter {
  static joinery_status create(const joinery_join_backend * /*self*/, const joinery_call *call,
                               const joinery_config *config, joinery_backend_instance **out) {
    *out = nullptr;
    return guard(call, [&] {
      *out = reinterpret_cast<joinery_backend_instance *>(
          static_cast<Backend *>(new B(Config(config), Call(host(), call))));
    });
  }

  static joinery_status join(joinery_backend_instance *instance, const joinery_call *call,
                             joinery_str cluster, const joinery_str *addresses, std::size_t count,
                             std::size_t *joined) {
    *joined = 0;
    return guard(call, [&] {
      std::vector<std::string_view> list;
      list.reserve(count);
      for (std::size_t i = 0; i < count; ++i) {
        list.push_back(from_c(addresses[i]));
      }
      *joined =
          reinterpret_cast<Backend *>(instance)->join(Call(host(), call), from_c(cluster), list);
    });
  }

  static void destroy(joinery_backend_instance *instance) {
    delete reinterpret_cast<Backend *>(instance);
  }

  static constexpr joinery_join_backend table = {sizeof(joinery_join_backend),
                                                 B::description.name,
                                                 B::description.summary,
                                                 B::description.help,
                                                 B::description.keys,
                                                 B::description.key_count,
                                                 nullptr,
                                                 &create,
                                                 &join,
                                                 &destroy};
};

}  // namespace detail
}  // namespace joinery::sdk
