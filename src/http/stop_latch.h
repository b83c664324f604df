// The server's "stopping" state as something a request can wait on: an injected delay (fault
// rules allow minutes) sleeps on it, so SIGTERM ends the wait at once instead of the shutdown
// waiting the delay out (issue 21).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace cimdouble::http {

class StopLatch {
 public:
  // Waits `duration` or until the server stops; true when it stopped.
  bool waitFor(std::chrono::milliseconds duration) const {
    std::unique_lock lock(mutex_);
    return stopped_changed_.wait_for(lock, duration, [this] { return stopped_; });
  }
  void trigger() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    stopped_changed_.notify_all();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable stopped_changed_;
  bool stopped_ = false;
};

// An injected delay in real time, whatever the job clock does: waited out on `stopping` (when
// the front end has it), so a stopping server ends it at once. True when the server stopped.
inline bool waitOutDelay(const StopLatch* stopping, std::chrono::milliseconds delay) {
  if (!stopping) {
    std::this_thread::sleep_for(delay);
    return false;
  }
  return stopping->waitFor(delay);
}

}  // namespace cimdouble::http
