// What a cloud's answer says, as an error message quotes it: its text made printable
// and cut, and the code and message of a JSON error document
// ({"error": {"code": ..., "status": ..., "message": ...}}, as Google and Azure
// Resource Manager write it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace joinery::cloud {

inline constexpr std::size_t max_quoted_bytes = 400;

// `text` with its unprintable bytes escaped (sdk::escape_unprintable), at most
// max_quoted_bytes of it, "..." marking a cut.
std::string quoted_answer_text(std::string_view text);

// "PERMISSION_DENIED: Required 'compute.zones.list' permission ..." from the error
// document in `body`: the string member `code_member` ("status" for Google, "code" for
// ARM) of its "error" object, then its "message". Empty when `body` is not one.
std::string error_document(std::string_view body, const char *code_member);

// "HTTP 403 PERMISSION_DENIED: ..." for a failed answer: its status, then its error
// document, else its OAuth error ("invalid_grant: ..."), else the status line's reason.
std::string failed_answer(long status, std::string_view reason, std::string_view body,
                          const char *code_member);

}  // namespace joinery::cloud
