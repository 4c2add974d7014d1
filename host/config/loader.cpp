#include "config/loader.hpp"

#include <algorithm>
#include <iterator>
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
      problems.push_back({"a symbolic link to " +
                              std::filesystem::read_symlink(it->path(), ignored).string() +
                              ", which does not exist",
                          it->path().string()});
    } else {
      // Not only regular files: a FIFO or a device named *.toml is read, and refused,
      // with the others (read_config_file), rather than skipped unseen.
      files.push_back(it->path());
    }
  }
  if (error) {
    problems.push_back(
        {"cannot list the configuration directory: " + error.message(), dir.string()});
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
    problems.push_back({"not read: " + why +
                            " (or pass --allow-untrusted-config to read it "
                            "anyway, if you trust whoever can change it)",
                        path.string()});
  };
  std::vector<std::filesystem::path> refused_dirs;
  for (const std::filesystem::path &path : sources.paths) {
    std::error_code ignored;
    if (!std::filesystem::is_directory(path, ignored)) continue;
    if (Result<> trusted =
            trust::changeable_by_others(path, trust::Target::directory, reads_configuration);
        !trusted) {
      refuse(path, trusted.error().reason());
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
    if (Result<> trusted =
            trust::changeable_by_others(file, trust::Target::file, reads_configuration);
        !trusted) {
      refuse(file, trusted.error().reason());
    }
  }
  return problems;
}

}  // namespace

namespace {

// The files one --config or --config-dir path stands for, in reading order.
std::vector<std::filesystem::path> files_of(const std::filesystem::path &path, Problems &problems) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) return config_files_in(path, problems);
  return {path};  // a missing file is reported when it is read
}

// With --skip-consul-keys, a --config-dir whose files set nothing but skipped Consul
// keys is a mistake (the wrong directory, or retry_join written in HCL elsewhere), not
// a run with nothing to join. `layers` are the directory's files, read.
void check_directory_sets_something(const std::filesystem::path &dir,
                                    const std::vector<Layer> &layers, Problems &problems) {
  std::size_t read = 0;
  std::size_t skipped = 0;
  for (const Layer &layer : layers) {
    read += layer.keys_read;
    skipped += layer.skipped_keys.size();
  }
  if (read == 0 && skipped > 0) {
    problems.push_back({"no file in this directory sets anything joinery reads: its " +
                            std::to_string(layers.size()) +
                            (layers.size() == 1 ? " file holds " : " files hold ") +
                            "only Consul settings that --skip-consul-keys skips (" +
                            std::to_string(skipped) +
                            " keys); add retry_join there, or point --config-dir elsewhere",
                        dir.string()});
  }
}

}  // namespace

std::vector<std::filesystem::path> expand_paths(const std::vector<std::filesystem::path> &paths,
                                                Problems &problems) {
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path &path : paths) {
    const std::vector<std::filesystem::path> of_path = files_of(path, problems);
    files.insert(files.end(), of_path.begin(), of_path.end());
  }
  return files;
}

Loaded load(const Sources &sources) {
  Loaded loaded;
  std::vector<std::vector<std::filesystem::path>> files_by_source;
  for (const std::filesystem::path &path : sources.paths) {
    files_by_source.push_back(files_of(path, loaded.problems));
    loaded.files.insert(loaded.files.end(), files_by_source.back().begin(),
                        files_by_source.back().end());
  }
  if (Problems untrusted = untrusted_sources(sources, loaded.files); !untrusted.empty()) {
    loaded.problems.insert(loaded.problems.end(), untrusted.begin(), untrusted.end());
    return loaded;  // nothing read
  }
  const ReadRules rules{.skip_consul_keys = sources.skip_consul_keys};
  std::vector<Layer> layers;
  for (std::size_t source = 0; source < sources.paths.size(); ++source) {
    std::vector<Layer> of_source;
    for (const std::filesystem::path &file : files_by_source[source]) {
      of_source.push_back(read_config_file(file, loaded.problems, rules));
      for (const std::string &key : of_source.back().skipped_keys) {
        loaded.skipped_keys.push_back({file, key});
      }
    }
    std::error_code ignored;
    if (sources.skip_consul_keys && std::filesystem::is_directory(sources.paths[source], ignored)) {
      check_directory_sets_something(sources.paths[source], of_source, loaded.problems);
    }
    std::move(of_source.begin(), of_source.end(), std::back_inserter(layers));
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
