// A temporary directory removed when the test ends.
#pragma once

#include <filesystem>
#include <string_view>

namespace joinery::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  [[nodiscard]] const std::filesystem::path &path() const { return path_; }
  // Writes `content` to `name` inside the directory and returns its full path.
  std::filesystem::path write(std::string_view name, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace joinery::test
