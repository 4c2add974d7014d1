// Every bundled plugin either keeps a private C++ runtime and links no shared C++
// library, or links the shared runtime (SHARED_CXX_RUNTIME). A private runtime next to
// a shared C++ library means two runtimes, and an exception the library throws aborts
// joinery (a bad kubeconfig did so through yaml-cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/paths.hpp"

namespace {

using namespace std::chrono_literals;

// The libraries `readelf -d` lists as NEEDED by `file`: what it links directly.
std::vector<std::string> needed_libraries(const std::filesystem::path &file) {
  const auto r = joinery::test::run({"readelf", "-d", file.string()}, 10s);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const auto open = line.find("(NEEDED)");
    const auto name = line.find('[');
    if (open != std::string::npos && name != std::string::npos) {
      out.push_back(line.substr(name + 1, line.find(']', name) - name - 1));
    }
  }
  return out;
}

bool names_cxx_runtime(const std::string &text) {
  return text.find("libstdc++.so") != std::string::npos ||
         text.find("libc++.so") != std::string::npos;
}

TEST(BundledPluginRuntime, NoPluginLinksASharedCxxLibraryBesideAPrivateRuntime) {
  std::size_t checked = 0;
  for (const auto &entry :
       std::filesystem::directory_iterator(joinery::test::bundled_plugin_dir())) {
    if (entry.path().extension() != ".so") continue;
    ++checked;
    const auto needed = needed_libraries(entry.path());
    bool shared_runtime = false;
    std::string listed;
    for (const auto &library : needed) {
      shared_runtime = shared_runtime || names_cxx_runtime(library);
      listed.append(" ").append(library);
    }
    if (shared_runtime) continue;
    // `ldd` follows the dependencies: a shared C++ runtime there came from a library
    // the plugin links, while the plugin itself carries its own copy.
    const auto all = joinery::test::run({"ldd", entry.path().string()}, 10s);
    ASSERT_EQ(all.status, 0) << all.err;
    EXPECT_FALSE(names_cxx_runtime(all.out))
        << entry.path() << " has a private C++ runtime but links a shared C++ library "
        << "(NEEDED:" << listed << "); build it with SHARED_CXX_RUNTIME";
  }
  EXPECT_GE(checked, 8u) << "bundled plugins in " << joinery::test::bundled_plugin_dir();
}

}  // namespace
