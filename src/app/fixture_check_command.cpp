#include "app/fixture_check_command.h"

#include <iostream>

#include "app/startup_fixture.h"

namespace cimdouble::app {

int runFixtureCheck(const std::vector<std::string>& paths) {
  std::size_t errors = 0;
  for (const std::string& path : paths) {
    cimom::ClassRepository repository;
    StartupFixture startup;
    const cimom::Diagnostics problems = loadStartupFixture(path, {}, repository, startup);
    for (const cimom::Diagnostic& d : problems) std::cerr << d.toString() << "\n";
    errors += problems.size();
    if (problems.empty()) {
      const std::size_t schemaInstances = startup.schema.instances ? startup.schema.instances->size : 0;
      std::cout << path << ": ok (" << startup.fixture.instances->size - schemaInstances << " instances, "
                << startup.fixture.stagedJobs.size() << " staged job instances, "
                << startup.fixture.users.size() << " users)\n";
    }
  }
  if (errors) std::cerr << errors << (errors == 1 ? " problem\n" : " problems\n");
  return errors == 0 ? 0 : 1;
}

}  // namespace cimdouble::app
