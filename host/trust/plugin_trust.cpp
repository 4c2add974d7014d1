#include "trust/plugin_trust.hpp"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <unistd.h>
#include <joinery/sdk/regular_file.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>
#include <type_traits>

namespace joinery::plugins {
namespace {

namespace fs = std::filesystem;
using trust::shell_word;

// What a root joinery does only with files no one but root can change.
constexpr std::string_view loads_plugins = "loads plugins";

Problem pin_mismatch(const fs::path &file, const std::string &stem, const PinnedHash &pin,
                     const std::string &actual) {
  return {"its SHA-256 is " + actual + ", but plugin_sha256 pins '" + stem + "' to " + pin.sha256 +
              (pin.origin.empty() ? "" : " (" + pin.origin + ")") +
              ": it is not the file the pin was made for",
          file.string(),
          "install the pinned file, or, if you trust this one, pin its hash (`sha256sum " +
              shell_word(file) + "`)"};
}

// OpenSSL's digest functions, from libcrypto loaded on first use rather than linked:
// linked, libcrypto costs every run about 0.7 ms before main() (its relocations and
// its constructors; docs/benchmarks.md), and most runs pin no plugin file.
struct Digests {
  decltype(&EVP_MD_CTX_new) context_new = nullptr;
  decltype(&EVP_MD_CTX_free) context_free = nullptr;
  decltype(&EVP_sha256) sha256 = nullptr;
  decltype(&EVP_DigestInit_ex) init = nullptr;
  decltype(&EVP_DigestUpdate) update = nullptr;
  decltype(&EVP_DigestFinal_ex) final = nullptr;
  std::string error;  // why they could not be loaded; empty when they were

  // The process's one copy, loaded (or failed) on first use; thread-safe.
  static const Digests &get() {
    static const Digests digests = load();
    return digests;
  }

 private:
  static Digests load() {
#define JOINERY_TEXT(x) #x
#define JOINERY_SONAME(major) "libcrypto.so." JOINERY_TEXT(major)
    static constexpr const char *soname = JOINERY_SONAME(OPENSSL_VERSION_MAJOR);
#undef JOINERY_SONAME
#undef JOINERY_TEXT
    Digests out;
    void *library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);  // kept for the process's life
    if (library == nullptr) {
      const char *why = ::dlerror();
      out.error = std::string("cannot load OpenSSL (") + soname + "): " + (why ? why : "unknown");
      return out;
    }
    const auto find = [&](auto &function, const char *name) {
      function =
          reinterpret_cast<std::remove_reference_t<decltype(function)>>(::dlsym(library, name));
      if (function == nullptr && out.error.empty()) {
        out.error = std::string(soname) + " has no " + name;
      }
    };
    find(out.context_new, "EVP_MD_CTX_new");
    find(out.context_free, "EVP_MD_CTX_free");
    find(out.sha256, "EVP_sha256");
    find(out.init, "EVP_DigestInit_ex");
    find(out.update, "EVP_DigestUpdate");
    find(out.final, "EVP_DigestFinal_ex");
    return out;
  }
};

}  // namespace

Result<> environment_distrust(const TrustPolicy &policy, const ProcessPrivilege &privilege) {
  if (privilege.secure_execution) {
    return failure(
        {"joinery runs set-uid or set-gid, so its environment belongs to whoever "
         "started it (--allow-env-plugin-path does not change that)"});
  }
  if (privilege.effective_uid == 0 && !policy.allow_environment) {
    return failure({"joinery runs as root", "", "pass --allow-env-plugin-path to use it"});
  }
  return {};
}

Result<> untrusted_directory(const fs::path &dir, const ProcessPrivilege &privilege) {
  if (privilege.effective_uid != 0) return {};
  return trust::changeable_by_others(dir, trust::Target::directory, loads_plugins);
}

Result<> untrusted_plugin_file(const fs::path &file, const TrustPolicy &policy,
                               const ProcessPrivilege &privilege) {
  if (privilege.effective_uid == 0) {
    Result<> owned = trust::changeable_by_others(file, trust::Target::file, loads_plugins);
    if (!owned) return owned;
  }
  const std::string stem = file.stem().string();
  const auto pin = policy.sha256_pins.find(stem);
  if (pin == policy.sha256_pins.end()) return {};
  const Result<std::string> actual = file_sha256(file);
  if (!actual) {
    return failure(
        {"cannot be read to check its plugin_sha256 pin: " + actual.error().what, file.string()});
  }
  if (*actual != pin->second.sha256) return failure(pin_mismatch(file, stem, pin->second, *actual));
  return {};
}

Result<std::string> file_sha256(const fs::path &file) {
  const auto cannot = [&](std::string why) { return failure({std::move(why), file.string()}); };
  const Digests &openssl = Digests::get();
  if (!openssl.error.empty()) return cannot(openssl.error);
  const sdk::RegularFile opened(file.string());
  if (opened.fd() < 0) return cannot(opened.error());
  if (static_cast<std::uintmax_t>(opened.info().st_size) > max_hashed_file_bytes) {
    return cannot("larger than " + sdk::format_size(max_hashed_file_bytes));
  }
  std::string error;
  const int fd = opened.fd();
  std::uintmax_t hashed = 0;
  const auto free_context = [&](EVP_MD_CTX *context) { openssl.context_free(context); };
  std::unique_ptr<EVP_MD_CTX, decltype(free_context)> context(openssl.context_new(), free_context);
  bool ok = context != nullptr && openssl.init(context.get(), openssl.sha256(), nullptr) == 1;
  std::array<unsigned char, 1 << 16> buffer{};
  while (ok) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ok = false;
    } else if (n == 0) {
      break;
    } else if ((hashed += static_cast<std::size_t>(n)) > max_hashed_file_bytes) {
      error = "larger than " + sdk::format_size(max_hashed_file_bytes);  // it grew
      ok = false;
    } else {
      ok = openssl.update(context.get(), buffer.data(), static_cast<std::size_t>(n)) == 1;
    }
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (ok) ok = openssl.final(context.get(), digest.data(), &length) == 1;
  if (!ok) return cannot(error.empty() ? "OpenSSL could not compute the hash" : error);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 &&
         text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

}  // namespace joinery::plugins
