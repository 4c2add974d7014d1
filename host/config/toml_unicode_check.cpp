#include "config/toml_unicode_check.hpp"

#include <joinery/sdk/escaped_text.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

#include "config/quoted_character.hpp"

namespace joinery::config {
namespace {

using sdk::escaped_text_detail::utf8_sequence_size;

// What toml++ treats as the end of a value (is_value_terminator): white space, the
// end of an array or inline table, a comma and a comment.
bool ends_a_value(char c) {
  return c == ' ' || c == '\t' || (c >= '\n' && c <= '\r') || c == ']' || c == '}' || c == ',' ||
         c == '#';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::uint32_t code_point(std::string_view sequence) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(sequence[i]) & 0xffU; };
  std::uint32_t value = byte(0) & (0xffU >> (sequence.size() + 1));
  for (std::size_t i = 1; i < sequence.size(); ++i) value = (value << 6U) | (byte(i) & 0x3fU);
  return value;
}

// "'Ü' (U+00DC)" for a valid UTF-8 sequence.
std::string describe_code_point(std::string_view sequence) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(code_point(sequence)));
  return quoted_character(sequence) + " (" + code + ")";
}

// The TOML escape that stands for the character in a basic string: \u00DC.
std::string toml_escape(std::string_view sequence) {
  const std::uint32_t value = code_point(sequence);
  char escape[16];
  std::snprintf(escape, sizeof escape, value <= 0xffff ? "\\u%04X" : "\\U%08X",
                static_cast<unsigned>(value));
  return escape;
}

// Walks the text as TOML's grammar splits it into strings, comments and the rest,
// and keeps as much of the structure as tells a key from a value (so that it knows
// where toml++ reads ahead over a number).
class Scanner {
 public:
  Scanner(std::string_view text, const std::string &name) : text_(text), name_(name) {}

  Result<> run() {
    if (text_.substr(0, 3) == "\xef\xbb\xbf") at_ = 3;  // a BOM, which toml++ skips
    while (at_ < text_.size() && !problem_) {
      if (byte(at_) >= 0x80) {
        non_ascii();
        continue;
      }
      switch (context_) {
        case Context::outside:
          outside();
          break;
        case Context::comment:
          if (text_[at_] == '\n') context_ = Context::outside;
          step();
          break;
        case Context::basic:
        case Context::literal:
          single_line_string();
          break;
        case Context::multi_line_basic:
        case Context::multi_line_literal:
          multi_line_string();
          break;
      }
    }
    if (problem_) return failure(std::move(*problem_));
    return {};
  }

 private:
  enum class Context { outside, comment, basic, literal, multi_line_basic, multi_line_literal };

  [[nodiscard]] unsigned char byte(std::size_t at) const {
    return static_cast<unsigned char>(text_[at]);
  }
  [[nodiscard]] bool is(std::size_t at, char c) const {
    return at < text_.size() && text_[at] == c;
  }

  // Moves over `count` ASCII characters.
  void step(std::size_t count = 1) {
    for (; count > 0 && at_ < text_.size(); --count, ++at_) {
      if (text_[at_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  void report(std::string message) {
    problem_ = Problem{"TOML syntax error: " + std::move(message),
                       name_ + ":" + std::to_string(line_) + ":" + std::to_string(column_)};
  }

  void non_ascii() {
    const std::size_t size = utf8_sequence_size(text_, at_);
    if (size == 0) {
      return report("the byte " + quoted_character(text_.substr(at_, 1)) +
                    " is not part of a valid UTF-8 character; a TOML file is UTF-8 text");
    }
    const std::string character = describe_code_point(text_.substr(at_, size));
    if (context_ == Context::outside) {
      return report(character +
                    " outside a string or comment: TOML allows only ASCII there (put the "
                    "text in quotes, or remove the character)");
    }
    if (at_ < read_ahead_until_) {
      return report(character + " in a string that follows a number or date without a " +
                    "space, comma or bracket between them");
    }
    at_ += size;
    ++column_;
  }

  void outside() {
    const char c = text_[at_];
    switch (c) {
      case '#':
        context_ = Context::comment;
        break;
      case '"':
      case '\'':
        return open_string(c);
      case '=':
        value_expected_ = true;
        break;
      case '[':
        if (value_expected_) {
          brackets_.push_back('[');  // an array: a value comes next
        } else {
          brackets_.push_back('h');  // a table header: a key comes next
        }
        break;
      case '{':
        brackets_.push_back('{');
        value_expected_ = false;
        break;
      case ']':
      case '}':
        if (!brackets_.empty()) brackets_.pop_back();
        value_expected_ = false;
        break;
      case ',':
        value_expected_ = !brackets_.empty() && brackets_.back() == '[';
        break;
      case '\n':
        value_expected_ = !brackets_.empty() && brackets_.back() == '[';
        break;
      case ' ':
      case '\t':
      case '\r':
        break;
      default:
        if (value_expected_ && (is_digit(c) || c == '+' || c == '-')) read_ahead();
        value_expected_ = false;
        break;
    }
    step();
  }

  // toml++ decides whether a value starting with a digit or sign is an integer, a
  // float or a date by reading ahead to the end of the value, whatever it holds (a
  // date followed by a space and a digit goes on with the time).
  void read_ahead() {
    std::size_t end = at_;
    while (end < text_.size() && !ends_a_value(text_[end])) ++end;
    if (is(end, ' ') && end + 1 < text_.size() && is_digit(text_[end + 1])) {
      for (++end; end < text_.size() && !ends_a_value(text_[end]);) ++end;
    }
    read_ahead_until_ = end;
  }

  void open_string(char quote) {
    const bool multi_line = is(at_ + 1, quote) && is(at_ + 2, quote);
    if (quote == '"') {
      context_ = multi_line ? Context::multi_line_basic : Context::basic;
    } else {
      context_ = multi_line ? Context::multi_line_literal : Context::literal;
    }
    value_expected_ = false;
    step(multi_line ? 3 : 1);
  }

  void single_line_string() {
    const char c = text_[at_];
    const char quote = context_ == Context::basic ? '"' : '\'';
    if (c == quote) {
      context_ = Context::outside;
    } else if (c == '\n') {
      context_ = Context::outside;  // unterminated: toml++ says so
      return;                       // the line break is the structure's
    } else if (c == '\\' && context_ == Context::basic) {
      step();
      if (at_ < text_.size() && byte(at_) >= 0x80) return not_an_escape();
      if (!is(at_, '\n')) step();
      return;
    }
    step();
  }

  void multi_line_string() {
    const char c = text_[at_];
    const char quote = context_ == Context::multi_line_basic ? '"' : '\'';
    if (c == quote) {
      std::size_t quotes = 0;
      while (is(at_ + quotes, quote)) ++quotes;
      if (quotes >= 3) {
        // """ ends the string; up to two more quotes before it belong to it
        context_ = Context::outside;
        step(quotes < 5 ? quotes : 5);
      } else {
        step(quotes);
      }
      return;
    }
    if (c == '\\' && context_ == Context::multi_line_basic) {
      step();
      if (at_ >= text_.size()) return;
      if (byte(at_) >= 0x80) return not_an_escape();
      if (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r' || text_[at_] == '\n') {
        return line_ending_backslash();
      }
    }
    step();
  }

  void not_an_escape() {
    const std::size_t size = utf8_sequence_size(text_, at_);
    if (size == 0) return non_ascii();  // reports the byte
    report("a backslash followed by " + describe_code_point(text_.substr(at_, size)) +
           " is not an escape sequence (TOML's are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX "
           "and \\UXXXXXXXX)");
  }

  // `\` at the end of a line in a multi-line basic string: toml++ skips the white
  // space that follows, and asks of each character whether it is white space.
  void line_ending_backslash() {
    while (is(at_, ' ') || is(at_, '\t')) step();
    if (at_ < text_.size() && byte(at_) >= 0x80) {
      return report(
          "a backslash in a multi-line string is followed by white space and then a "
          "character: a line-ending backslash must be the last character on its line");
    }
    if (!is(at_, '\n') && !is(at_, '\r')) return;
    while (is(at_, ' ') || is(at_, '\t') || is(at_, '\r') || is(at_, '\n')) step();
    if (at_ < text_.size() && byte(at_) >= 0x80) {
      const std::size_t size = utf8_sequence_size(text_, at_);
      if (size == 0) return non_ascii();
      const std::string_view sequence = text_.substr(at_, size);
      report(describe_code_point(sequence) +
             " right after a line-ending backslash in a multi-line string: the TOML library "
             "joinery uses (toml++ 3.3.0) cannot read it there safely; write it as " +
             toml_escape(sequence));
    }
  }

  std::string_view text_;
  const std::string &name_;  // what messages call the file
  std::size_t at_ = 0;
  unsigned line_ = 1;
  unsigned column_ = 1;
  Context context_ = Context::outside;
  std::vector<char> brackets_;  // '[' an array, '{' an inline table, 'h' a table header
  bool value_expected_ = false;
  std::size_t read_ahead_until_ = 0;  // toml++ reads ahead over text_[.. this)
  std::optional<Problem> problem_;    // the first, which ends the scan
};

}  // namespace

Result<> check_toml_unicode(std::string_view text, const std::string &name) {
  bool ascii = true;
  for (const char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return {};
  return Scanner(text, name).run();
}

}  // namespace joinery::config
