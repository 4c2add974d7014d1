// Compiled as C++17 in every build (see CMakeLists.txt): the SDK's promise that a
// vendor needs no newer standard breaks this build as soon as a header uses a
// C++20 feature.
#include <joinery/plugin.hpp>
