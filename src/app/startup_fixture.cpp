#include "app/startup_fixture.h"

#include "cimom/mof/built_in_schema.h"
#include "app/fixture/fixture_behaviors.h"
#include "time/clock.h"

namespace cimdouble::app {

cimom::Diagnostics loadStartupFixture(const std::string& fixturePath, const std::string& behaviorsPath,
                                      cimom::ClassRepository& repository, StartupFixture& out) {
  cimom::InstanceStore schemaStore(repository);
  cimom::Diagnostics problems = loadBuiltInSchema(repository, schemaStore);
  if (!problems.empty()) return problems;
  out.schema.origin = "built-in schema";
  out.schema.instances = schemaStore.snapshot();

  FixtureLoadOptions options;
  options.nowMicros = time::RealClock().nowMicros();  // staged jobs without dates were submitted at start
  const cimom::FileMofSource disk;
  FixtureLoad loaded = fixturePath.empty()
                           ? loadFixture(kDefaultFixtureEntry, builtInFixtureFiles(), repository, out.schema, options)
                           : loadFixture(fixturePath, disk, repository, out.schema, options);
  if (!loaded.fixture) return loaded.problems;
  out.fixture = std::move(*loaded.fixture);
  if (!behaviorsPath.empty()) problems = loadBehaviorsFile(behaviorsPath, out.fixture.behaviors);
  return problems;
}

}  // namespace cimdouble::app
