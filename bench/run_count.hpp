// `--runs N` on a whole-process benchmark's command line: how many measured runs (or
// rounds) to make instead of the default. Anything else on the line is an error.
#pragma once

#include <cstdlib>
#include <iostream>
#include <string>

namespace joinery::bench {

inline int run_count(int argc, char **argv, int default_runs, int minimum) {
  int runs = default_runs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else {
      std::cerr << "usage: " << argv[0] << " [--runs N]   (default " << default_runs
                << ", at least " << minimum << ")\n";
      std::exit(2);
    }
  }
  if (runs < minimum) {
    std::cerr << argv[0] << ": --runs must be at least " << minimum << "\n";
    std::exit(2);
  }
  return runs;
}

}  // namespace joinery::bench
