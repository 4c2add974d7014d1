// The processes below one process, found through /proc by their parent ids, and their
// killing. A plugin runner is a child subreaper (PR_SET_CHILD_SUBREAPER): whatever its
// plugin starts, even a daemon that forked twice and called setsid() to leave the
// runner's process group, stays below the runner while the runner lives, so killing
// the runner's descendants before the runner kills everything the plugin started.
#pragma once

#include <sys/types.h>

#include <vector>

namespace joinery::plugins {

// The living (not zombie) descendants of `root`, children before grandchildren.
std::vector<pid_t> living_descendants(pid_t root);

// SIGKILLs every descendant of `root`, scanning again until none lives (a descendant may
// fork while it is killed), for at most about a second: a fork bomb may outrun it.
// Returns false when some still lived then.
bool kill_descendants(pid_t root);

}  // namespace joinery::plugins
