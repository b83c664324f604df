#include "time/id_source.h"

#include <cstdio>

namespace cimdouble::time {

IdSource::IdSource(std::optional<uint64_t> seed) : generator_(seed ? *seed : std::random_device{}()) {}

std::string formatGuid(uint64_t a, uint64_t b) {
  char text[40];
  std::snprintf(text, sizeof text, "%08X-%04X-4%03X-%04X-%012llX", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0x0FFF),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3FFF)), static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
  return text;
}

std::string IdSource::newGuid() {
  std::lock_guard lock(mutex_);
  const uint64_t a = generator_();
  const uint64_t b = generator_();
  return formatGuid(a, b);
}

}  // namespace cimdouble::time
