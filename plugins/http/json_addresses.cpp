#include "json_addresses.hpp"

#include "base64.hpp"

#include <joinery/plugin.hpp>
#include <nlohmann/json.hpp>

namespace joinery::http {
namespace {

using nlohmann::json;
using sdk::Error;
using sdk::Status;

// How many top-level member names an error lists, to help spot a mistyped pointer.
constexpr std::size_t listed_members = 8;

[[noreturn]] void misshapen(const std::string &what) {
  throw Error(Status::unavailable, what);
}

std::string member_names(const json &value) {
  if (!value.is_object()) {
    return std::string("the document is ") + (value.is_array() ? "an array" : value.type_name());
  }
  std::string out = "its members are";
  std::size_t listed = 0;
  for (const auto &item : value.items()) {
    if (listed++ == listed_members) {
      out += " ...";
      break;
    }
    out += (listed == 1 ? " " : ", ") + item.key();
  }
  return listed == 0 ? "the document is an empty object" : out;
}

// The value a field names inside `object`: a member, or a pointer relative to it.
const json *find_field(const json &object, const std::string &field) {
  if (field.starts_with('/')) {
    const json::json_pointer pointer(field);
    try {
      return object.contains(pointer) ? &object.at(pointer) : nullptr;
    } catch (const json::exception &) {
      return nullptr;  // e.g. a non-numeric index into an array
    }
  }
  const auto member = object.find(field);
  return member == object.end() ? nullptr : &*member;
}

std::optional<std::uint16_t> port_value(const json &value) {
  std::int64_t number = -1;
  if (value.is_number_integer()) {
    number = value.get<std::int64_t>();
  } else if (value.is_string()) {
    const std::string &text = value.get_ref<const std::string &>();
    if (text.empty() || text.size() > 5 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    number = std::stoll(text);
  }
  if (number < 1 || number > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(number);
}

class Extraction {
 public:
  explicit Extraction(const AddressQuery &query) : query_(query) {}

  void take(const json &value, const std::string &label) {
    if (value.is_string()) {
      if (!query_.fields.empty()) {
        misshapen(label + " is a string, not an object: `field` applies to objects only");
      }
      add(value.get_ref<const std::string &>(), query_.port, label);
    } else if (value.is_object()) {
      take_object(value, label);
    } else {
      misshapen(label + " is " + (value.is_array() ? "an array" : std::string(value.type_name())) +
                ", not a string or an object");
    }
  }

  ExtractedAddresses result() && { return std::move(found_); }

 private:
  void take_object(const json &object, const std::string &label) {
    if (query_.fields.empty()) {
      misshapen(label + " is an object: set `field` to the member holding the address (" +
                member_names(object) + ")");
    }
    const std::string *address = nullptr;
    for (const std::string &field : query_.fields) {
      const json *value = find_field(object, field);
      if (value != nullptr && value->is_string() &&
          !value->get_ref<const std::string &>().empty()) {
        address = &value->get_ref<const std::string &>();
        break;
      }
    }
    if (address == nullptr) {
      found_.skipped.push_back(label + ": no address (a non-empty string) in " +
                               join(query_.fields));
      return;
    }
    std::optional<std::uint16_t> port = query_.port;
    for (const std::string &field : query_.port_fields) {
      const json *value = find_field(object, field);
      if (value == nullptr || value->is_null()) {
        continue;
      }
      port = port_value(*value);
      if (!port) {
        found_.skipped.push_back(label + ": " + field + " holds " + value->dump() +
                                 ", not a port (1-65535)");
        return;
      }
      break;
    }
    add(*address, port, label);
  }

  // Adds the addresses in one string (decoded first when they are base64).
  void add(const std::string &text, std::optional<std::uint16_t> port, const std::string &label) {
    std::string_view rest = text;
    std::string decoded;
    if (query_.base64) {
      auto bytes = decode_base64(text);
      if (!bytes) {
        found_.skipped.push_back(label + ": \"" + text + "\" is not base64");
        return;
      }
      decoded = std::move(*bytes);
      rest = decoded;
    }
    constexpr std::string_view separators = " \t\r\n,";
    while (true) {
      const std::size_t start = rest.find_first_not_of(separators);
      if (start == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(start);
      const std::string_view address = rest.substr(0, rest.find_first_of(separators));
      rest.remove_prefix(address.size());
      found_.addresses.push_back(with_port(address, port));
    }
  }

  static std::string with_port(std::string_view address, std::optional<std::uint16_t> port) {
    if (port) {
      if (const auto split = sdk::split_host_port(address); split && split->port.empty()) {
        return sdk::join_host_port(split->host, *port);
      }
    }
    return std::string(address);
  }

  static std::string join(const std::vector<std::string> &fields) {
    std::string out;
    for (const std::string &field : fields) {
      out += (out.empty() ? "" : ", ") + field;
    }
    return out;
  }

  const AddressQuery &query_;
  ExtractedAddresses found_;
};

}  // namespace

std::optional<std::string> json_pointer_problem(const std::string &pointer) {
  try {
    (void)json::json_pointer(pointer);
    return std::nullopt;
  } catch (const json::exception &error) {
    return std::string("\"") + pointer +
           "\" is not a JSON pointer (RFC 6901, e.g. /kvs): " + error.what();
  }
}

ExtractedAddresses extract_addresses(std::string_view document, const AddressQuery &query) {
  const json parsed = json::parse(document, nullptr, false);
  if (parsed.is_discarded()) {
    std::string start(document.substr(0, 60));
    for (char &c : start) {
      c = static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
    misshapen("the answer is not JSON (it starts \"" + start + "\")");
  }
  const json *target = &parsed;
  std::string label = "the answer";
  if (!query.json_pointer.empty()) {
    const json::json_pointer pointer(query.json_pointer);
    bool present = false;
    try {
      present = parsed.contains(pointer);
    } catch (const json::exception &) {
      present = false;
    }
    if (!present) {
      throw Error(Status::not_found, "nothing at json_pointer " + query.json_pointer +
                                         " in the answer (" + member_names(parsed) + ")");
    }
    target = &parsed.at(pointer);
    label = query.json_pointer;
  }

  Extraction extraction(query);
  if (target->is_array()) {
    for (std::size_t i = 0; i < target->size(); ++i) {
      extraction.take((*target)[i],
                      (query.json_pointer.empty() ? "" : label) + "/" + std::to_string(i));
    }
  } else if (!target->is_null()) {
    extraction.take(*target, label);
  }
  return std::move(extraction).result();
}

}  // namespace joinery::http
