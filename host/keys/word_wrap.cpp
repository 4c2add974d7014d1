#include "keys/word_wrap.hpp"

#include <algorithm>
#include <sstream>

namespace joinery::plugins {

std::vector<std::string> wrap_words(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::istringstream words{std::string(text)};
  std::string word, line;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string reflow(std::string_view text, std::size_t width) {
  std::string out;
  std::vector<std::string> paragraph;
  const auto end_paragraph = [&] {
    const bool fits =
        std::all_of(paragraph.begin(), paragraph.end(),
                    [width](const std::string &line) { return line.size() <= width; });
    std::string words;
    for (const std::string &line : paragraph) {
      if (fits) out += line + '\n';
      words += line + ' ';
    }
    if (!fits) {
      for (const std::string &line : wrap_words(words, width)) out += line + '\n';
    }
    paragraph.clear();
  };
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '\t') {
      paragraph.push_back(std::move(line));
      continue;
    }
    end_paragraph();
    out += line + '\n';
  }
  end_paragraph();
  if (!text.empty() && text.back() != '\n' && !out.empty()) out.pop_back();
  return out;
}

}  // namespace joinery::plugins
