// go-discover's provider strings: `provider=aws region=eu-west-1 tag_value="consul server"`.
// Parsing follows go-discover's config.go rule for rule and message for message, so an
// operator's existing retry_join strings mean the same here; printing gives the
// canonical form (go-discover's Config.String) and a form with secret values masked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "keys/key_spec.hpp"
#include "problem/result.hpp"

namespace joinery::discovery {

// go-discover's Parse: the pairs of `text` in the order written (empty text: none), or
// a Problem whose `what` is go-discover's exact message without the "discover: "
// prefix, e.g. "key: missing '='". Only key names ever appear in a message, never
// values. Allocation-light: suitable for hot loops.
Result<plugins::KeyValues> parse_pairs(std::string_view text);

// A parsed provider string: the provider's name and every other pair.
struct ProviderString {
  std::string provider;     // the value of `provider=`
  plugins::KeyValues keys;  // every pair but `provider`, in the order written
};

// Pulls the `provider` pair out of `pairs`: what parse_provider_string does after
// parse_pairs succeeded. The provider's name is empty when there is none.
ProviderString split_provider(plugins::KeyValues pairs);

// Parses a whole provider string as go-discover's Discover.Addrs does before it picks
// the provider: parse errors come back prefixed ("discover: key: missing '='"), a
// missing or empty provider is "discover: no provider" (a Problem's `what`; `where` is
// the caller's). Whether the provider exists is the caller's question (message:
// unknown_provider_message()).
Result<ProviderString> parse_provider_string(std::string_view text);

// "discover: unknown provider NAME", go-discover's message.
std::string unknown_provider_message(std::string_view name);

// go-discover's canonical form (Config.String): provider first, the other keys sorted
// bytewise, pairs with empty values dropped, a key or value written as a Go string
// literal (strconv.Quote) when it holds a space, '"', '\' or '=', invalid UTF-8 or any
// rune Go's strconv.IsPrint refuses (controls, white space, invisible format
// characters, private use, unassigned), or is an empty key; else as it is.
// parse_provider_string(format_canonical(p)) gives p back, minus the pairs with empty
// values.
std::string format_canonical(const ProviderString &entry);

// The canonical form with the value of every key named in `secret_keys` written as
// `***` (e.g. "provider=aws region=x secret_access_key=***"): what log lines and
// error messages show of an entry.
std::string format_masked(const ProviderString &entry, const std::vector<std::string> &secret_keys);

// A key or value as format_canonical writes it: unchanged, or quoted and escaped.
std::string quote_if_needed(std::string_view text, bool is_key);

}  // namespace joinery::discovery
