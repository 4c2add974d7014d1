/*
 * `backend = "acme"`: a join backend in C99 (a template). joinery creates one instance
 * per cluster (LAN, WAN) from its [join.lan] / [join.wan] table and calls join() once
 * per attempt with the addresses discovered for it.
 *
 *   [join.lan]
 *   backend = "acme"
 *   port = 8301          # for addresses given without one
 *
 * join() is where your agent's own join call goes. As shipped it "joins" an address
 * by opening a TCP connection to it, which is how most joins begin and shows the two
 * rules every join must keep: return by the call's deadline (remaining_ms), and soon
 * after cancellation (cancel_fd, is_cancelled).
 */
#include <joinery/plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef ACME_VERSION
#define ACME_VERSION "1.0.0"
#endif

/* Set by init; valid until deinit returns. */
static const joinery_host *host;

static const joinery_key keys[] = {
    {"port", JOINERY_KEY_INTEGER, 0, "8301", "the port of addresses given without one"},
};

/* One cluster's backend: a copy of what it needs from the configuration. */
struct joinery_backend_instance {
  char port[8];
};

static void log_text(const joinery_call *call, joinery_log_level level, const char *text) {
  const joinery_str message = {text, strlen(text)};
  host->log(host, call, level, message);
}

static joinery_status fail(const joinery_call *call, joinery_status status, const char *why) {
  const joinery_str message = {why, strlen(why)};
  host->set_error(host, call, message);
  return status;
}

/* Checks and copies the configuration; connects to nothing (create is not retried,
 * join is). [thread-safe] */
static joinery_status create(const joinery_join_backend *self, const joinery_call *call,
                             const joinery_config *config, joinery_backend_instance **out) {
  size_t i;
  long port = 8301;
  joinery_backend_instance *instance;
  (void)self;
  for (i = 0; i < config->count; ++i) {
    const joinery_kv *kv = &config->items[i];
    if (kv->key.size == 4 && memcmp(kv->key.data, "port", 4) == 0) {
      char text[24] = {0};
      if (kv->value.size < sizeof text) memcpy(text, kv->value.data, kv->value.size);
      port = strtol(text, NULL, 10); /* the host checked it is an integer */
    }
  }
  if (port < 1 || port > 65535) return fail(call, JOINERY_INVALID_CONFIG, "port: must be 1-65535");
  instance = calloc(1, sizeof *instance);
  if (instance == NULL) return fail(call, JOINERY_INTERNAL, "out of memory");
  snprintf(instance->port, sizeof instance->port, "%ld", port);
  *out = instance;
  return JOINERY_OK;
}

/* Splits "host:port", "[v6]:port", "host" or "v6" into `name` and `port` (the
 * instance's default when none is given). 0 when it does not fit. */
static int split_address(joinery_str address, const char *default_port, char *name,
                         size_t name_size, char *port, size_t port_size) {
  const char *text = address.data;
  size_t size = address.size;
  const char *colon = NULL;
  size_t i;
  if (size > 0 && text[0] == '[') {
    const char *close = memchr(text, ']', size);
    if (close == NULL) return 0;
    if ((size_t)(close - text - 1) >= name_size) return 0;
    memcpy(name, text + 1, (size_t)(close - text - 1));
    name[close - text - 1] = '\0';
    colon = close + 1 < text + size && close[1] == ':' ? close + 1 : NULL;
  } else {
    size_t colons = 0;
    for (i = 0; i < size; ++i) {
      if (text[i] == ':') {
        ++colons;
        colon = text + i;
      }
    }
    if (colons != 1) colon = NULL; /* none, or a bare IPv6 address */
    const size_t length = colon != NULL ? (size_t)(colon - text) : size;
    if (length == 0 || length >= name_size) return 0;
    memcpy(name, text, length);
    name[length] = '\0';
  }
  if (colon != NULL) {
    const size_t length = (size_t)(text + size - colon - 1);
    if (length == 0 || length >= port_size) return 0;
    memcpy(port, colon + 1, length);
    port[length] = '\0';
  } else {
    snprintf(port, port_size, "%s", default_port);
  }
  return 1;
}

/* Waits for `fd` to become writable (a connect finished), the call's deadline or its
 * cancellation. Returns JOINERY_OK when writable. */
static joinery_status wait_writable(const joinery_call *call, int fd) {
  struct pollfd fds[2];
  const int cancel = host->cancel_fd(host, call);
  for (;;) {
    const int64_t remaining = host->remaining_ms(host, call);
    int timeout;
    int ready;
    if (remaining == 0 || host->is_cancelled(host, call)) return JOINERY_CANCELLED;
    timeout = remaining < 0 || remaining > 1000 ? 1000 : (int)remaining; /* re-check each s */
    fds[0].fd = fd;
    fds[0].events = POLLOUT;
    fds[1].fd = cancel;
    fds[1].events = POLLIN;
    ready = poll(fds, cancel >= 0 ? 2 : 1, timeout);
    if (ready < 0 && errno != EINTR) return JOINERY_UNAVAILABLE;
    if (ready > 0 && cancel >= 0 && (fds[1].revents & POLLIN)) return JOINERY_CANCELLED;
    if (ready > 0 && fds[0].revents != 0) return JOINERY_OK;
  }
}

/* "Joins" one address: a TCP connection to it. Replace this with your agent's call. */
static joinery_status join_one(const joinery_backend_instance *instance, const joinery_call *call,
                               joinery_str address, char *why, size_t why_size) {
  char name[256];
  char port[16];
  struct addrinfo hints;
  struct addrinfo *found = NULL;
  joinery_status status = JOINERY_UNAVAILABLE;
  int error;
  int fd;
  if (!split_address(address, instance->port, name, sizeof name, port, sizeof port)) {
    snprintf(why, why_size, "not an address");
    return JOINERY_UNAVAILABLE;
  }
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV; /* no name lookup: it could block */
  error = getaddrinfo(name, port, &hints, &found);
  if (error != 0) {
    snprintf(why, why_size, "%s", gai_strerror(error));
    return JOINERY_UNAVAILABLE;
  }
  fd = socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    snprintf(why, why_size, "%s", strerror(errno));
  } else if (connect(fd, found->ai_addr, found->ai_addrlen) == 0 || errno == EINPROGRESS) {
    status = errno == EINPROGRESS ? wait_writable(call, fd) : JOINERY_OK;
    if (status == JOINERY_OK) {
      int result = 0;
      socklen_t length = sizeof result;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &length);
      if (result != 0) {
        snprintf(why, why_size, "%s", strerror(result));
        status = JOINERY_UNAVAILABLE;
      }
    } else {
      snprintf(why, why_size, "%s", status == JOINERY_CANCELLED ? "cancelled" : "poll failed");
    }
  } else {
    snprintf(why, why_size, "%s", strerror(errno));
  }
  if (fd >= 0) close(fd);
  freeaddrinfo(found);
  return status;
}

/* One attempt. Some addresses failing is still a success (with a warning each); none
 * joined is a failure, retried by the host. [never concurrent for one instance] */
static joinery_status join(joinery_backend_instance *instance, const joinery_call *call,
                           joinery_str cluster, const joinery_str *addresses, size_t count,
                           size_t *joined) {
  size_t i;
  char why[160];
  char line[512];
  *joined = 0;
  for (i = 0; i < count; ++i) {
    const joinery_status status = join_one(instance, call, addresses[i], why, sizeof why);
    if (status == JOINERY_CANCELLED) return JOINERY_CANCELLED;
    if (status == JOINERY_OK) {
      ++*joined;
    } else {
      snprintf(line, sizeof line, "%.*s: cannot join %.*s: %s", (int)cluster.size, cluster.data,
               (int)addresses[i].size, addresses[i].data, why);
      log_text(call, JOINERY_LOG_WARN, line);
    }
  }
  return *joined > 0 ? JOINERY_OK : fail(call, JOINERY_UNAVAILABLE, "no address could be reached");
}

/* [any thread; never concurrent with join on it] */
static void destroy(joinery_backend_instance *instance) {
  free(instance);
}

static const joinery_join_backend backend = {
    sizeof(joinery_join_backend),
    "acme",
    "joins each address it can reach by TCP (a template)",
    "backend = \"acme\"\nport = 8301   # for addresses given without one",
    keys,
    sizeof keys / sizeof keys[0],
    NULL, /* plugin_data */
    create,
    join,
    destroy};

static uint32_t count(const joinery_join_backend_factory *factory) {
  (void)factory;
  return 1;
}
static const joinery_join_backend *get(const joinery_join_backend_factory *factory,
                                       uint32_t index) {
  (void)factory;
  return index == 0 ? &backend : NULL;
}
static const joinery_join_backend_factory factory = {sizeof(joinery_join_backend_factory), count,
                                                     get};

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
  return strcmp(id, JOINERY_JOIN_BACKEND_FACTORY_ID) == 0 ? &factory : NULL;
}

JOINERY_EXPORT const joinery_entry joinery_plugin_entry = {JOINERY_ABI_MAJOR,
                                                           JOINERY_ABI_MINOR,
                                                           sizeof(joinery_entry),
                                                           "com.example.acme-backend",
                                                           ACME_VERSION,
                                                           init,
                                                           deinit,
                                                           get_factory};
