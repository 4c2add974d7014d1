/* The plugin ABI's types, every one reachable from the one exported function, so
   that abidw records them all and abidiff can compare the header as built now
   with the committed baseline (plugin_abi_1.abi). Nothing calls it. */
#include <joinery/plugin.h>

__attribute__((visibility("default"))) void joinery_abi_probe(
    const joinery_entry *entry, const joinery_host *host, const joinery_call *call,
    const joinery_discovery_factory *discovery_factory, const joinery_discovery_provider *provider,
    const joinery_join_backend_factory *backend_factory, const joinery_join_backend *backend,
    const joinery_backend_instance *instance, const joinery_address_sink *sink,
    const joinery_config *config, const joinery_key *key, const joinery_kv *kv,
    const joinery_str *str, joinery_status status, joinery_log_level level,
    joinery_key_type key_type) {
  (void)entry, (void)host, (void)call, (void)discovery_factory, (void)provider;
  (void)backend_factory, (void)backend, (void)instance, (void)sink, (void)config;
  (void)key, (void)kv, (void)str, (void)status, (void)level, (void)key_type;
}
