#include <boost/test/unit_test.hpp>

#include "cimom/object_path.h"

using namespace cimdouble::cimom;

BOOST_AUTO_TEST_SUITE(object_path)

BOOST_AUTO_TEST_CASE(parses_wmi_paths) {
  auto p = ObjectPath::parse(R"(root/HyperVCluster/v2:Msvm_MigrationJob.InstanceID="Microsoft:1234")");
  BOOST_REQUIRE(p.ok());
  BOOST_TEST(p->nameSpace() == "root/HyperVCluster/v2");
  BOOST_TEST(p->className() == "Msvm_MigrationJob");
  BOOST_TEST(p->key("instanceid")->asString() == "Microsoft:1234");
  BOOST_TEST(p->toString() == R"(root/HyperVCluster/v2:Msvm_MigrationJob.InstanceID="Microsoft:1234")");

  auto host = ObjectPath::parse(R"(\\HOST\root\virtualization\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="GUID")");
  BOOST_REQUIRE(host.ok());
  BOOST_TEST(host->nameSpace() == R"(root\virtualization\v2)");
  BOOST_TEST(host->keys().size() == 2u);

  auto typed = ObjectPath::parse(R"(CIM_Foo.A=5,B=TRUE,C=-3,D="x\"y\\z")");
  BOOST_REQUIRE(typed.ok());
  BOOST_TEST(typed->nameSpace().empty());
  BOOST_TEST(typed->key("A")->asUnsigned() == 5u);
  BOOST_TEST(typed->key("B")->asBool());
  BOOST_TEST(typed->key("C")->asSigned() == -3);
  BOOST_TEST(typed->key("D")->asString() == R"(x"y\z)");
  BOOST_TEST(typed->toString() == R"(CIM_Foo.A=5,B=TRUE,C=-3,D="x\"y\\z")");
  BOOST_TEST(ObjectPath::parse("Singleton=@")->keys().empty());

  // WMI takes single quotes too, as in ASSOCIATORS OF {Win32_Service.Name='wmi'}.
  auto single = ObjectPath::parse(R"(Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='a "b" c')");
  BOOST_REQUIRE(single.ok());
  BOOST_TEST(single->key("CreationClassName")->asString() == "Msvm_ComputerSystem");
  BOOST_TEST(single->key("Name")->asString() == R"(a "b" c)");
  BOOST_TEST(!ObjectPath::parse("C.K='open").ok());
}

BOOST_AUTO_TEST_CASE(refuses_broken_paths) {
  BOOST_TEST(!ObjectPath::parse("").ok());
  BOOST_TEST(!ObjectPath::parse("root/cimv2:").ok());
  BOOST_TEST(!ObjectPath::parse(R"(CIM_Foo.A="unterminated)").ok());
  BOOST_TEST(!ObjectPath::parse("CIM_Foo.A").ok());
  BOOST_TEST(!ObjectPath::parse("CIM_Foo.A=1,A=2").ok());
  BOOST_TEST(!ObjectPath::parse("CIM_Foo.A=abc").ok());
  BOOST_TEST(!ObjectPath::parse("CIM Foo.A=1").ok());
  BOOST_TEST(!ObjectPath::parse(R"(CIM_Foo.A="1"B=2)").ok());
}

BOOST_AUTO_TEST_CASE(canonical_form_ignores_case_order_and_separators) {
  auto a = ObjectPath::parse(R"(root\HyperVCluster\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="ABC")");
  auto b = ObjectPath::parse(R"(ROOT/hypervcluster/V2:msvm_computersystem.name="abc",creationclassname="MSVM_COMPUTERSYSTEM")");
  BOOST_TEST(a->canonical() == b->canonical());
  BOOST_TEST((*a == *b));
  auto c = ObjectPath::parse(R"(root/hypervcluster/v2:msvm_computersystem.name="abd",creationclassname="msvm_computersystem")");
  BOOST_TEST(!(*a == *c));
  BOOST_TEST(canonicalNamespace(R"(\root\HyperVCluster\v2\)") == "root/hypervcluster/v2");
  BOOST_TEST(canonicalNamespace("root//cimv2") == "root/cimv2");
}

BOOST_AUTO_TEST_CASE(reference_keys_nest) {
  ObjectPath vm("root/cimv2", "CIM_X", {{"Name", Value::string("VM1")}});
  ObjectPath assoc("root/cimv2", "CIM_Assoc", {{"Member", Value::reference(vm)}});
  BOOST_TEST(assoc.toString() == R"(root/cimv2:CIM_Assoc.Member="root/cimv2:CIM_X.Name=\"VM1\"")");
  ObjectPath same("ROOT/CIMV2", "cim_assoc", {{"member", Value::reference(ObjectPath("root/cimv2", "cim_x", {{"name", Value::string("vm1")}}))}});
  BOOST_TEST((assoc == same));
}

BOOST_AUTO_TEST_SUITE_END()
