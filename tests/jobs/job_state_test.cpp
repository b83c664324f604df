#include <boost/test/unit_test.hpp>

#include "jobs/job_state.h"

using namespace cimdouble::jobs;

BOOST_AUTO_TEST_SUITE(job_state)

// One table of names serves the control plane (which prints the MOF's Values) and the fixture
// files (where people write them in any case, with or without the space).
BOOST_AUTO_TEST_CASE(names_read_back_in_any_spelling) {
  BOOST_TEST(jobStateName(JobState::ShuttingDown) == std::string("Shutting Down"));
  BOOST_TEST(jobStateName(JobState::Exception) == std::string("Exception"));
  for (const char* name : {"ShuttingDown", "Shutting Down", "shutting down", "SHUTTINGDOWN"}) {
    BOOST_TEST((jobStateNamed(name) == JobState::ShuttingDown), name);
  }
  for (uint16_t v = 2; v <= 11; ++v) {
    const auto state = static_cast<JobState>(v);
    BOOST_TEST((jobStateNamed(jobStateName(state)) == state), v);
  }
  for (const char* wrong : {"", "Shutting", "Run", "Running!", "Query Pending", "?"}) {
    BOOST_TEST(!jobStateNamed(wrong).has_value(), wrong);
  }
}

BOOST_AUTO_TEST_SUITE_END()
