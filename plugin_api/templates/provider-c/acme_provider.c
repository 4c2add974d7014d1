/*
 * `provider=acme`: a discovery provider in C99 (a template). It adds a port to each of
 * the hosts it is given, the way many providers finish their work:
 *
 *   joinery discover 'provider=acme hosts=10.0.0.1,fd00::1 port=8301'
 *   10.0.0.1:8301
 *   [fd00::1]:8301
 *
 * Replace discover() with the lookup your provider does (an API call, a file, a
 * query), keeping its rules: push each address as it is found, honour the call's
 * deadline and cancellation, report failures with set_error and a status.
 */
#include <joinery/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ACME_VERSION
#define ACME_VERSION "1.0.0"
#endif

/* Set by init; valid until deinit returns. */
static const joinery_host *host;

static const joinery_key keys[] = {
    {"hosts", JOINERY_KEY_STRING, JOINERY_KEY_REQUIRED | JOINERY_KEY_REPEATABLE, NULL,
     "comma-separated host names or IP addresses"},
    {"port", JOINERY_KEY_INTEGER, 0, "8301", "the port added to every host"},
};

/* The value of `key` in `config` (the host filled in defaults), or an empty string. */
static joinery_str value_of(const joinery_config *config, const char *key) {
  size_t i;
  const size_t length = strlen(key);
  joinery_str none = {NULL, 0};
  for (i = 0; i < config->count; ++i) {
    const joinery_kv *kv = &config->items[i];
    if (kv->key.size == length && memcmp(kv->key.data, key, length) == 0) return kv->value;
  }
  return none;
}

/* The port key as a number in 1-65535, or 0. The host has checked it is an integer. */
static long port_of(const joinery_config *config) {
  char text[24];
  const joinery_str value = value_of(config, "port");
  long port;
  if (value.size == 0 || value.size >= sizeof text) return 0;
  memcpy(text, value.data, value.size);
  text[value.size] = '\0';
  port = strtol(text, NULL, 10);
  return port >= 1 && port <= 65535 ? port : 0;
}

static joinery_status fail(const joinery_call *call, joinery_status status, const char *why) {
  const joinery_str message = {why, strlen(why)};
  host->set_error(host, call, message);
  return status;
}

/* Before the first attempt, no network: what key types cannot say. [thread-safe] */
static joinery_status validate(const joinery_discovery_provider *self, const joinery_call *call,
                               const joinery_config *config) {
  (void)self;
  return port_of(config) == 0 ? fail(call, JOINERY_INVALID_CONFIG, "port: must be 1-65535")
                              : JOINERY_OK;
}

/* Once per entry per attempt, several at once on other threads. [thread-safe] */
static joinery_status discover(const joinery_discovery_provider *self, const joinery_call *call,
                               const joinery_config *config, const joinery_address_sink *sink) {
  const joinery_str hosts = value_of(config, "hosts");
  const long port = port_of(config);
  size_t start = 0;
  (void)self;
  while (start < hosts.size) {
    char address[300];
    size_t end = start;
    size_t length;
    joinery_str pushed;
    joinery_status status;
    while (end < hosts.size && hosts.data[end] != ',') ++end;
    length = end - start;
    if (length > 0 && length < 256) {
      /* An IPv6 address with a port is bracketed. */
      const int ipv6 = memchr(hosts.data + start, ':', length) != NULL;
      const int written = snprintf(address, sizeof address, ipv6 ? "[%.*s]:%ld" : "%.*s:%ld",
                                   (int)length, hosts.data + start, port);
      pushed.data = address;
      pushed.size = (size_t)written;
      status = sink->push(sink, pushed);       /* the host copies it */
      if (status != JOINERY_OK) return status; /* the call is being abandoned */
    }
    if (host->is_cancelled(host, call)) return JOINERY_CANCELLED;
    start = end + 1;
  }
  return JOINERY_OK; /* finding nothing is not an error */
}

static const joinery_discovery_provider provider = {
    sizeof(joinery_discovery_provider),
    "acme",
    "adds a port to each of the hosts it is given (a template)",
    "Returns HOST:PORT for every host of `hosts`. Example:\n"
    "  provider=acme hosts=10.0.0.1,fd00::1 port=8301",
    keys,
    sizeof keys / sizeof keys[0],
    NULL, /* plugin_data */
    validate,
    discover};

static uint32_t count(const joinery_discovery_factory *factory) {
  (void)factory;
  return 1;
}
static const joinery_discovery_provider *get(const joinery_discovery_factory *factory,
                                             uint32_t index) {
  (void)factory;
  return index == 0 ? &provider : NULL;
}
static const joinery_discovery_factory factory = {sizeof(joinery_discovery_factory), count, get};

/* [main-thread] */
static joinery_status init(const joinery_host *given, const joinery_call *call) {
  (void)call;
  host = given;
  return JOINERY_OK;
}
/* [main-thread] */
static void deinit(void) {
  host = NULL;
}
/* [thread-safe] */
static const void *get_factory(const char *id) {
  return strcmp(id, JOINERY_DISCOVERY_FACTORY_ID) == 0 ? &factory : NULL;
}

JOINERY_EXPORT const joinery_entry joinery_plugin_entry = {JOINERY_ABI_MAJOR,
                                                           JOINERY_ABI_MINOR,
                                                           sizeof(joinery_entry),
                                                           "com.example.acme",
                                                           ACME_VERSION,
                                                           init,
                                                           deinit,
                                                           get_factory};
