// Accounts: Basic checks, and the account a Kerberos principal is.
#include <boost/test/unit_test.hpp>

#include "http/accounts.h"

using namespace cimdouble::http;

BOOST_AUTO_TEST_CASE(a_principal_is_the_account_of_its_name) {
  const Accounts accounts(std::vector<Credentials>{{"alice", "a"}, {"CORP\\bob", "b"}, {"carol@corp.test", "c"}});
  BOOST_TEST(accounts.principal("alice@CIMDOUBLE.TEST").value_or("") == "alice");  // a local account
  BOOST_TEST(accounts.principal("bob@CORP").value_or("") == "CORP\\bob");
  BOOST_TEST(accounts.principal("BOB@corp").value_or("") == "CORP\\bob");            // without case
  BOOST_TEST(accounts.principal("carol@CORP.TEST").value_or("") == "carol@corp.test");
  BOOST_TEST(!accounts.principal("mallory@CORP"));
  BOOST_TEST(!accounts.principal(""));
}

BOOST_AUTO_TEST_CASE(basic_wants_the_exact_password) {
  const Accounts accounts(std::vector<Credentials>{{"alice", "a"}});
  BOOST_TEST(accounts.accept("alice", "a"));
  BOOST_TEST(!accounts.accept("alice", "A"));
  BOOST_TEST(!accounts.accept("Alice", "a"));
}
