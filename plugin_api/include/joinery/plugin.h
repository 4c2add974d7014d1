/*
 * joinery plugin ABI, version 1.
 *
 * This is the whole contract between the joinery host and a plugin library. It is
 * plain C99 so that a plugin can be written in any language with a C FFI and built
 * with any compiler; the C++ SDK in <joinery/plugin.hpp> is a convenience on top.
 *
 * A plugin library exports exactly one symbol, the constant `joinery_plugin_entry`.
 * Through it the host finds factories by versioned id ("joinery.discovery/1",
 * "joinery.join-backend/1"), and through those the providers and backends the
 * library carries. One library may carry any number of each.
 *
 * Rules that hold for everything below:
 *  - Versions. Every struct that crosses the boundary starts with (or carries) its
 *    size. A reader never reads past the size the writer declared. Fields are only
 *    ever appended, with a minor version bump; a published struct is otherwise
 *    frozen, and a breaking change gets a new factory id ("/2") or a new ABI major.
 *  - Ownership. Who allocates frees. Strings and arrays the host passes in are
 *    borrowed for the duration of the call only: copy what you keep. Strings and
 *    tables the plugin hands out (names, key descriptions, factory tables) must
 *    stay valid and unchanged until `deinit` returns. Results go out through
 *    host-provided sinks that copy what they are given.
 *  - Strings. Static descriptions (names, help) are NUL-terminated UTF-8. Runtime
 *    data (keys, values, addresses, messages) is `joinery_str`: UTF-8 pointer and
 *    length, not necessarily NUL-terminated.
 *  - Errors. No exception, longjmp or C++ type ever crosses the boundary. Functions
 *    return a `joinery_status`; a failing plugin function should also describe the
 *    failure with `joinery_host.set_error` before returning.
 *  - Threads. Each function states its threading rule next to it with one of the
 *    tags below. `init` and `deinit` are never concurrent with anything else in the
 *    same library.
 *
 * Thread tags (the whole vocabulary; every function below carries one):
 *  [main-thread]   Called on the host's main thread only, never concurrently with
 *                  anything else in the same library.
 *  [thread-safe]   May be called on any thread, concurrently with itself and with
 *                  any other [thread-safe] function.
 *  [per-instance]  May be called on any thread, but never concurrently with another
 *                  [per-instance] function on the same backend instance; different
 *                  instances may be used at once.
 *  [call-scoped]   [thread-safe], and valid only until the plugin function it was
 *                  handed to returns: never call it after that.
 *
 * Time. The host gives every call a deadline and may cancel it (shutdown). A call
 * learns both through its joinery_call: is_cancelled, remaining_ms and cancel_fd.
 * remaining_ms is rounded UP to whole milliseconds, so the deadline lies at most
 * 1 ms before now + remaining_ms; a plugin that turns it into a deadline on its own
 * clock takes that millisecond off (the C++ SDK's sdk::Call::deadline does) so that
 * its deadline never falls after the host's.
 */
#ifndef JOINERY_PLUGIN_H
#define JOINERY_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- versions -- */

/* The ABI this header describes. The host refuses a library whose major differs,
 * and accepts a newer minor by reading only the fields it knows. */
#define JOINERY_ABI_MAJOR 1
#define JOINERY_ABI_MINOR 0

/* Factory ids. A library returns NULL from get_factory for ids it does not know. */
#define JOINERY_DISCOVERY_FACTORY_ID "joinery.discovery/1"
#define JOINERY_JOIN_BACKEND_FACTORY_ID "joinery.join-backend/1"

/* The name of the one symbol every plugin library exports. */
#define JOINERY_PLUGIN_ENTRY_SYMBOL "joinery_plugin_entry"

#if defined(_WIN32)
#define JOINERY_EXPORT __declspec(dllexport)
#else
#define JOINERY_EXPORT __attribute__((visibility("default")))
#endif

/* ------------------------------------------------------------ basic types -- */

/* The outcome of every plugin function. A 32-bit integer, not an enum, so that
 * values added later do not change its size. */
typedef int32_t joinery_status;
enum {
  JOINERY_OK = 0,
  JOINERY_NOT_FOUND = 1,      /* the thing asked for does not exist (no such name, no records) */
  JOINERY_UNAVAILABLE = 2,    /* a service could not be reached or refused; worth retrying */
  JOINERY_INVALID_CONFIG = 3, /* the operator's keys are wrong; retrying will not help */
  JOINERY_CANCELLED = 4,      /* the call noticed cancellation or its deadline and gave up */
  JOINERY_INTERNAL = 5        /* a bug or an unexpected failure inside the plugin */
};

/* Log levels for joinery_host.log. */
typedef int32_t joinery_log_level;
enum {
  JOINERY_LOG_TRACE = 0,
  JOINERY_LOG_DEBUG = 1,
  JOINERY_LOG_INFO = 2,
  JOINERY_LOG_WARN = 3,
  JOINERY_LOG_ERROR = 4
};

/* A UTF-8 string that is not necessarily NUL-terminated. `data` may be NULL only
 * when `size` is 0. */
typedef struct joinery_str {
  const char *data;
  size_t size;
} joinery_str;

/* One configured key and its value, e.g. from `provider=dns name=x port=8301`. */
typedef struct joinery_kv {
  joinery_str key;
  joinery_str value;
} joinery_kv;

/* The keys an operator configured for one provider entry or backend, in the order
 * written. The host has already checked them against the plugin's key
 * descriptions: every key is declared, every required key is present, and declared
 * defaults are filled in. The `provider` key itself is not included. A key written
 * as a list (a TOML array, e.g. command = ["nomad", "server", "join"]) appears once
 * per element, in order, each element verbatim. */
typedef struct joinery_config {
  const joinery_kv *items;
  size_t count;
} joinery_config;

/* What a key's value must look like; the host checks it before the first attempt. */
typedef uint32_t joinery_key_type;
enum {
  JOINERY_KEY_STRING = 0,  /* anything */
  JOINERY_KEY_BOOL = 1,    /* "true" or "false" */
  JOINERY_KEY_INTEGER = 2, /* a decimal integer, optionally negative */
  JOINERY_KEY_DURATION = 3 /* a Go duration: "300ms", "5s", "1m30s" */
};

/* Key flags. */
#define JOINERY_KEY_REQUIRED (1u << 0) /* the operator must set it */
#define JOINERY_KEY_SECRET (1u << 1)   /* its value is masked in every log line and error */
#define JOINERY_KEY_REPEATABLE \
  (1u << 2) /* may be given as a comma-separated list (e.g. dns name=a,b); informational */

/* The description of one key a provider or backend accepts. The host uses these to
 * validate configuration before the first attempt, to print help, and to redact
 * secrets. Arrays of these are owned by the plugin and live until deinit. */
typedef struct joinery_key {
  const char *name;          /* e.g. "secret_access_key"; [a-z0-9_] by convention */
  joinery_key_type type;     /* JOINERY_KEY_STRING, ... */
  uint32_t flags;            /* JOINERY_KEY_REQUIRED | JOINERY_KEY_SECRET | ... */
  const char *default_value; /* applied by the host when the key is absent; NULL = none */
  const char *description;   /* one line for help output */
} joinery_key;

/* ----------------------------------------------------------- the call -- */

/* An opaque handle the host passes to every plugin function. It identifies the
 * call for logging, error reporting, cancellation and the deadline. Valid only
 * until the plugin function it was passed to returns. */
typedef struct joinery_call joinery_call;

/* A sink for addresses, provided by the host. */
typedef struct joinery_address_sink {
  /* Host-private state; do not touch. */
  void *host_data;

  /* Adds one address, e.g. "10.0.0.1", "10.0.0.1:8301", "[::1]:8301", "node/10.0.0.1".
   * The host copies it; the plugin may reuse the buffer at once. An IPv6 address
   * with a port must be bracketed. Returns JOINERY_OK, or JOINERY_CANCELLED when the
   * call is being abandoned (stop pushing and return).
   * [call-scoped] */
  joinery_status (*push)(const struct joinery_address_sink *sink, joinery_str address);
} joinery_address_sink;

/* --------------------------------------------------------- host services -- */

/* The services the host offers a plugin. The host passes this table to `init`;
 * the pointer stays valid until `deinit` returns, so a plugin may keep it.
 * Every function in it is [thread-safe]. Check `struct_size` before using any
 * field appended after ABI 1.0 (none yet). */
typedef struct joinery_host {
  uint32_t struct_size; /* sizeof(joinery_host) as the host was compiled */
  uint32_t abi_major;   /* the ABI the host speaks */
  uint32_t abi_minor;
  const char *host_name;    /* "joinery" */
  const char *host_version; /* e.g. "0.1.0" */

  /* Host-private state; do not touch. */
  void *host_data;

  /* Writes a log line attributed to the plugin. `call` may be NULL for messages not
   * tied to a call (from init or a background thread). Do not log secrets: the host
   * masks the values of keys declared secret, but only those. [thread-safe] */
  void (*log)(const struct joinery_host *host, const joinery_call *call, joinery_log_level level,
              joinery_str message);

  /* Describes why the current call fails; the host shows it with the status the
   * function returns. The last call before returning wins. The host copies it.
   * [thread-safe] */
  void (*set_error)(const struct joinery_host *host, const joinery_call *call, joinery_str message);

  /* Non-zero once the call should stop: the joiner is shutting down or the call's
   * deadline passed. Cheap; poll it between steps of long work. [thread-safe] */
  int (*is_cancelled)(const struct joinery_host *host, const joinery_call *call);

  /* Milliseconds left until the call's deadline (0 when it has passed), or -1 when
   * the call has no deadline, rounded up to whole milliseconds (see "Time" above:
   * the deadline may be up to 1 ms nearer). Use it to bound connect, read and child
   * waits. [thread-safe] */
  int64_t (*remaining_ms)(const struct joinery_host *host, const joinery_call *call);

  /* A file descriptor that becomes readable when the call is cancelled (shutdown).
   * Add it to poll()/select() beside your own descriptors to wake up at once.
   * Owned by the host: never read, write or close it. -1 if unavailable.
   * The deadline is not signalled through it: bound your poll by remaining_ms.
   * [thread-safe] */
  int (*cancel_fd)(const struct joinery_host *host, const joinery_call *call);

  /* The current route to a datacenter: the addresses of its mesh gateways, as the
   * host's primary-gateways joiner last stored them (WAN federation). Pushes each
   * into `sink` in sorted order and returns JOINERY_OK, or JOINERY_NOT_FOUND when no
   * route to that datacenter is known (yet). [thread-safe] */
  joinery_status (*gateway_route)(const struct joinery_host *host, const joinery_call *call,
                                  joinery_str datacenter, const joinery_address_sink *sink);
} joinery_host;

/* -------------------------------------------------- discovery providers -- */

/* One discovery provider: turns a configuration into addresses, e.g. "dns".
 * Published through the "joinery.discovery/1" factory. Owned by the plugin; lives
 * until deinit. */
typedef struct joinery_discovery_provider {
  uint32_t struct_size; /* sizeof(joinery_discovery_provider) as the plugin was compiled */

  const char *name;        /* the value of `provider=` that selects it, e.g. "dns" */
  const char *summary;     /* one line, for listings */
  const char *help;        /* free text shown by `joinery discover --help-provider`; may be NULL */
  const joinery_key *keys; /* the keys it accepts (besides `provider`) */
  size_t key_count;

  /* Plugin-private state; the host never touches it. */
  void *plugin_data;

  /* Optional (NULL = skip): checks values beyond what key descriptions can say
   * (e.g. "port must be a number"). Called once per configured entry before the
   * first attempt. Must not do network or other slow work.
   * [thread-safe] */
  joinery_status (*validate)(const struct joinery_discovery_provider *self,
                             const joinery_call *call, const joinery_config *config);

  /* Finds the addresses for `config` and pushes each into `sink`. Called once per
   * entry per attempt, possibly for several entries at once on different threads.
   * Must return by the call's deadline (remaining_ms) and soon after cancellation
   * (is_cancelled, cancel_fd). Finding nothing is JOINERY_OK with nothing pushed.
   * [thread-safe] */
  joinery_status (*discover)(const struct joinery_discovery_provider *self,
                             const joinery_call *call, const joinery_config *config,
                             const joinery_address_sink *sink);
} joinery_discovery_provider;

/* The table returned for JOINERY_DISCOVERY_FACTORY_ID. Owned by the plugin. */
typedef struct joinery_discovery_factory {
  uint32_t struct_size;

  /* The number of providers in this library. [thread-safe] */
  uint32_t (*count)(const struct joinery_discovery_factory *factory);

  /* The provider at `index` (< count), or NULL. [thread-safe] */
  const joinery_discovery_provider *(*get)(const struct joinery_discovery_factory *factory,
                                           uint32_t index);
} joinery_discovery_factory;

/* -------------------------------------------------------- join backends -- */

/* An instance of a join backend, created for one cluster (LAN, WAN) with one
 * configuration, kept across attempts (e.g. to reuse a connection), destroyed when
 * the cluster's joiner ends. Opaque to the host. */
typedef struct joinery_backend_instance joinery_backend_instance;

/* One join backend: joins a list of addresses into a cluster, e.g. "serf".
 * Published through the "joinery.join-backend/1" factory. Owned by the plugin;
 * lives until deinit. */
typedef struct joinery_join_backend {
  uint32_t struct_size; /* sizeof(joinery_join_backend) as the plugin was compiled */

  const char *name;    /* the value of `backend =` that selects it, e.g. "serf" */
  const char *summary; /* one line, for listings */
  const char *help;    /* free text; may be NULL */
  const joinery_key *keys;
  size_t key_count;

  /* Plugin-private state; the host never touches it. */
  void *plugin_data;

  /* Creates an instance for `config` and stores it in `*out`. Should only check and
   * copy the configuration, not connect: connecting belongs to `join`, so that an
   * unreachable service is retried. [thread-safe] */
  joinery_status (*create)(const struct joinery_join_backend *self, const joinery_call *call,
                           const joinery_config *config, joinery_backend_instance **out);

  /* Joins the cluster through `addresses` (count > 0), one attempt. Stores how many
   * of them were joined in `*joined`. Success is JOINERY_OK with *joined > 0; an
   * attempt where some addresses failed is still a success (log a warning).
   * `cluster` names the cluster ("LAN", "WAN") for messages. Addresses of the form
   * "*.<datacenter>/<placeholder>" mean "any server of that datacenter": route them
   * through host->gateway_route. Must honour the deadline and cancellation.
   * [per-instance] */
  joinery_status (*join)(joinery_backend_instance *instance, const joinery_call *call,
                         joinery_str cluster, const joinery_str *addresses, size_t count,
                         size_t *joined);

  /* Releases the instance; nothing is called on it afterwards. [per-instance] */
  void (*destroy)(joinery_backend_instance *instance);
} joinery_join_backend;

/* The table returned for JOINERY_JOIN_BACKEND_FACTORY_ID. Owned by the plugin. */
typedef struct joinery_join_backend_factory {
  uint32_t struct_size;

  /* The number of backends in this library. [thread-safe] */
  uint32_t (*count)(const struct joinery_join_backend_factory *factory);

  /* The backend at `index` (< count), or NULL. [thread-safe] */
  const joinery_join_backend *(*get)(const struct joinery_join_backend_factory *factory,
                                     uint32_t index);
} joinery_join_backend_factory;

/* ------------------------------------------------------------ the entry -- */

/* The one symbol a plugin library exports:
 *
 *   JOINERY_EXPORT const joinery_entry joinery_plugin_entry = {
 *       JOINERY_ABI_MAJOR, JOINERY_ABI_MINOR, sizeof(joinery_entry),
 *       "com.example.myprovider", "1.2.0", my_init, my_deinit, my_get_factory};
 *
 * The host reads abi_major, abi_minor and struct_size before anything else and
 * calls no plugin code unless the major matches and struct_size covers every
 * field of ABI 1.0. */
typedef struct joinery_entry {
  uint32_t abi_major;   /* JOINERY_ABI_MAJOR the plugin was built against */
  uint32_t abi_minor;   /* JOINERY_ABI_MINOR the plugin was built against */
  uint32_t struct_size; /* sizeof(joinery_entry) as the plugin was compiled */

  const char *plugin_id;      /* reverse-DNS, unique, e.g. "org.joinery.serf" */
  const char *plugin_version; /* the plugin's own version, e.g. "1.0.0" */

  /* Called once after loading, before anything else. `host` stays valid until
   * deinit returns. Return JOINERY_OK, or fail with a status (and set_error through
   * `call`): the host then refuses the library and never calls deinit.
   * [main-thread] */
  joinery_status (*init)(const joinery_host *host, const joinery_call *call);

  /* Called once before unloading, after every call into the library returned and
   * every backend instance was destroyed. May be NULL.
   * [main-thread] */
  void (*deinit)(void);

  /* Returns the factory table for `factory_id` (e.g. JOINERY_DISCOVERY_FACTORY_ID),
   * or NULL when the library does not provide it. Called after a successful init.
   * [thread-safe] */
  const void *(*get_factory)(const char *factory_id);
} joinery_entry;

/* The smallest entry struct_size the host accepts for ABI 1.x. */
#define JOINERY_PLUGIN_ENTRY_MIN_SIZE \
  (offsetof(joinery_entry, get_factory) + sizeof(const void *(*)(const char *)))

#ifdef __cplusplus
}
#endif

#endif /* JOINERY_PLUGIN_H */
