#include "file/file_provider.hpp"

#include "file/address_list.hpp"
#include "file/file_contents.hpp"
#include "file/file_settings.hpp"

namespace joinery::file {

void FileProvider::validate(const sdk::Config &config, const sdk::Call & /*call*/) const {
  (void)read_file_settings(config);
}

void FileProvider::discover(const sdk::Config &config, const sdk::Call & /*call*/,
                            const sdk::AddressSink &out) const {
  const FileSettings settings = read_file_settings(config);
  const std::string text = read_file_contents(settings.path);
  for (const std::string &address : parse_address_list(text, settings.format, settings.path)) {
    out.push(address);
  }
}

}  // namespace joinery::file
