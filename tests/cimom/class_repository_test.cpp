#include <boost/test/unit_test.hpp>

#include "mof_test_support.h"

using namespace cimdouble::cimom;
using cimdouble::cimom::testing::compileMof;

BOOST_AUTO_TEST_SUITE(class_repository)

BOOST_AUTO_TEST_CASE(inheritance_resolution) {
  auto mof = compileMof(R"(
[Abstract, Version("1.0"), Description("root")]
class T_Root { [Key] string Id; [Description("first")] string A; string B = "b"; uint32 Go([In] uint16 X); };
class T_Mid : T_Root { [Override("B"), MaxLen(4)] string B; string C; };
[Description("leaf")] class T_Leaf : T_Mid { string D; uint32 Go([In] uint16 X, [In] uint16 Y); };
)");
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  ClassPtr leaf = mof->repository.findClass("root/test", "T_LEAF");
  BOOST_REQUIRE(leaf);
  std::vector<std::string> names;
  for (const PropertyDecl& p : leaf->properties) names.push_back(p.name);
  BOOST_TEST((names == std::vector<std::string>{"Id", "A", "B", "C", "D"}));  // override keeps its place
  BOOST_TEST((leaf->superclassChain == std::vector<std::string>{"T_Mid", "T_Root"}));
  BOOST_TEST(leaf->property("A")->classOrigin == "T_Root");
  BOOST_TEST(leaf->property("A")->propagated);
  BOOST_TEST(leaf->property("B")->classOrigin == "T_Mid");
  BOOST_TEST(leaf->property("B")->defaultValue.asString() == "b");  // inherited default
  BOOST_TEST(findQualifier(leaf->property("B")->qualifiers, "MaxLen") != nullptr);
  BOOST_TEST(*stringQualifier(leaf->property("A")->qualifiers, "Description") == "first");
  BOOST_TEST(leaf->property("Id")->isKey());  // Key propagates
  BOOST_TEST(!leaf->isAbstract());            // Abstract is Restricted
  BOOST_TEST(!findQualifier(leaf->qualifiers, "Version"));
  BOOST_TEST(*stringQualifier(leaf->qualifiers, "Description") == "leaf");
  BOOST_TEST(leaf->method("Go")->parameters.size() == 2u);
  BOOST_TEST(leaf->method("Go")->classOrigin == "T_Leaf");
  BOOST_TEST(mof->repository.isA("root/test", "T_Leaf", "t_root"));
  BOOST_TEST(!mof->repository.isA("root/test", "T_Root", "T_Leaf"));
  BOOST_TEST(mof->repository.subclasses("root/test", "T_Root", false).size() == 1u);
  BOOST_TEST(mof->repository.subclasses("root/test", "T_Root", true).size() == 2u);
}

BOOST_AUTO_TEST_CASE(override_problems) {
  auto mof = compileMof(R"(
class T_Root { [Key] string Id; uint16 N; };
class T_BadType : T_Root { uint32 N; };
class T_NewKey : T_Root { [Key] string Other; };
class T_Dup : T_Root { };
class T_Dup : T_Root { };
)");
  BOOST_TEST(mof->hasError("main.mof:3:1:", "overrides"));
  BOOST_TEST(mof->hasError("main.mof:4:1:", "adds key property"));
  BOOST_TEST(mof->hasError("main.mof:6:1:", "already defined"));
}

BOOST_AUTO_TEST_CASE(namespaces_ignore_case_and_separators) {
  ClassRepository repository;
  repository.ensureNamespace("root/HyperVCluster/v2");
  repository.ensureNamespace("ROOT\\hypervcluster\\V2");
  BOOST_TEST(repository.namespaces().size() == 1u);
  BOOST_TEST(repository.hasNamespace("root\\HyperVCluster\\v2"));
  BOOST_TEST(repository.displayName("root/hypervcluster/v2") == "root/HyperVCluster/v2");
  BOOST_TEST(!repository.hasNamespace("root/HyperVCluster"));
  BOOST_TEST(repository.qualifierDecl("root/HyperVCluster/v2", "key").has_value());
  ClassDecl orphan;
  orphan.name = "X_Orphan";
  orphan.superclass = "X_Missing";
  auto added = repository.addClass("root/hypervcluster/v2", orphan);
  BOOST_TEST(!added.ok());
  BOOST_TEST(added.error().status == CimStatus::InvalidSuperclass);
  BOOST_TEST(repository.addClass("root/nowhere", ClassDecl{}).error().status == CimStatus::InvalidNamespace);
}

BOOST_AUTO_TEST_SUITE_END()
