// A key pair made by ssh-keygen for the triton tests and benchmark: the private file as
// key_file reads it, the public line Triton's key list holds, and the fingerprints a
// key_id is written with.
#pragma once

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/file_text.hpp"
#include "support/temp_dir.hpp"

namespace joinery::test {

struct SshKey {
  std::filesystem::path file;
  std::string public_line;
  std::string md5;  // aa:bb:... without "MD5:"
  std::string sha256;
};

// `type` is ssh-keygen's key type arguments ({"-t", "ecdsa", "-m", "PEM"}). Throws
// when ssh-keygen fails, which fails the test or benchmark that asked.
inline SshKey make_ssh_key(const TempDir &dir, const std::string &name,
                           const std::vector<std::string> &type) {
  using namespace std::chrono_literals;
  SshKey key{dir.path() / name, "", "", ""};
  std::vector<std::string> argv{"ssh-keygen", "-q", "-N", "", "-C", name, "-f", key.file.string()};
  argv.insert(argv.end(), type.begin(), type.end());
  const CommandResult made = run(argv, 30s);
  if (made.status != 0) throw std::runtime_error("ssh-keygen failed: " + made.err);
  key.public_line = file_text(key.file.string() + ".pub");
  auto fingerprint = [&](const char *hash) {
    const CommandResult listed =
        run({"ssh-keygen", "-l", "-E", hash, "-f", key.file.string() + ".pub"}, 30s);
    if (listed.status != 0) throw std::runtime_error("ssh-keygen -l failed: " + listed.err);
    const std::size_t start = listed.out.find(' ') + 1;
    return listed.out.substr(start, listed.out.find(' ', start) - start);
  };
  key.md5 = fingerprint("md5").substr(4);
  key.sha256 = fingerprint("sha256");
  return key;
}

}  // namespace joinery::test
