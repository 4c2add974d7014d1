#include "config/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <variant>

#include "config/document_reader.hpp"

namespace joinery::config {
namespace {

// JSON's value as the node a TOML document would hold. TOML has no null: a null is a
// problem at its path, and the key is left out.
class Converter {
 public:
  Converter(const std::string &name, Problems &problems) : name_(name), problems_(problems) {}

  using Node = std::variant<toml::table, toml::array, std::string, std::int64_t, double, bool>;

  toml::table table(const nlohmann::ordered_json &object, const std::string &path) {
    toml::table out;
    std::uint32_t column = 0;
    for (const auto &[key, value] : object.items()) {
      const std::string key_path = path.empty() ? key : path + "." + key;
      ++column;
      if (value.is_null()) {
        null_at(key_path);
        continue;
      }
      // Line 0 says "no position"; the column keeps the keys in the order written.
      toml::source_region region;
      region.begin = {0, column};
      std::visit(
          [&](auto &&made) { out.insert(toml::key(key, std::move(region)), std::move(made)); },
          node(value, key_path));
    }
    return out;
  }

 private:
  toml::array array(const nlohmann::ordered_json &values, const std::string &path) {
    toml::array out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string element = path + "[" + std::to_string(i) + "]";
      if (values[i].is_null()) {
        null_at(element);
        continue;
      }
      std::visit([&out](auto &&made) { out.push_back(std::move(made)); }, node(values[i], element));
    }
    return out;
  }

  Node node(const nlohmann::ordered_json &value, const std::string &path) {
    switch (value.type()) {
      case nlohmann::ordered_json::value_t::object:
        return table(value, path);
      case nlohmann::ordered_json::value_t::array:
        return array(value, path);
      case nlohmann::ordered_json::value_t::string:
        return value.get<std::string>();
      case nlohmann::ordered_json::value_t::boolean:
        return value.get<bool>();
      case nlohmann::ordered_json::value_t::number_integer:
        return value.get<std::int64_t>();
      case nlohmann::ordered_json::value_t::number_unsigned: {
        const auto number = value.get<std::uint64_t>();
        if (number <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return static_cast<std::int64_t>(number);
        }
        return static_cast<double>(number);  // too large for any key: its check says so
      }
      default:
        return value.get<double>();
    }
  }

  void null_at(const std::string &path) {
    problems_.push_back({"'" + path + "' is null: give it a value or leave it out", name_});
  }

  const std::string &name_;
  Problems &problems_;
};

// Line and column (from 1) of byte `offset` of `text`, as the TOML messages count them.
std::string position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

}  // namespace

Layer read_json(std::string_view text, const std::string &name,
                const std::filesystem::path &base_dir, Problems &problems, const ReadRules &rules) {
  nlohmann::ordered_json document;
  try {
    document = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error &error) {
    // nlohmann's own text repeats the position; keep its reason only.
    std::string reason = error.what();
    if (const std::size_t colon = reason.find(": "); colon != std::string::npos) {
      reason.erase(0, colon + 2);
    }
    // `byte` is one past the character at fault.
    problems.push_back({"JSON syntax error: " + reason,
                        name + ":" + position_of(text, error.byte == 0 ? 0 : error.byte - 1)});
    return {};
  }
  if (!document.is_object()) {
    problems.push_back({"a JSON configuration file holds one object ({...}), not " +
                            std::string(document.type_name() == std::string("array")
                                            ? "an array"
                                            : std::string("a ") + document.type_name()),
                        name});
    return {};
  }
  const toml::table root = Converter(name, problems).table(document, "");
  return read_document(root, name, base_dir, rules, problems);
}

}  // namespace joinery::config
