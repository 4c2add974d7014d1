#include "file/file_settings.hpp"

#include <gtest/gtest.h>
#include <joinery/sdk/status.hpp>

#include "support/plugin_config.hpp"

namespace joinery::file {
namespace {

using test::PluginConfig;

TEST(FileSettings, DefaultsFormatToAuto) {
  const PluginConfig config{{"path", "/run/peers"}};
  const FileSettings settings = read_file_settings(config.view());
  EXPECT_EQ(settings.path, "/run/peers");
  EXPECT_EQ(settings.format, FileFormat::detect);
}

TEST(FileSettings, ReadsEachFormat) {
  const PluginConfig lines{{"path", "p"}, {"format", "lines"}};
  const PluginConfig json{{"path", "p"}, {"format", "json"}};
  const PluginConfig detect{{"path", "p"}, {"format", "auto"}};
  EXPECT_EQ(read_file_settings(lines.view()).format, FileFormat::lines);
  EXPECT_EQ(read_file_settings(json.view()).format, FileFormat::json);
  EXPECT_EQ(read_file_settings(detect.view()).format, FileFormat::detect);
}

TEST(FileSettings, RejectsAnUnknownFormatNamingTheKey) {
  const PluginConfig config{{"path", "p"}, {"format", "yaml"}};
  try {
    (void)read_file_settings(config.view());
    FAIL() << "expected an error";
  } catch (const sdk::Error &error) {
    EXPECT_EQ(error.status(), sdk::Status::invalid_config);
    EXPECT_STREQ(error.what(), "format: \"yaml\" is not one of lines, json, auto");
  }
}

TEST(FileSettings, RequiresAPath) {
  const PluginConfig config{{"path", ""}};
  EXPECT_THROW((void)read_file_settings(config.view()), sdk::Error);
}

}  // namespace
}  // namespace joinery::file
