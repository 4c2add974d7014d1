// Where the tests find what the build made.
#pragma once

#include <filesystem>

namespace joinery::test {

// The joinery binary under test.
inline std::filesystem::path joinery_binary() {
  return JOINERY_TEST_BINARY;
}
// The bundled plugins the build made.
inline std::filesystem::path bundled_plugin_dir() {
  return JOINERY_TEST_PLUGIN_DIR;
}
inline std::filesystem::path source_dir() {
  return JOINERY_TEST_SOURCE_DIR;
}
inline std::filesystem::path build_dir() {
  return JOINERY_TEST_BUILD_DIR;
}
// The plugin runner (joinery-plugin-runner), for tests that isolate plugins in process.
inline std::filesystem::path plugin_runner() {
  return JOINERY_TEST_RUNNER;
}

}  // namespace joinery::test
