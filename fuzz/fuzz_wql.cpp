// libFuzzer target: WQL parsed and run against the default cluster (SELECT, ASSOCIATORS OF,
// REFERENCES OF), in both Hyper-V namespaces.
#include <cstddef>
#include <cstdint>
#include <string>

#include "app/startup_fixture.h"
#include "cimom/query_engine.h"

namespace {

struct World {
  cimdouble::cimom::ClassRepository repository;
  cimdouble::app::StartupFixture startup;
  cimdouble::cimom::InstanceStore store{repository};

  World() {
    if (!cimdouble::app::loadStartupFixture({}, {}, repository, startup).empty()) std::abort();
    store.restore(*startup.fixture.instances);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  cimdouble::cimom::QueryEngine engine(world.repository, world.store);
  (void)engine.execute(size % 2 ? "root/HyperVCluster/v2" : "root/virtualization/v2", query);
  return 0;
}
