// GUIDs for new jobs and reference points. Seeded (`serve --seed N`) the sequence is the same
// run to run, so tests can compare InstanceIDs; unseeded it is random. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace cimdouble::time {

// A version-4 GUID's text from 128 random bits.
std::string formatGuid(uint64_t high, uint64_t low);

class IdSource {
 public:
  explicit IdSource(std::optional<uint64_t> seed = std::nullopt);
  std::string newGuid();  // "8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"

 private:
  std::mutex mutex_;
  std::mt19937_64 generator_;
};

}  // namespace cimdouble::time
