// What the configuration tests compare: the texts of problems and of entries, in order.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "problem/problem.hpp"

namespace joinery::test {

using Messages = std::vector<std::string>;

inline Messages texts(const Problems &problems) {
  Messages messages;
  for (const Problem &problem : problems) messages.push_back(problem.text());
  return messages;
}

inline std::vector<std::string> entry_texts(const std::vector<config::Entry> &entries) {
  std::vector<std::string> out;
  for (const config::Entry &entry : entries) out.push_back(entry.text);
  return out;
}

}  // namespace joinery::test
