#include "cli/commands.hpp"

int main(int argc, char **argv) {
  return joinery::cli::dispatch(argc, argv);
}
