#include "config/loader.hpp"

#include <algorithm>
#include <system_error>

#include "config/toml_reader.hpp"
#include "config/validation.hpp"

namespace joinery::config {
namespace {

// A directory's *.toml files (regular files or links to them), sorted by name; a
// dangling link named *.toml is a problem.
std::vector<std::filesystem::path> toml_files_in(const std::filesystem::path &dir,
                                                 Problems &problems) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (it->path().extension() != ".toml") continue;
    std::error_code ignored;
    if (it->is_regular_file(ignored)) {
      files.push_back(it->path());
    } else if (it->is_symlink(ignored) && !std::filesystem::exists(it->path(), ignored)) {
      // Skipped, a configuration file that went missing would change the run unseen.
      problems.push_back(
          {it->path().string(), "a symbolic link to " +
                                    std::filesystem::read_symlink(it->path(), ignored).string() +
                                    ", which does not exist"});
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
