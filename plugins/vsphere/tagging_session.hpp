// A session with the vCenter's CIS REST API (/rest/com/vmware/cis: the tagging service
// that the VIM API lacks): the session made with Basic auth and sent as
// vmware-api-session-id, the category found by name, the tag by name within it, the
// objects attached to the tag, and the session deleted at the end. Ids are
// URL-encoded in every path.
#pragma once

#include <joinery/plugin.hpp>
#include "json_api.hpp"
#include "vsphere_settings.hpp"

#include <string>
#include <vector>

namespace joinery::vsphere {

class TaggingSession {
 public:
  // POST /rest/com/vmware/cis/session. Throws sdk::Error with the vCenter's error.
  TaggingSession(const VsphereSettings &settings, const sdk::CallBounds &interruption);
  TaggingSession(const TaggingSession &) = delete;
  TaggingSession &operator=(const TaggingSession &) = delete;
  ~TaggingSession() = default;

  // The id of the one category named `name`. Throws sdk::Error(not_found) when there is
  // none, (unavailable) when several have the name.
  std::string category_id(const std::string &name);

  // The id of the one tag named `name` in the category. Throws as category_id does.
  std::string tag_id(const std::string &name, const std::string &category_id,
                     const std::string &category_name);

  // The managed object ids of the virtual machines the tag is attached to; objects of
  // other types are named in `notes`.
  std::vector<std::string> tagged_machines(const std::string &tag_id,
                                           std::vector<std::string> &notes);

  // DELETE /rest/com/vmware/cis/session; true when it succeeded. Never throws.
  bool logout() noexcept;

 private:
  cloud::JsonAnswer call(const std::string &method, const std::string &path,
                         std::optional<std::string> body = std::nullopt);
  // What one_named looks for, and how its messages name it.
  struct Named {
    const char *kind;  // the path's: "category", "tag"
    const char *key;   // "category_name"
    const char *noun;  // "tag category"
    std::string name;
    std::string where;  // "on the vCenter"
  };
  // The one of `ids` whose object is named `named.name`; throws sdk::Error(not_found)
  // when none is, (unavailable) when several are.
  std::string one_named(const Named &named, const std::vector<std::string> &ids);
  // The ids a listing answer holds: its "value" array (absent when empty, as vcsim writes it).
  static std::vector<std::string> listed_ids(const cloud::JsonAnswer &answer);

  const sdk::CallBounds &interruption_;
  http::HttpRequest request_;  // https://host/rest, the session id header once made
};

}  // namespace joinery::vsphere
