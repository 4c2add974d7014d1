#include "vsphere_discovery.hpp"

#include "guest_address.hpp"
#include "tagging_session.hpp"
#include "vim_session.hpp"

#include <set>
#include <tuple>

namespace joinery::vsphere {
namespace {

// The call's bounds, its deadline brought forward to settings.timeout from now
// (go-discover's context.WithTimeout) when that comes first.
sdk::CallBounds bounded(const VsphereSettings &settings, const sdk::CallBounds &call) {
  sdk::CallBounds bounded = call;
  bounded.deadline =
      call.end_before(sdk::deadline_after(std::chrono::steady_clock::now(), settings.timeout));
  return bounded;
}

// Logs out of a session when the attempt ends, so that a vCenter (which keeps a few
// hundred sessions at most) is not left one per attempt.
template <class Session>
class LoggedOut {
 public:
  LoggedOut(Session &session, const char *name, cloud::Found &found)
      : session_(session), name_(name), found_(found) {}
  LoggedOut(const LoggedOut &) = delete;
  LoggedOut &operator=(const LoggedOut &) = delete;
  ~LoggedOut() {
    if (!session_.logout()) {
      found_.notes.push_back(std::string("vsphere: the ") + name_ +
                             " session could not be logged out; the vCenter ends it when idle");
    }
  }

 private:
  Session &session_;
  const char *name_;
  cloud::Found &found_;
};

// Adds the peer addresses of `machines` to `found`, each address once, with a note per
// machine, in the machines' name order: the property collector answers in no set order,
// and the same inventory should give the same list at every attempt.
void add_guest_addresses(std::vector<GuestNetwork> machines, cloud::Found &found) {
  std::sort(machines.begin(), machines.end(), [](const GuestNetwork &a, const GuestNetwork &b) {
    return std::tie(a.name, a.id) < std::tie(b.name, b.id);
  });
  std::set<std::string> seen;
  for (const GuestNetwork &machine : machines) {
    if (!machine.reported) {
      found.notes.push_back("vsphere: virtual machine " + machine.name + " (" + machine.id +
                            ") reports no guest network: VMware Tools not running?");
      continue;
    }
    std::size_t taken = 0;
    for (const std::string &reported : machine.addresses) {
      if (const auto address = peer_address(reported)) {
        ++taken;
        if (seen.insert(*address).second) {
          found.addresses.push_back(*address);
        }
      }
    }
    found.notes.push_back("vsphere: virtual machine " + machine.name + " (" + machine.id +
                          "): " + std::to_string(taken) + " of " +
                          std::to_string(machine.addresses.size()) + " guest addresses taken");
  }
}

}  // namespace

cloud::Found discover_vsphere(const VsphereSettings &settings,
                              const sdk::CallBounds &interruption) {
  const sdk::CallBounds within = bounded(settings, interruption);
  cloud::Found found;
  {
    // The sessions end (and log out, noting a failure in `found`) before it is returned.
    VimSession vim(settings, within);
    const LoggedOut vim_logout(vim, "VIM", found);
    TaggingSession tagging(settings, within);
    const LoggedOut tagging_logout(tagging, "CIS REST", found);

    const std::string category = tagging.category_id(settings.category_name);
    const std::string tag = tagging.tag_id(settings.tag_name, category, settings.category_name);
    const std::vector<std::string> machines = tagging.tagged_machines(tag, found.notes);
    if (machines.empty()) {
      found.notes.push_back("vsphere: no virtual machine has the tag " + settings.tag_name +
                            " of category " + settings.category_name);
    } else {
      add_guest_addresses(vim.guest_networks(machines, found.notes), found);
    }
  }
  return found;
}

}  // namespace joinery::vsphere
