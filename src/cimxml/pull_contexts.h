// The enumeration contexts of DSP0200 1.4's pull operations (§5.3.2.25-35): what an Open*
// found, handed out by Pull* in pieces until it ends, is closed, or its OperationTimeout
// passes between two requests. Real time, like WS-Man's enumeration contexts. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cimom/instance.h"
#include "cimom/object_path.h"

namespace cimdouble::cimxml {

struct PullItem {
  cimom::ObjectPath path;
  cimom::InstancePtr instance;  // null for path enumerations
};

// What Pull* answers for a context: instances with their paths, paths, or bare instances.
enum class PullKind { InstancesWithPath, Paths, Instances };

class PullContexts {
 public:
  // Open contexts at once, at most: beyond, an Open* gets CIM_ERR_SERVER_LIMITS_EXCEEDED.
  static constexpr std::size_t kMaxOpen = 1000;
  // An OperationTimeout (seconds) a client may ask for; 0 or absent: the server's 60.
  static constexpr uint32_t kDefaultTimeoutSeconds = 60;
  static constexpr uint32_t kMaxTimeoutSeconds = 3600;

  struct Piece {
    std::vector<PullItem> items;
    bool endOfSequence = false;
    std::string context;  // the same context, "" once it ended
  };

  // Keeps `items` and hands out the first `count`; nullopt when too many are open.
  std::optional<Piece> open(PullKind kind, std::vector<PullItem> items, std::size_t count, uint32_t timeoutSeconds);
  // The next `count` items of `context` if it is open and of `kind`.
  std::optional<Piece> pull(const std::string& context, PullKind kind, std::size_t count);
  bool close(const std::string& context);
  // Items `context` has left to hand out.
  std::optional<std::size_t> remaining(const std::string& context);

 private:
  struct Context {
    PullKind kind;
    std::vector<PullItem> items;
    std::size_t next = 0;
    std::chrono::steady_clock::duration timeout;
    std::chrono::steady_clock::time_point expires;
  };
  Piece take(const std::string& id, Context& context, std::size_t count);  // mutex_ held
  void expire();                                                           // mutex_ held

  std::mutex mutex_;
  std::map<std::string, Context> contexts_;
  uint64_t nextId_ = 1;
};

}  // namespace cimdouble::cimxml
