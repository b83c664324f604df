#include "jobs/clock.h"

namespace cimdouble::jobs {
namespace {

int64_t wallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RealClock::RealClock(double scale) : scale_(scale), anchorWall_(wallMicros()), anchorScaled_(anchorWall_) {}

int64_t RealClock::nowMicros() const {
  std::lock_guard lock(mutex_);
  return anchorScaled_ + static_cast<int64_t>(static_cast<double>(wallMicros() - anchorWall_) * scale_);
}

void RealClock::setScale(double scale) {
  std::lock_guard lock(mutex_);
  const int64_t wall = wallMicros();
  anchorScaled_ += static_cast<int64_t>(static_cast<double>(wall - anchorWall_) * scale_);
  anchorWall_ = wall;
  scale_ = scale;
}

}  // namespace cimdouble::jobs
