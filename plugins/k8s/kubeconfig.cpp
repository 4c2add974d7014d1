// Reading a kubeconfig file (the subset client-go's clientcmd honours for a static
// identity: token, token file, client certificate; exec and auth-provider plugins
// are refused with a clear message).
#include "api_access.hpp"
#include "base64.hpp"
#include "token_file.hpp"

#include <yaml-cpp/yaml.h>

#include <joinery/sdk/regular_file.hpp>

namespace joinery::k8s {
namespace {

using sdk::Error;
using sdk::Status;

// Larger kubeconfigs are refused: one with many clusters and inline certificates is
// a few hundred KiB.
constexpr std::size_t max_kubeconfig_bytes = std::size_t{16} << 20;

class Kubeconfig {
 public:
  explicit Kubeconfig(std::filesystem::path path) : path_(std::move(path)) {}

  ApiAccess load() {
    YAML::Node root = parse();
    const std::string context_name = text(root["current-context"]);
    if (context_name.empty()) {
      fail("no current-context is set");
    }
    const YAML::Node context = named(root["contexts"], "context", context_name)["context"];
    const std::string cluster_name = text(context["cluster"]);
    const std::string user_name = text(context["user"]);
    const YAML::Node cluster = named(root["clusters"], "cluster", cluster_name)["cluster"];

    ApiAccess access;
    access.origin = "kubeconfig " + path_.string() + " (context " + context_name + ")";
    access.server = text(cluster["server"]);
    if (access.server.empty()) {
      fail("cluster \"" + cluster_name + "\" has no server");
    }
    access.tls.insecure = flag(cluster["insecure-skip-tls-verify"]);
    access.tls.ca = pem(cluster, "certificate-authority");
    if (!user_name.empty()) {
      read_user(named(root["users"], "user", user_name)["user"], user_name, access);
    }
    return access;
  }

 private:
  YAML::Node parse() const {
    const sdk::FileText file = sdk::read_regular_file(path_.string(), max_kubeconfig_bytes);
    if (!file) {
      fail(file.error);
    }
    try {
      YAML::Node root = YAML::Load(file.text);
      if (!root.IsMap()) {
        fail("not a kubeconfig (no YAML mapping at the top)");
      }
      return root;
    } catch (const YAML::Exception &error) {
      fail("not YAML: " + error.msg + " (line " + std::to_string(error.mark.line + 1) + ")");
    }
  }

  void read_user(const YAML::Node &user, const std::string &name, ApiAccess &access) const {
    for (const char *plugin : {"exec", "auth-provider"}) {
      if (user[plugin]) {
        fail("user \"" + name + "\" authenticates through " + plugin +
             ", which joinery does not run; give it a token or a client certificate");
      }
    }
    access.bearer_token = text(user["token"]);
    if (access.bearer_token.empty()) {
      if (const std::string file = text(user["tokenFile"]); !file.empty()) {
        auto token = http::read_token_file(resolve(file));
        if (!token) {
          fail("cannot read tokenFile " + resolve(file).string() + ": " + token.error);
        }
        access.bearer_token = std::move(token.text);
      }
    }
    access.tls.client_certificate = pem(user, "client-certificate");
    access.tls.client_key = pem(user, "client-key");
    if (access.tls.client_certificate.empty() != access.tls.client_key.empty()) {
      fail("user \"" + name + "\" needs both client-certificate and client-key");
    }
  }

  // `list` is a sequence of {name: ..., <kind>: {...}}; the entry named `name`.
  YAML::Node named(const YAML::Node &list, const std::string &kind, const std::string &name) const {
    if (list && list.IsSequence()) {
      for (const YAML::Node &entry : list) {
        if (entry.IsMap() && text(entry["name"]) == name) {
          return entry;
        }
      }
    }
    fail(kind + " \"" + name + "\" is not in its " + kind + "s");
  }

  // A PEM from `<field>` (a file) or `<field>-data` (base64 of the PEM itself).
  http::PemSource pem(const YAML::Node &node, const std::string &field) const {
    http::PemSource source;
    source.key = field;
    if (const std::string data = text(node[field + "-data"]); !data.empty()) {
      const auto decoded = http::decode_base64(data);
      if (!decoded) {
        fail(field + "-data is not base64");
      }
      source.pem = *decoded;
    } else if (const std::string file = text(node[field]); !file.empty()) {
      source.file = resolve(file).string();
    }
    return source;
  }

  std::filesystem::path resolve(const std::string &file) const {
    const std::filesystem::path given(file);
    return given.is_absolute() ? given : path_.parent_path() / given;
  }

  static std::string text(const YAML::Node &node) {
    return node && node.IsScalar() ? node.Scalar() : std::string();
  }

  bool flag(const YAML::Node &node) const {
    if (!node) {
      return false;
    }
    try {
      return node.as<bool>();
    } catch (const YAML::Exception &) {
      fail("insecure-skip-tls-verify is not true or false");
    }
  }

  [[noreturn]] void fail(const std::string &problem) const {
    throw Error(Status::unavailable, path_.string() + ": " + problem);
  }

  std::filesystem::path path_;
};

}  // namespace

ApiAccess load_kubeconfig(const std::filesystem::path &path) {
  return Kubeconfig(path).load();
}

}  // namespace joinery::k8s
