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
      // What the user declared: hosts and jobs as listed, and every instance the file makes.
      const auto count = [](std::size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
      };
      std::cout << path << ": ok (" << count(startup.fixture.nodes.size(), "host", "hosts") << ", "
                << count(startup.fixture.stagedJobs.size(), "staged job", "staged jobs") << ", "
                << count(startup.fixture.users.size(), "user", "users") << "; "
                << count(startup.fixture.instances->size - schemaInstances, "instance", "instances") << " in all)\n";
    }
  }
  if (errors) std::cerr << errors << (errors == 1 ? " problem\n" : " problems\n");
  return errors == 0 ? 0 : 1;
}

}  // namespace cimdouble::app
