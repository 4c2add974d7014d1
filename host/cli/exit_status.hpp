// joinery's exit statuses, one per kind of outcome, so scripts and systemd units can
// tell them apart.
#pragma once

namespace joinery::cli {

enum ExitStatus : int {
  exit_ok = 0,           // every cluster joined, or had nothing to do
  exit_join_failed = 1,  // a retry budget was spent (Consul: "Retry join failed"); discover failed
  exit_usage = 2,  // bad command line or configuration (as root: one someone else can change),
                   // or started set-uid/set-gid; nothing was started
  exit_plugin_error = 3,     // a plugin the run needs is missing or was refused
  exit_summary_failed = 4,   // the clusters joined, but --summary could not be written
  exit_plugin_exited = 5,    // an in-process plugin ended the process with exit(): unfinished
  exit_internal_error = 70,  // an unforeseen failure (an exception); sysexits' EX_SOFTWARE
  exit_sigint = 130,         // stopped by SIGINT
  exit_sigterm = 143,        // stopped by SIGTERM
};

}  // namespace joinery::cli
