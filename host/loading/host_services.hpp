// The joinery_host table, one per plugin library: the same functions for everyone
// (declared in call_context.hpp as host_services()), but each library's copy knows
// its log subsystem, so lines a plugin writes outside a call (from init or its own
// threads) still say which plugin wrote them.
#pragma once

#include <joinery/plugin.h>

#include <string>

namespace joinery::plugins {

class LibraryHost {
 public:
  explicit LibraryHost(std::string log_subsystem);
  LibraryHost(const LibraryHost &) = delete;
  LibraryHost &operator=(const LibraryHost &) = delete;

  // Valid as long as this object; hand it to the library's init.
  [[nodiscard]] const joinery_host *table() const noexcept { return &table_; }
  [[nodiscard]] const std::string &log_subsystem() const noexcept { return log_subsystem_; }

 private:
  std::string log_subsystem_;
  joinery_host table_;
};

}  // namespace joinery::plugins
