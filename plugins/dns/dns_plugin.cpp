// The library carrying the `dns` and `srv` providers.
#include <ares.h>

#include <joinery/plugin.hpp>

#include <string>

#include "dns/dns_provider.hpp"
#include "dns/srv_provider.hpp"

namespace {

// c-ares wants ares_library_init before its first channel and ares_library_cleanup
// after its last; init and deinit never run concurrently with calls.
struct AresLibrary {
  static void on_init(const joinery::sdk::Call & /*call*/) {
    if (const int status = ares_library_init(ARES_LIB_INIT_ALL); status != ARES_SUCCESS) {
      throw joinery::sdk::Error(joinery::sdk::Status::internal,
                                std::string("cannot initialise c-ares: ") + ares_strerror(status));
    }
  }
  static void on_deinit() noexcept { ares_library_cleanup(); }
};

}  // namespace

JOINERY_PLUGIN("org.joinery.dns", "1.0.0",
               joinery::sdk::Providers<joinery::dns::DnsProvider, joinery::dns::SrvProvider>,
               joinery::sdk::Backends<>, AresLibrary);
