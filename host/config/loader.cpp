#include "config/loader.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <system_error>

#include "config/toml_reader.hpp"
#include "config/validation.hpp"

namespace joinery::config {
namespace {

// A directory's *.toml files (anything but a directory, links followed), sorted by
// name; a dangling link named *.toml is a problem.
std::vector<std::filesystem::path> toml_files_in(const std::filesystem::path &dir,
                                                 Problems &problems) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (it->path().extension() != ".toml") continue;
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
      // with the others (read_toml_file), rather than skipped unseen.
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
      const std::vector<std::filesystem::path> in_dir = toml_files_in(path, problems);
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else {
      files.push_back(path);  // a missing file is reported when it is read
    }
  }
  return files;
}

Loaded load(const Sources &sources) {
  Loaded loaded;
  loaded.files = expand_paths(sources.paths, loaded.problems);
  if (Problems untrusted = untrusted_sources(sources, loaded.files); !untrusted.empty()) {
    loaded.problems.insert(loaded.problems.end(), untrusted.begin(), untrusted.end());
    return loaded;  // nothing read
  }
  Config config;
  for (const std::filesystem::path &file : loaded.files) {
    merge_into(config, read_toml_file(file, loaded.problems));
  }
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
