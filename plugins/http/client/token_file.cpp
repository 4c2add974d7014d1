#include "token_file.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace joinery::http {

std::optional<std::string> read_token_file(const std::filesystem::path &file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    return std::nullopt;
  }
  std::string token = text.str();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
    token.pop_back();
  }
  return token;
}

}  // namespace joinery::http
