#include "wsman/message_id.h"

#include <cstdio>
#include <random>

namespace cimdouble::wsman {

std::string newUuid() {
  // Per-thread generator: response IDs need uniqueness, not repeatability (job IDs, which
  // tests compare, come from the jobs layer's seeded source).
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const uint64_t a = generator();
  const uint64_t b = generator();
  char text[40];
  std::snprintf(text, sizeof text, "%08X-%04X-4%03X-%04X-%012llX", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0x0FFF),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3FFF)),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
  return text;
}

}  // namespace cimdouble::wsman
