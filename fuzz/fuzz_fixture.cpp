// libFuzzer target: the fixture loader (YAML/JSON through yaml-cpp, every section, the
// behaviour rules) on the built-in schema. Inputs end in a fixture or in problems.
#include <cstddef>
#include <cstdint>
#include <string>

#include "app/fixture/fixture.h"
#include "app/startup_fixture.h"
#include "cimom/mof/source.h"

namespace {

struct World {
  cimdouble::cimom::ClassRepository repository;
  cimdouble::app::StartupFixture startup;

  World() {
    if (!cimdouble::app::loadStartupFixture({}, {}, repository, startup).empty()) std::abort();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  // Only the input itself can be read: `mof:` entries name files that do not exist.
  cimdouble::cimom::EmbeddedMofSource files({{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)}});
  cimdouble::app::FixtureLoadOptions options;
  options.instancesOnly = true;
  (void)cimdouble::app::loadFixture("fuzz.yaml", files, world.repository, world.startup.schema, options);
  return 0;
}
