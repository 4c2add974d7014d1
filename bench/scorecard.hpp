// What every benchmark program ends with: its figures, each measured value printed
// beside its goal, and an exit status that says whether every goal was met, so that a
// benchmark can be run by hand or from bench/run.
//
//   Scorecard card;
//   card.record({.number = 1, .what = "8 slow entries, one attempt / the slowest entry",
//                .measured = 1.04, .unit = "x", .goal = Goal::at_most(1.25)});
//   return card.finish();   // prints "[figure 1] ...", 0 when every goal was met
#pragma once

#include <string>
#include <vector>

namespace joinery::bench {

// A limit the measured value must respect.
struct Goal {
  enum class Kind { at_most, below, at_least };
  Kind kind = Kind::at_most;
  double limit = 0;

  static Goal at_most(double limit) { return {Kind::at_most, limit}; }
  static Goal below(double limit) { return {Kind::below, limit}; }
  static Goal at_least(double limit) { return {Kind::at_least, limit}; }

  [[nodiscard]] bool met_by(double measured) const;
  [[nodiscard]] std::string text(const std::string &unit) const;  // e.g. "<= 1.25x"
};

struct Figure {
  int number = 0;    // the figure's number in docs/benchmarks.md
  std::string what;  // what was measured, e.g. "start-up, exec to first join call (median)"
  double measured = 0;
  std::string unit;  // "x", "ms", "MiB", ... (printed after the numbers)
  Goal goal;
  std::string detail;  // how it was measured: samples, the raw numbers behind a ratio
};

class Scorecard {
 public:
  // Prints the figure at once (so a long run shows progress) and keeps it.
  void record(Figure figure);
  // A figure that could not be measured at all (a server did not start, a run failed):
  // counts as a missed goal.
  void failed(int number, const std::string &what, const std::string &why);
  // A reference beside a figure (what a goal stands on, e.g. the memory a library takes
  // before any of joinery runs): printed with its value, neither met nor missed.
  void reference(int number, const std::string &what, double measured, const std::string &unit,
                 const std::string &detail);
  // A figure left out on purpose (e.g. by --benchmark_filter): neither met nor missed.
  void skipped(int number, const std::string &what, const std::string &why);

  // Prints every figure again as a summary; returns the exit status: 0 when no goal was
  // missed and no figure failed, 1 otherwise.
  int finish() const;

 private:
  struct Line {
    std::string text;
    bool counts_as_miss = false;
  };
  std::vector<Line> lines_;
};

}  // namespace joinery::bench
