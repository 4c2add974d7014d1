// What joinery does when a plugin in its process calls exit() or quick_exit().
//
// Nothing can stop a library in the process from ending it. But exit(0) from a
// provider's discover would end `joinery run` with status 0, no "completed" line and
// no summary, and a oneshot unit would believe the node joined. So while a command
// runs, an atexit and an at_quick_exit handler are armed: an exit that is not the
// command's own return says which plugin call was running (the one on the exiting
// thread, else any in flight) and ends the process with a failure status instead.
// _exit() and a kill run no handler; those stay out of reach (isolation catches all
// of them: docs/hardening.md).
#pragma once

#include <string>

namespace joinery::plugins {

// Marks the current thread as inside a call into a plugin, for as long as it lives:
// `what` names it for the message ("provider 'acme': discover").
class InProcessPluginCall {
 public:
  explicit InProcessPluginCall(std::string what);
  ~InProcessPluginCall();
  InProcessPluginCall(const InProcessPluginCall &) = delete;
  InProcessPluginCall &operator=(const InProcessPluginCall &) = delete;

  [[nodiscard]] const std::string &what() const { return what_; }

 private:
  std::string what_;
  InProcessPluginCall *outer_;  // the call this one runs inside, on this thread
};

// From now on, an exit() or quick_exit() in the process writes what was running to
// stderr and ends the process with `status` (the handlers are installed once).
void arm_plugin_exit_guard(int status);

// The command is returning on its own: an exit from here on is its own.
void disarm_plugin_exit_guard();

}  // namespace joinery::plugins
