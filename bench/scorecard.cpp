#include "scorecard.hpp"

#include "samples.hpp"

#include <cstdio>
#include <iostream>

namespace joinery::bench {
namespace {

// "1.25x", "0.604x", "4.2 ms", "0": ratios always with three significant digits.
std::string with_unit(double value, const std::string &unit) {
  if (unit == "x") {
    char ratio[32];
    std::snprintf(ratio, sizeof ratio, "%#.3gx", value);
    return ratio;
  }
  return format_number(value) + (unit.empty() ? "" : " ") + unit;
}

}  // namespace

bool Goal::met_by(double measured) const {
  switch (kind) {
    case Kind::at_most:
      return measured <= limit;
    case Kind::below:
      return measured < limit;
    case Kind::at_least:
      return measured >= limit;
  }
  return false;
}

std::string Goal::text(const std::string &unit) const {
  const char *relation = kind == Kind::at_most ? "<= " : kind == Kind::below ? "< " : ">= ";
  return relation + with_unit(limit, unit);
}

void Scorecard::record(Figure figure) {
  const bool met = figure.goal.met_by(figure.measured);
  std::string text = "[figure " + std::to_string(figure.number) + "] " + figure.what + ": " +
                     with_unit(figure.measured, figure.unit) + "   goal " +
                     figure.goal.text(figure.unit) + "   " + (met ? "met" : "MISSED");
  if (!figure.detail.empty()) {
    text += "\n           " + figure.detail;
  }
  std::cout << text << std::endl;
  lines_.push_back({std::move(text), !met});
}

void Scorecard::failed(int number, const std::string &what, const std::string &why) {
  std::string text =
      "[figure " + std::to_string(number) + "] " + what + ": NOT MEASURED\n           " + why;
  std::cout << text << std::endl;
  lines_.push_back({std::move(text), true});
}

void Scorecard::reference(int number, const std::string &what, double measured,
                          const std::string &unit, const std::string &detail) {
  std::string text = "[figure " + std::to_string(number) + "] " + what + ": " +
                     with_unit(measured, unit) + "   (a reference, no goal)";
  if (!detail.empty()) {
    text += "\n           " + detail;
  }
  std::cout << text << std::endl;
  lines_.push_back({std::move(text), false});
}

void Scorecard::skipped(int number, const std::string &what, const std::string &why) {
  std::string text =
      "[figure " + std::to_string(number) + "] " + what + ": skipped\n           " + why;
  std::cout << text << std::endl;
  lines_.push_back({std::move(text), false});
}

int Scorecard::finish() const {
  bool all_met = true;
  std::cout << "\n";
  for (const Line &line : lines_) {
    std::cout << line.text << "\n";
    all_met = all_met && !line.counts_as_miss;
  }
  std::cout << (all_met ? "every goal met" : "GOAL MISSED") << std::endl;
  return all_met ? 0 : 1;
}

}  // namespace joinery::bench
