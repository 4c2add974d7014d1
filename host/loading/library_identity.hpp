// Which plugin library a provider or backend comes from, as listings and messages name
// it: the file, the plugin id and version, and the ABI it was built against. The same
// whether the library is loaded in this process (plugin_library.hpp) or in a plugin
// runner (isolated_library.hpp), which reports it in its hello.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

namespace joinery::plugins {

class LibraryIdentity {
 public:
  LibraryIdentity() = default;
  LibraryIdentity(std::filesystem::path file, std::string plugin_id, std::string plugin_version,
                  std::uint32_t abi_major, std::uint32_t abi_minor)
      : file_(std::move(file)),
        plugin_id_(std::move(plugin_id)),
        plugin_version_(std::move(plugin_version)),
        abi_major_(abi_major),
        abi_minor_(abi_minor) {}

  [[nodiscard]] const std::filesystem::path &file() const noexcept { return file_; }
  [[nodiscard]] const std::string &plugin_id() const noexcept { return plugin_id_; }
  [[nodiscard]] const std::string &plugin_version() const noexcept { return plugin_version_; }
  [[nodiscard]] std::uint32_t abi_major() const noexcept { return abi_major_; }
  [[nodiscard]] std::uint32_t abi_minor() const noexcept { return abi_minor_; }

 private:
  std::filesystem::path file_;
  std::string plugin_id_, plugin_version_;
  std::uint32_t abi_major_ = 0, abi_minor_ = 0;
};

}  // namespace joinery::plugins
