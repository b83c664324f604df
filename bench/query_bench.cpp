// Key-equality WQL against a small and a large job table, measured in one run and reported
// as a ratio (the machines are shared and noisy: absolute figures mean little, ratios hold).
//
//   query_bench [--quick]
//
// The poll libvirt's Hyper-V driver sends every 100 ms,
//   SELECT * FROM Msvm_MigrationJob WHERE InstanceID = '...'
// must cost the same with 10 live jobs as with 10,000: the engine answers it with one lookup.
// A scan query (JobState = 4) is measured beside it to show what a scan would cost.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cimom/mof/built_in_schema.h"
#include "cimom/query_engine.h"

using namespace cimdouble::cimom;

namespace {

constexpr const char* kNs = "root/HyperVCluster/v2";

struct Table {
  ClassRepository repository;
  InstanceStore store{repository};
  QueryEngine engine{repository, store};
  std::vector<std::string> ids;

  explicit Table(int jobs) {
    if (!cimdouble::cimom::loadBuiltInSchema(repository, store).empty()) std::abort();
    for (int i = 0; i < jobs; ++i) {
      char id[64];
      std::snprintf(id, sizeof id, "Microsoft:%08X-0000-0000-0000-%012d", i * 2654435761u, i);
      Instance job("Msvm_MigrationJob");
      job.set("InstanceID", Value::string(id));
      job.set("Name", Value::string("Migration"));
      job.set("JobState", Value::unsignedInt(CimType::UInt16, i % 3 == 0 ? 4 : 7));
      job.set("PercentComplete", Value::unsignedInt(CimType::UInt16, static_cast<uint64_t>(i % 101)));
      if (!store.create(kNs, job).ok()) std::abort();
      ids.push_back(id);
    }
  }
};

// Nanoseconds per query for `count` queries produced by `wql(i)`.
template <typename MakeQuery>
double nanosPerQuery(const Table& table, int count, MakeQuery wql) {
  const auto start = std::chrono::steady_clock::now();
  std::size_t found = 0;
  for (int i = 0; i < count; ++i) {
    auto r = table.engine.execute(kNs, wql(i));
    if (!r.ok()) std::abort();
    found += r->instances.size();
  }
  const auto end = std::chrono::steady_clock::now();
  if (found == 0) std::abort();
  return std::chrono::duration<double, std::nano>(end - start).count() / count;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int rounds = quick ? 3 : 15;
  const int queries = quick ? 200 : 2000;
  Table small(10);
  Table large(10000);

  auto byKey = [](const Table& t) {
    return [&t](int i) {
      return "SELECT * FROM Msvm_MigrationJob WHERE InstanceID = '" + t.ids[static_cast<std::size_t>(i * 7919) % t.ids.size()] + "'";
    };
  };
  auto scan = [](int) { return std::string("SELECT * FROM Msvm_MigrationJob WHERE JobState = 4"); };

  // Interleave the two tables round by round so that noise hits both alike; take medians.
  std::vector<double> smallKey, largeKey, smallScan, largeScan;
  for (int r = 0; r < rounds; ++r) {
    smallKey.push_back(nanosPerQuery(small, queries, byKey(small)));
    largeKey.push_back(nanosPerQuery(large, queries, byKey(large)));
    smallScan.push_back(nanosPerQuery(small, queries / 20 + 1, scan));
    largeScan.push_back(nanosPerQuery(large, queries / 20 + 1, scan));
  }
  const double keyRatio = median(largeKey) / median(smallKey);
  const double scanRatio = median(largeScan) / median(smallScan);
  std::printf("key-equality WQL (InstanceID = '...'):  10 jobs %.1f us/query, 10,000 jobs %.1f us/query, ratio %.2f\n",
              median(smallKey) / 1000, median(largeKey) / 1000, keyRatio);
  std::printf("scan WQL (JobState = 4), for contrast: 10 jobs %.1f us/query, 10,000 jobs %.1f us/query, ratio %.1f\n",
              median(smallScan) / 1000, median(largeScan) / 1000, scanRatio);
  std::printf("target: key-equality ratio within 2x: %s\n", keyRatio <= 2.0 ? "met" : "MISSED");
  return 0;
}
