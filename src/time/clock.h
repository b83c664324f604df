// The one source of time for everything time-dependent (job progress, timestamps, reaping,
// enumeration-context expiry). Nothing in src/ reads the system clock except RealClock.
// Below every other layer: it depends on nothing of ours.
//
//   RealClock    wall time, optionally sped up (--time-scale N: N seconds pass per real second)
//   ManualClock  time moves only when told (tests, and the control plane's clock calls)
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace cimdouble::time {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since 1970-01-01T00:00:00Z in the clock's own time.
  virtual int64_t nowMicros() const = 0;
};

// Wall time, sped up by a scale, that the control plane can also pause, move and set.
class RealClock : public Clock {
 public:
  explicit RealClock(double scale = 1.0);
  int64_t nowMicros() const override;
  void setScale(double scale);
  void pause();
  void resume();
  void advance(int64_t micros);
  void set(int64_t micros);
  double scale() const;
  bool paused() const;

 private:
  void reanchor();  // mutex_ held: fold elapsed wall time into anchorScaled_
  mutable std::mutex mutex_;
  double scale_;
  bool paused_ = false;
  // Scaled time is anchorScaled_ + (wall - anchorWall_) * scale_; re-anchored on every change
  // of scale so time never jumps.
  int64_t anchorWall_;
  int64_t anchorScaled_;
};

class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t startMicros) : now_(startMicros) {}
  int64_t nowMicros() const override { return now_.load(); }
  void advance(int64_t micros) { now_ += micros; }
  void set(int64_t micros) { now_ = micros; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace cimdouble::time
