#include "token_file.hpp"

#include <cctype>

namespace joinery::http {

sdk::FileText read_token_file(const std::filesystem::path &file) {
  sdk::FileText token = sdk::read_regular_file(file.string(), max_token_file_bytes);
  while (!token.text.empty() && std::isspace(static_cast<unsigned char>(token.text.back()))) {
    token.text.pop_back();
  }
  return token;
}

}  // namespace joinery::http
