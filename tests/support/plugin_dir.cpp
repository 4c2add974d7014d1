#include "support/plugin_dir.hpp"

#include <dlfcn.h>

#include "support/paths.hpp"

namespace joinery::test {

std::filesystem::path fixture(std::string_view name) {
  return std::filesystem::path(JOINERY_FIXTURE_DIR) /
         ("joinery-fixture-" + std::string(name) + ".so");
}

std::filesystem::path bundled(std::string_view name) {
  return bundled_plugin_dir() / ("joinery-" + std::string(name) + ".so");
}

std::string refusal_of(const plugins::Registry &registry, const std::filesystem::path &file) {
  std::string out;
  for (const auto &refusal : registry.refusals()) {
    if (refusal.problem.where == file.string()) out += refusal.problem.reason() + "\n";
  }
  return out;
}

bool is_loaded(const std::filesystem::path &file) {
  void *handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  ::dlclose(handle);
  return true;
}

PluginDir::PluginDir() : plugins_(dir_.path() / "plugins") {
  std::filesystem::create_directories(plugins_);
}

std::filesystem::path PluginDir::add(const std::filesystem::path &file, std::string_view as) {
  const std::filesystem::path target = plugins_ / (as.empty() ? file.filename() : as);
  std::filesystem::copy_file(file, target, std::filesystem::copy_options::overwrite_existing);
  return target;
}

std::filesystem::path PluginDir::make_directory(std::string_view name) const {
  const std::filesystem::path dir = dir_.path() / name;
  std::filesystem::create_directories(dir);
  return dir;
}

plugins::SearchPath PluginDir::search_path() const {
  plugins::SearchPath path;
  path.directories = {plugins_};
  path.cache_file = cache_file();
  return path;
}

}  // namespace joinery::test
