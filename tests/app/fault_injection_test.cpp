// The fault rules: indexed by action, they still fire as one list would, the first added that
// matches; oneShot rules go once fired; the count is capped.
#include <boost/test/unit_test.hpp>

#include "control/fault_injection.h"

using namespace cimdouble;
using control::FaultInjector;
using control::FaultRule;

namespace {

FaultRule rule(std::string action, std::string className, bool oneShot = false) {
  FaultRule r;
  r.action = std::move(action);
  r.className = std::move(className);
  r.oneShot = oneShot;
  return r;
}

wsman::Exchange request(std::string action, std::string className) {
  wsman::Exchange e;
  e.action = std::move(action);
  e.className = std::move(className);
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fault_rules)

BOOST_AUTO_TEST_CASE(the_first_added_that_matches_fires) {
  FaultInjector faults;
  const uint64_t anyAction = faults.add(rule("", "Msvm_MigrationJob"));
  const uint64_t get = faults.add(rule("get", ""));  // actions compare case-insensitively
  const uint64_t oneShot = faults.add(rule("Enumerate", "", true));
  BOOST_TEST(faults.decide(request("Get", "Msvm_MigrationJob"))->id == anyAction);
  BOOST_TEST(faults.decide(request("Get", "Msvm_ComputerSystem"))->id == get);
  BOOST_TEST(faults.decide(request("Enumerate", "Msvm_MigrationJob"))->id == anyAction);
  BOOST_TEST(faults.decide(request("Enumerate", "Msvm_ComputerSystem"))->id == oneShot);
  BOOST_TEST(!faults.decide(request("Enumerate", "Msvm_ComputerSystem")));  // fired once, gone
  BOOST_TEST(!faults.decide(request("Put", "Msvm_ComputerSystem")));
  const std::vector<FaultRule> listed = faults.list();
  BOOST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[0].id == anyAction);
  BOOST_TEST(listed[1].id == get);
  BOOST_TEST(listed[0].matched == 2u);
  BOOST_TEST(faults.remove(anyAction));
  BOOST_TEST(!faults.remove(anyAction));
  BOOST_TEST(faults.decide(request("Get", "Msvm_MigrationJob"))->id == get);
}

BOOST_AUTO_TEST_CASE(rules_are_capped) {
  FaultInjector faults;
  for (std::size_t i = 0; i < control::kMaxFaultRules; ++i) BOOST_REQUIRE(faults.add(rule(i % 2 ? "Get" : "", "")) != 0);
  BOOST_TEST(faults.add(rule("Pull", "")) == 0u);
  faults.clear();
  BOOST_TEST(faults.list().empty());
  BOOST_TEST(faults.add(rule("Pull", "")) != 0u);
}

BOOST_AUTO_TEST_SUITE_END()
