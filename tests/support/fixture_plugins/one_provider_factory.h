/*
 * The discovery factory of a test fixture plugin that carries exactly one provider:
 * JOINERY_FIXTURE_ONE_PROVIDER(provider) defines the factory's count and get, the
 * factory, and a get_factory that answers only JOINERY_DISCOVERY_FACTORY_ID, for
 * the entry to name. The fixtures use it so that each shows only its own fault.
 * (c_provider.c spells this out by hand: it is the plain-C example the guide shows.)
 */
#ifndef JOINERY_TEST_ONE_PROVIDER_FACTORY_H
#define JOINERY_TEST_ONE_PROVIDER_FACTORY_H

#include <joinery/plugin.h>

#include <string.h>

#define JOINERY_FIXTURE_ONE_PROVIDER(provider)                                         \
  static uint32_t fixture_provider_count(const joinery_discovery_factory *factory) {   \
    (void)factory;                                                                     \
    return 1;                                                                          \
  }                                                                                    \
  static const joinery_discovery_provider *fixture_provider_at(                        \
      const joinery_discovery_factory *factory, uint32_t index) {                      \
    (void)factory;                                                                     \
    return index == 0 ? &(provider) : NULL;                                            \
  }                                                                                    \
  static const joinery_discovery_factory fixture_factory = {                           \
      sizeof(joinery_discovery_factory), fixture_provider_count, fixture_provider_at}; \
  static const void *get_factory(const char *id) {                                     \
    return strcmp(id, JOINERY_DISCOVERY_FACTORY_ID) == 0 ? &fixture_factory : NULL;    \
  }

#endif
