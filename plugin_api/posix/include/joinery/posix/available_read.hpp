// Reading what a non-blocking descriptor (a child's pipe, a socket) holds now, bounded
// in bytes so that a chatty child cannot keep its reader from its other work.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace joinery::posix {

enum class ReadEnd {
  drained,  // nothing more for now (EAGAIN), or `limit` bytes were read
  ended,    // end of file: the writer closed its end
  failed,   // a read error; errno says which
};

// Reads from `fd` until it has nothing more, it ends, or `limit` bytes were read,
// handing each chunk to `take` as it comes. EINTR is retried.
ReadEnd read_available(int fd, std::size_t limit,
                       const std::function<void(std::string_view chunk)> &take);

}  // namespace joinery::posix
