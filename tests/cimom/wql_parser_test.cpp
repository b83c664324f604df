#include <boost/test/unit_test.hpp>

#include "cimom/wql/like_pattern.h"
#include "cimom/wql/parser.h"

using namespace cimdouble::cimom;

namespace {

std::string errorOf(const std::string& wql) {
  auto q = parseWql(wql);
  return q.ok() ? "" : q.error().message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wql_parser)

BOOST_AUTO_TEST_CASE(valid_queries) {
  auto q = parseWql("select * from Msvm_ConcreteJob where InstanceID = 'Microsoft:1'");
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(q->selectAll);
  BOOST_TEST(q->className == "Msvm_ConcreteJob");
  BOOST_TEST(q->classPosition == 15u);
  BOOST_REQUIRE(q->where);
  BOOST_TEST(q->where->right.literal.text == "Microsoft:1");

  auto list = parseWql("SELECT InstanceID, JobState FROM CIM_ConcreteJob");
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(!list->selectAll);
  BOOST_TEST(list->properties.size() == 2u);

  for (const char* ok : {
           "SELECT * FROM C WHERE A = \"x\" AND (B <> 5 OR NOT C >= 0x10)",
           "SELECT * FROM C WHERE A IS NULL OR B IS NOT NULL",
           "SELECT * FROM C WHERE A LIKE 'a%[0-9]_' AND B NOT LIKE \"%x%\"",
           "SELECT * FROM C WHERE __THIS ISA 'CIM_Job'",
           "SELECT * FROM C WHERE A != 'it\\'s' AND B = 'say \\\"hi\\\"'",
           "SELECT * FROM C WHERE 5 < A AND A <= -3.5e2 AND B = TRUE AND C = false",
           "select * from c where a = null",
           "ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"{GUID}\"} WHERE AssocClass = Msvm_CollectedVirtualSystems ResultClass = Msvm_VirtualSystemCollection Role = Member ResultRole = Collection",
           "REFERENCES OF {Msvm_MigrationJob.InstanceID=\"x\"} WHERE ResultClass = Msvm_AffectedJobElement Role = AffectingElement KeysOnly",
           "associators of {X.Id=1} where classdefsonly",
           "ASSOCIATORS OF {X.Id=1}",
       }) {
    auto parsed = parseWql(ok);
    BOOST_TEST(parsed.ok(), ok << " -> " << (parsed.ok() ? "" : parsed.error().message));
  }
  auto assoc = parseWql("ASSOCIATORS OF {Msvm_ComputerSystem.Name=\"}\"} WHERE ResultRole = Collection");
  BOOST_REQUIRE(assoc.ok());
  BOOST_TEST(assoc->objectPath == "Msvm_ComputerSystem.Name=\"}\"");
  BOOST_TEST(assoc->association.resultRole == "Collection");
}

BOOST_AUTO_TEST_CASE(invalid_queries_name_the_position) {
  BOOST_TEST(errorOf("SELEC * FROM C") == "WQL syntax error at position 1: expected SELECT, ASSOCIATORS OF or REFERENCES OF, found 'SELEC'");
  BOOST_TEST(errorOf("SELECT * FORM C") == "WQL syntax error at position 10: expected FROM, found 'FORM'");
  BOOST_TEST(errorOf("SELECT * FROM") == "WQL syntax error at position 14: expected a class name after FROM, found end of query");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A = 'open") == "WQL syntax error at position 27: unterminated string");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A IS 5") == "WQL syntax error at position 28: expected NULL after IS (IS and IS NOT only compare with NULL), found number 5");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE (A = 1") == "WQL syntax error at position 29: expected ')', found end of query");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A = 1 B = 2") == "WQL syntax error at position 29: expected end of query, found 'B'");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A") == "WQL syntax error at position 24: expected a comparison operator (=, <>, !=, <, <=, >, >=), IS, ISA or LIKE, found end of query");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A LIKE 5") == "WQL syntax error at position 30: expected a quoted string after LIKE, found number 5");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A = 99999999999999999999") == "WQL syntax error at position 27: number '99999999999999999999' is out of range");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A = #") == "WQL syntax error at position 27: unexpected character '#'");
  // Whole characters, never a lone byte of one: the message goes into XML.
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A = \u2603") == "WQL syntax error at position 27: unexpected character '\u2603'");
  BOOST_TEST(errorOf("SELECT * FROM C WHERE A = \xff") == "WQL syntax error at position 27: unexpected character '\\xFF'");
  BOOST_TEST(errorOf("SELECT * FROM A, B") == "WQL syntax error at position 16: expected WHERE or end of query, found ','");
  BOOST_TEST(errorOf("SELECT FROM C") == "WQL syntax error at position 13: expected FROM, found 'C'");
  BOOST_TEST(errorOf("ASSOCIATORS OF X.Id=1") == "WQL syntax error at position 16: expected '{' and an object path after OF, found 'X'");
  BOOST_TEST(errorOf("ASSOCIATORS OF {X.Id=1") == "WQL syntax error at position 16: unterminated object path: expected '}'");
  BOOST_TEST(errorOf("REFERENCES OF {X.Id=1} WHERE ResultRole = A") == "WQL syntax error at position 30: unknown keyword 'ResultRole' in the WHERE clause of REFERENCES OF");
  BOOST_TEST(errorOf("ASSOCIATORS OF {X.Id=1} WHERE AssocClass Y") == "WQL syntax error at position 42: expected '=' after AssocClass, found 'Y'");
  BOOST_TEST(errorOf("") == "WQL syntax error at position 1: expected SELECT, ASSOCIATORS OF or REFERENCES OF, found end of query");
}

BOOST_AUTO_TEST_CASE(absurd_nesting_is_refused_not_recursed) {
  std::string deep = "SELECT * FROM C WHERE ";
  for (int i = 0; i < 100000; ++i) deep += "(";
  deep += "A = 1";
  BOOST_TEST(errorOf(deep).find("nested deeper than 64") != std::string::npos);
  std::string nots = "SELECT * FROM C WHERE ";
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  BOOST_TEST(errorOf(nots + "A = 1").find("nested deeper") != std::string::npos);
  // A chain is not nested, but each AND or OR deepens the tree that binding, evaluating and
  // freeing recurse over: 2,048 of them parse, more are refused (14,600 overflowed a stack).
  std::string wide = "SELECT * FROM C WHERE A = 1";
  for (int i = 0; i < 2048; ++i) wide += " OR A = 1";
  BOOST_TEST(parseWql(wide).ok());
  wide += " AND A = 1";
  BOOST_TEST(errorOf(wide).find("more than 2048 ANDs and ORs in one query") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(like_patterns) {
  BOOST_TEST(likeMatches("Msvm_MigrationJob", "Msvm%"));
  BOOST_TEST(likeMatches("Msvm_MigrationJob", "msvm%JOB"));  // case-insensitive
  BOOST_TEST(likeMatches("Msvm_MigrationJob", "%Migration%"));
  BOOST_TEST(!likeMatches("Msvm_MigrationJob", "%Export%"));
  BOOST_TEST(likeMatches("VM-07", "VM-0_"));
  BOOST_TEST(!likeMatches("VM-107", "VM-0_"));
  BOOST_TEST(likeMatches("VM-07", "VM-[0-9][0-9]"));
  BOOST_TEST(!likeMatches("VM-0A", "VM-[0-9][0-9]"));
  BOOST_TEST(likeMatches("VM-0A", "VM-0[^0-9]"));
  BOOST_TEST(likeMatches("100%", "100[%]"));
  BOOST_TEST(!likeMatches("1000", "100[%]"));
  BOOST_TEST(likeMatches("", "%"));
  BOOST_TEST(!likeMatches("", "_"));
  BOOST_TEST(likeMatches("abc", "a%%c"));
  BOOST_TEST(likeMatches("h\xC3\xA9llo", "h_llo"));  // _ is one character, not one byte
  // A hostile pattern on a long value stays bounded (no exponential backtracking).
  const std::string value(20000, 'a');
  BOOST_TEST(!likeMatches(value, "%a%a%a%a%a%a%a%a%b"));
  // Found by fuzz_wql: a "[]" with no later "]" looped forever. Now "[" is itself there.
  BOOST_TEST(likeMatches("x[]", "x[]"));
  BOOST_TEST(!likeMatches("web-01", "%c[]a-_2[\xff" "2M"));
  BOOST_TEST(likeMatches("]", "[]]"));       // a set holding "]"
  BOOST_TEST(likeMatches("x", "[]x]"));
}

BOOST_AUTO_TEST_SUITE_END()
