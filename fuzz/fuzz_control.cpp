// libFuzzer target: the control plane on the default cluster, fed request bodies. The first
// byte picks the route (clock, faults, journal queries, fixtures, ...), the second the method
// and the query string; the rest is the body. Every input must get an answer (a reply or a
// refusal), never a crash, a hang or unbounded growth: the clock, rules and journal are
// bounded, and a reset now and then returns the world to its fixture.
#include <cstddef>
#include <cstdint>
#include <string>

#include "default_cluster.h"

namespace {

constexpr const char* kRoutes[] = {
    "clock", "faults", "faults/remove", "faults/clear", "journal", "journal/verify", "journal/clear", "jobs",
    "health", "metrics", "enumerations", "enumerations/expire", "fixture", "reset", "nowhere",
};
constexpr const char* kQueries[] = {
    "", "?mode=merge", "?mode=merge&format=json", "?format=mof&mode=merge", "?action=Get&limit=3",
    "?class=Msvm_MigrationJob", "?path=default.yaml", "?since=10&status=500",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static cimdouble::fuzz::DefaultCluster world;
  if (size < 2) return 0;
  const std::string route = kRoutes[data[0] % (sizeof kRoutes / sizeof *kRoutes)];
  const std::string method = data[1] & 1 ? "POST" : "GET";
  const std::string query = kQueries[(data[1] >> 1) % (sizeof kQueries / sizeof *kQueries)];
  // A replacing fixture would throw the cluster away at every other input: fixtures merge.
  const std::string path = route == "fixture" && method == "POST" && query.find("mode=merge") == std::string::npos
                               ? route + "?mode=merge"
                               : route + query;
  (void)world.sandbox->control().handle(method, path, std::string(reinterpret_cast<const char*>(data + 2), size - 2));
  world.ran(500);
  return 0;
}
