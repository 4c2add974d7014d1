// Declaring a plugin library: the exported entry and its factories, from lists of
// provider and backend classes.
//
//   JOINERY_PLUGIN("org.joinery.static", "1.0.0",
//                  joinery::sdk::Providers<StaticProvider>, joinery::sdk::Backends<LogBackend>)
//
// Use exactly once per library, in one source file. A third, optional type gives
// library-wide hooks: a struct with `static void on_init(const joinery::sdk::Call &)`
// (throw Error to refuse loading) and `static void on_deinit() noexcept`.
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/backend.hpp>
#include <joinery/sdk/guard.hpp>
#include <joinery/sdk/provider.hpp>

#include <cstdint>
#include <cstring>

namespace joinery::sdk {

template <class... P>
struct Providers {};
template <class... B>
struct Backends {};

// The default library-wide hooks: nothing to do.
struct NoHooks {
  static void on_init(const Call & /*call*/) {}
  static void on_deinit() noexcept {}
};

template <class ProviderList, class BackendList, class Hooks = NoHooks>
struct Plugin;

template <class... P, class... B, class Hooks>
struct Plugin<Providers<P...>, Backends<B...>, Hooks> {
  // A trailing nullptr keeps the arrays non-empty when a list is.
  static constexpr const joinery_discovery_provider *providers[] = {
      &detail::ProviderAdapter<P>::table..., nullptr};
  static constexpr const joinery_join_backend *backends[] = {&detail::BackendAdapter<B>::table...,
                                                             nullptr};

  static std::uint32_t provider_count(const joinery_discovery_factory * /*factory*/) {
    return sizeof...(P);
  }
  static const joinery_discovery_provider *provider_at(
      const joinery_discovery_factory * /*factory*/, std::uint32_t index) {
    return index < sizeof...(P) ? providers[index] : nullptr;
  }
  static std::uint32_t backend_count(const joinery_join_backend_factory * /*factory*/) {
    return sizeof...(B);
  }
  static const joinery_join_backend *backend_at(const joinery_join_backend_factory * /*factory*/,
                                                std::uint32_t index) {
    return index < sizeof...(B) ? backends[index] : nullptr;
  }

  static constexpr joinery_discovery_factory discovery_factory = {sizeof(joinery_discovery_factory),
                                                                  &provider_count, &provider_at};
  static constexpr joinery_join_backend_factory backend_factory = {
      sizeof(joinery_join_backend_factory), &backend_count, &backend_at};

  static joinery_status init(const joinery_host *host, const joinery_call *call) {
    detail::g_host = host;
    const joinery_status status = guard(call, [&] { Hooks::on_init(Call(host, call)); });
    if (status != JOINERY_OK) {
      detail::g_host = nullptr;
    }
    return status;
  }

  static void deinit() {
    Hooks::on_deinit();
    detail::g_host = nullptr;
  }

  static const void *get_factory(const char *factory_id) {
    if (sizeof...(P) > 0 && std::strcmp(factory_id, JOINERY_DISCOVERY_FACTORY_ID) == 0) {
      return &discovery_factory;
    }
    if (sizeof...(B) > 0 && std::strcmp(factory_id, JOINERY_JOIN_BACKEND_FACTORY_ID) == 0) {
      return &backend_factory;
    }
    return nullptr;
  }
};

}  // namespace joinery::sdk

#define JOINERY_PLUGIN(ID, VERSION, ...)                                 \
  extern "C" JOINERY_EXPORT const joinery_entry joinery_plugin_entry = { \
      JOINERY_ABI_MAJOR,                                                 \
      JOINERY_ABI_MINOR,                                                 \
      sizeof(joinery_entry),                                             \
      ID,                                                                \
      VERSION,                                                           \
      &::joinery::sdk::Plugin<__VA_ARGS__>::init,                        \
      &::joinery::sdk::Plugin<__VA_ARGS__>::deinit,                      \
      &::joinery::sdk::Plugin<__VA_ARGS__>::get_factory}
