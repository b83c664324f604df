#include "wsman/message_id.h"

#include <random>

#include "time/id_source.h"

namespace cimdouble::wsman {

std::string newUuid() {
  // Per-thread generator: response IDs need uniqueness, not repeatability (job IDs, which
  // tests compare, come from the jobs layer's seeded source).
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const uint64_t a = generator();
  const uint64_t b = generator();
  return time::formatGuid(a, b);
}

}  // namespace cimdouble::wsman
