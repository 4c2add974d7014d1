// The `log` join backend: logs the addresses it is given and succeeds, joining
// nothing. For dry runs ("what would joinery join?") and for tests; with `record`
// set it also appends each attempt's addresses to a file, one attempt per line.
#include <joinery/plugin.hpp>

#include <cstdio>
#include <string>

namespace {

using joinery::sdk::Call;
using joinery::sdk::Config;

class LogBackend final : public joinery::sdk::Backend {
 public:
  static constexpr joinery_key keys[] = {joinery::sdk::optional(
      "record", "", "a file to append each attempt's addresses to, one attempt per line")};
  static constexpr auto description =
      joinery::sdk::describe("log", "logs the addresses it is given and succeeds (a dry run)",
                             "backend = \"log\"\nrecord = \"/tmp/joins.txt\"   # optional", keys);

  LogBackend(const Config &config, const Call & /*call*/) : record_(config.get_or("record", "")) {}

  std::size_t join(const Call &call, std::string_view cluster,
                   const std::vector<std::string_view> &addresses) override {
    std::string line;
    for (std::string_view address : addresses) {
      line.append(line.empty() ? "" : " ").append(address);
    }
    call.info(std::string("would join ").append(cluster).append(": ").append(line));
    if (!record_.empty()) {
      std::FILE *file = std::fopen(record_.c_str(), "a");
      if (file == nullptr) {
        throw joinery::sdk::Error(joinery::sdk::Status::unavailable,
                                  "cannot open record file " + record_);
      }
      std::fprintf(file, "%.*s %s\n", static_cast<int>(cluster.size()), cluster.data(),
                   line.c_str());
      std::fclose(file);
    }
    return addresses.size();
  }

 private:
  std::string record_;
};

}  // namespace

JOINERY_PLUGIN("org.joinery.log", "1.0.0", joinery::sdk::Providers<>,
               joinery::sdk::Backends<LogBackend>);
