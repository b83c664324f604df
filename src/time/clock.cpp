#include "time/clock.h"

namespace cimdouble::time {
namespace {

int64_t wallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RealClock::RealClock(double scale) : scale_(scale), anchorWall_(wallMicros()), anchorScaled_(anchorWall_) {}

int64_t RealClock::nowMicros() const {
  std::lock_guard lock(mutex_);
  if (paused_) return anchorScaled_;
  return anchorScaled_ + static_cast<int64_t>(static_cast<double>(wallMicros() - anchorWall_) * scale_);
}

void RealClock::reanchor() {
  const int64_t wall = wallMicros();
  if (!paused_) anchorScaled_ += static_cast<int64_t>(static_cast<double>(wall - anchorWall_) * scale_);
  anchorWall_ = wall;
}

void RealClock::setScale(double scale) {
  std::lock_guard lock(mutex_);
  reanchor();
  scale_ = scale;
}

void RealClock::pause() {
  std::lock_guard lock(mutex_);
  reanchor();
  paused_ = true;
}

void RealClock::resume() {
  std::lock_guard lock(mutex_);
  reanchor();
  paused_ = false;
}

void RealClock::advance(int64_t micros) {
  std::lock_guard lock(mutex_);
  reanchor();
  anchorScaled_ += micros;
}

void RealClock::set(int64_t micros) {
  std::lock_guard lock(mutex_);
  reanchor();
  anchorScaled_ = micros;
}

double RealClock::scale() const {
  std::lock_guard lock(mutex_);
  return scale_;
}

bool RealClock::paused() const {
  std::lock_guard lock(mutex_);
  return paused_;
}

}  // namespace cimdouble::time
