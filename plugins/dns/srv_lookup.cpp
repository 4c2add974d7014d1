#include "dns/srv_lookup.hpp"

#include <arpa/nameser.h>

namespace joinery::dns {
namespace {

struct PendingSrv {
  SrvAnswer *answer = nullptr;
  int status = ARES_ECANCELLED;
  bool finished = false;
};

void on_srv(void *arg, int status, int /*timeouts*/, unsigned char *buffer, int length) {
  auto &pending = *static_cast<PendingSrv *>(arg);
  pending.finished = true;
  pending.status = status;
  if (status != ARES_SUCCESS) return;
  ares_srv_reply *reply = nullptr;
  pending.status = ares_parse_srv_reply(buffer, length, &reply);
  for (const ares_srv_reply *r = reply; r != nullptr; r = r->next) {
    std::string target = r->host != nullptr ? r->host : "";
    if (!target.empty() && target.back() == '.') target.pop_back();
    pending.answer->records.push_back({std::move(target), r->port, r->priority, r->weight});
  }
  if (reply != nullptr) ares_free_data(reply);
  if (pending.status == ARES_SUCCESS && pending.answer->records.empty()) {
    pending.status = ARES_ENODATA;
  }
}

}  // namespace

SrvAnswer lookup_srv(AresChannel &channel, const std::string &name, const sdk::CallBounds &bounds) {
  SrvAnswer answer;
  PendingSrv pending{&answer};
  ares_search(channel.get(), name.c_str(), ns_c_in, ns_t_srv, &on_srv, &pending);
  const LoopEnd end = channel.run(bounds, [&] { return pending.finished; });
  if (pending.status != ARES_SUCCESS) {
    answer.records.clear();
    answer.failure = describe_failure(channel, name, "SRV", pending.status, end, channel.timeout());
  }
  return answer;
}

}  // namespace joinery::dns
