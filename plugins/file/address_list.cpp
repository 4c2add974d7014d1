#include "file/address_list.hpp"

#include <joinery/sdk/status.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>

namespace joinery::file {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view text) {
  std::size_t first = 0;
  std::size_t last = text.size();
  while (first < last && is_blank(text[first])) ++first;
  while (last > first && is_blank(text[last - 1])) --last;
  return text.substr(first, last - first);
}

[[noreturn]] void malformed(std::string_view path, const std::string &where,
                            const std::string &what) {
  throw sdk::Error(sdk::Status::unavailable,
                   "address file " + std::string(path) + where + ": " + what);
}

// Addresses never hold whitespace: a line or string that does holds two of them.
bool holds_whitespace(std::string_view address) {
  return std::any_of(address.begin(), address.end(), is_blank);
}

[[noreturn]] void several_in_one(std::string_view path, const std::string &where,
                                 std::string_view address, std::string_view unit) {
  malformed(path, where,
            "\"" + std::string(address) + "\" holds whitespace; write one address per " +
                std::string(unit));
}

// Collects addresses in order, without duplicates. An open-addressing table of
// indices into the output: files of 100,000 lines are read on every attempt, and a
// node-based set spends most of that time allocating.
class UniqueAddresses {
 public:
  explicit UniqueAddresses(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    slots_.assign(capacity, kEmpty);
    out_.reserve(expected);
  }

  void add(std::string_view address) {
    if (out_.size() * 2 >= slots_.size()) grow();
    std::size_t slot = std::hash<std::string_view>{}(address) & (slots_.size() - 1);
    while (slots_[slot] != kEmpty) {
      if (out_[slots_[slot]] == address) return;
      slot = (slot + 1) & (slots_.size() - 1);
    }
    slots_[slot] = static_cast<std::uint32_t>(out_.size());
    out_.emplace_back(address);
  }

  std::vector<std::string> take() { return std::move(out_); }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;

  void grow() {
    slots_.assign(slots_.size() * 2, kEmpty);
    for (std::uint32_t index = 0; index < out_.size(); ++index) {
      std::size_t slot = std::hash<std::string_view>{}(out_[index]) & (slots_.size() - 1);
      while (slots_[slot] != kEmpty) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = index;
    }
  }

  std::vector<std::uint32_t> slots_;
  std::vector<std::string> out_;
};

std::vector<std::string> parse_lines(std::string_view text, std::string_view path) {
  // A rough guess of the line count avoids growing the table on large files.
  UniqueAddresses addresses(text.size() / 16 + 1);
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    line = trim(line);
    if (line.empty()) continue;
    if (holds_whitespace(line)) {
      several_in_one(path, ", line " + std::to_string(line_number), line, "line");
    }
    addresses.add(line);
  }
  return addresses.take();
}

const char *json_kind(const nlohmann::json &value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

std::vector<std::string> parse_json(std::string_view text, std::string_view path) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error &error) {
    malformed(path, "", std::string("not valid JSON: ") + error.what());
  }
  if (!document.is_array()) {
    malformed(path, "",
              std::string("expected a JSON array of strings, found ") + json_kind(document));
  }
  UniqueAddresses addresses(document.size());
  for (std::size_t i = 0; i < document.size(); ++i) {
    const nlohmann::json &element = document[i];
    if (!element.is_string()) {
      malformed(path, ", element " + std::to_string(i),
                std::string("expected a string, found ") + json_kind(element));
    }
    const std::string_view address = trim(element.get_ref<const std::string &>());
    if (address.empty()) continue;
    if (holds_whitespace(address)) {
      several_in_one(path, ", element " + std::to_string(i), address, "string");
    }
    addresses.add(address);
  }
  return addresses.take();
}

}  // namespace

FileFormat detect_format(std::string_view text) {
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  text = trim(text);
  if (text.empty() || text.front() != '[') return FileFormat::lines;
  const std::string_view rest = trim(text.substr(1));
  if (rest.empty()) return FileFormat::json;  // "[" alone: let the JSON parser say what is wrong
  const char next = rest.front();
  const bool starts_ipv6 = next == ':' || (next >= '0' && next <= '9') ||
                           (next >= 'a' && next <= 'f') || (next >= 'A' && next <= 'F');
  return starts_ipv6 ? FileFormat::lines : FileFormat::json;
}

std::vector<std::string> parse_address_list(std::string_view text, FileFormat format,
                                            std::string_view path) {
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  if (format == FileFormat::detect) format = detect_format(text);
  return format == FileFormat::json ? parse_json(text, path) : parse_lines(text, path);
}

}  // namespace joinery::file
