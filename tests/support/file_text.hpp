// A whole file as a string (e.g. a PEM to inline, a JSON fixture); empty when unreadable.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace joinery::test {

inline std::string file_text(const std::filesystem::path &file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace joinery::test
