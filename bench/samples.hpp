// Repeated measurements of one quantity and the statistics the figures quote.
#pragma once

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace joinery::bench {

// A measured value as the figures print it: three significant digits, no exponent,
// no needless decimals ("0.0123", "4.21", "52.3", "4012", "50").
inline std::string format_number(double value) {
  char buffer[48];
  if (value == static_cast<double>(static_cast<long long>(value))) {
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value));
  } else if (value >= 100 || value <= -100) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else if (value >= 10 || value <= -10) {
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
  }
  return buffer;
}

class Samples {
 public:
  void add(double value) { values_.push_back(value); }

  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  [[nodiscard]] bool empty() const noexcept { return values_.empty(); }

  [[nodiscard]] double median() const {
    std::vector<double> sorted = checked_sorted();
    const std::size_t middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
  [[nodiscard]] double min() const { return checked_sorted().front(); }
  [[nodiscard]] double max() const { return checked_sorted().back(); }

  // "median 3.1 ms, min 2.9 ms, max 4.4 ms (n = 30)": each value times `scale`, then `unit`.
  [[nodiscard]] std::string summary(const std::string &unit, double scale = 1) const {
    return "median " + format_number(median() * scale) + unit + ", min " +
           format_number(min() * scale) + unit + ", max " + format_number(max() * scale) + unit +
           " (n = " + std::to_string(size()) + ")";
  }

 private:
  [[nodiscard]] std::vector<double> checked_sorted() const {
    if (values_.empty()) {
      throw std::logic_error("no samples");
    }
    std::vector<double> sorted = values_;
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  }

  std::vector<double> values_;
};

}  // namespace joinery::bench
