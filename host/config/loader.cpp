#include "config/loader.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <system_error>

#include "config/config_file.hpp"
#include "config/validation.hpp"

namespace joinery::config {
namespace {

// A directory's configuration files (*.toml, *.json, and *.hcl to refuse; anything but
// a directory, links followed), sorted by name; a dangling link so named is a problem.
std::vector<std::filesystem::path> config_files_in(const std::filesystem::path &dir,
                                                   Problems &problems) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (!is_config_file_name(it->path())) continue;
    std::error_code ignored;
    if (it->is_directory(ignored)) continue;
    if (it->is_symlink(ignored) && !std::filesystem::exists(it->path(), ignored)) {
      // Skipped, a configuration file that went missing would change the run unseen.
      problems.push_back(
          {it->path().string(), "a symbolic link to " +
                                    std::filesystem::read_symlink(it->path(), ignored).string() +
                                    ", which does not exist"});
    } else {
      // Not only regular files: a FIFO or a device named *.toml is read, and refused,
      // with the others (read_config_file), rather than skipped unseen.
      files.push_back(it->path());
    }
  }
  if (error) {
    problems.push_back(
        {dir.string(), "cannot list the configuration directory: " + error.message()});
    return {};
  }
  std::sort(files.begin(), files.end(), [](const auto &a, const auto &b) {
    return a.filename().native() < b.filename().native();
  });
  return files;
}

// What a root joinery does only with files no one but root can change.
constexpr std::string_view reads_configuration = "reads its configuration";

// As root, why each source may not be read: every --config-dir, then every file (those
// in a refused directory are not checked again). A file that does not exist, or is not
// a regular file, is left to the read, which says so.
Problems untrusted_sources(const Sources &sources,
                           const std::vector<std::filesystem::path> &files) {
  Problems problems;
  if (sources.allow_untrusted || sources.privilege.effective_uid != 0) return problems;
  const auto refuse = [&](const std::filesystem::path &path, const std::string &why) {
    problems.push_back({path.string(), "not read: " + why +
                                           " (or pass --allow-untrusted-config to read it "
                                           "anyway, if you trust whoever can change it)"});
  };
  std::vector<std::filesystem::path> refused_dirs;
  for (const std::filesystem::path &path : sources.paths) {
    std::error_code ignored;
    if (!std::filesystem::is_directory(path, ignored)) continue;
    if (std::string why =
            trust::changeable_by_others(path, trust::Target::directory, reads_configuration);
        !why.empty()) {
      refuse(path, why);
      refused_dirs.push_back(path);
    }
  }
  for (const std::filesystem::path &file : files) {
    std::error_code ignored;
    // Nor anything but a regular file: the read refuses it, saying what it is.
    if (!std::filesystem::is_regular_file(file, ignored)) continue;
    if (std::any_of(refused_dirs.begin(), refused_dirs.end(), [&](const auto &dir) {
          return std::filesystem::equivalent(file.parent_path(), dir, ignored);
        })) {
      continue;
    }
    if (std::string why =
            trust::changeable_by_others(file, trust::Target::file, reads_configuration);
        !why.empty()) {
      refuse(file, why);
    }
  }
  return problems;
}

}  // namespace

std::vector<std::filesystem::path> expand_paths(const std::vector<std::filesystem::path> &paths,
                                                Problems &problems) {
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path &path : paths) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
      const std::vector<std::filesystem::path> in_dir = config_files_in(path, problems);
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else {
      files.push_back(path);  // a missing file is reported when it is read
    }
  }
  return files;
}

namespace {

// With --skip-consul-keys, a --config-dir whose files set nothing but skipped Consul
// keys is a mistake (the wrong directory, or retry_join written in HCL elsewhere), not
// a run with nothing to join. `layers` are those of `files`, in order.
void check_directories_set_something(const Sources &sources,
                                     const std::vector<std::filesystem::path> &files,
                                     const std::vector<Layer> &layers, Problems &problems) {
  std::size_t next = 0;  // files are in the order of sources.paths
  for (const std::filesystem::path &path : sources.paths) {
    std::error_code ignored;
    if (!std::filesystem::is_directory(path, ignored)) {
      ++next;
      continue;
    }
    std::size_t read = 0;
    std::size_t skipped = 0;
    std::size_t count = 0;
    for (; next < files.size() &&
           std::filesystem::equivalent(files[next].parent_path(), path, ignored);
         ++next, ++count) {
      read += layers[next].keys_read;
      skipped += layers[next].skipped_keys.size();
    }
    if (read == 0 && skipped > 0) {
      problems.push_back(
          {path.string(),
           "no file in this directory sets anything joinery reads: its " + std::to_string(count) +
               (count == 1 ? " file holds " : " files hold ") +
               "only Consul settings that --skip-consul-keys skips (" + std::to_string(skipped) +
               " keys); add retry_join there, or point --config-dir elsewhere"});
    }
  }
}

}  // namespace

Loaded load(const Sources &sources) {
  Loaded loaded;
  loaded.files = expand_paths(sources.paths, loaded.problems);
  if (Problems untrusted = untrusted_sources(sources, loaded.files); !untrusted.empty()) {
    loaded.problems.insert(loaded.problems.end(), untrusted.begin(), untrusted.end());
    return loaded;  // nothing read
  }
  const ReadRules rules{.skip_consul_keys = sources.skip_consul_keys};
  std::vector<Layer> layers;
  for (const std::filesystem::path &file : loaded.files) {
    layers.push_back(read_config_file(file, loaded.problems, rules));
    for (const std::string &key : layers.back().skipped_keys) {
      loaded.skipped_keys.push_back({file, key});
    }
  }
  if (sources.skip_consul_keys) {
    check_directories_set_something(sources, loaded.files, layers, loaded.problems);
  }
  Config config;
  for (const Layer &layer : layers) merge_into(config, layer);
  merge_into(config, sources.flags);
  // Rules about the whole are only meaningful once every value could be read.
  if (!loaded.problems.empty()) return loaded;
  apply_defaults(config, loaded.problems);
  if (!loaded.problems.empty()) return loaded;
  loaded.problems = validate(config);
  if (loaded.problems.empty()) loaded.config = std::move(config);
  return loaded;
}

}  // namespace joinery::config
