// Every example configuration in examples/ is one `joinery validate` accepts: the
// options, the provider strings and the backends' keys as the plugins declare them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/child_process.hpp"
#include "support/paths.hpp"

namespace joinery::test {
namespace {

std::string text_of(const std::filesystem::path &file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Examples, EveryExampleConfigValidates) {
  // The dns and srv providers live in the dns plugin, built in its own folder.
  const bool have_dns = std::filesystem::exists(bundled_plugin_dir() / "joinery-dns.so");
  std::size_t checked = 0;
  for (const auto &entry : std::filesystem::directory_iterator(source_dir() / "examples")) {
    if (entry.path().extension() != ".toml") continue;
    const std::string text = text_of(entry.path());
    if (!have_dns && (text.find("provider=srv") != std::string::npos ||
                      text.find("provider=dns") != std::string::npos)) {
      std::cout << "not checked without the dns plugin: " << entry.path() << "\n";
      continue;
    }
    const CommandResult result =
        run({joinery_binary().string(), "validate", "--config", entry.path().string()},
            std::chrono::seconds(30));
    EXPECT_EQ(result.status, 0) << entry.path() << "\n" << result.out << result.err;
    ++checked;
  }
  EXPECT_GE(checked, 1u);
}

}  // namespace
}  // namespace joinery::test
