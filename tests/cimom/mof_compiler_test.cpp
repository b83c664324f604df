#include <boost/test/unit_test.hpp>

#include "mof_test_support.h"

using namespace cimdouble::cimom;
using cimdouble::cimom::testing::compileMof;

namespace {

const char* kBase = R"(
[Abstract, Description("base " "class")]
class T_Base
{
  [Key] string Id;
  [MaxLen(64)] string Caption;
  uint16 Level = 0x10;
  datetime Removal = "00000000000500.000000:000";
  string Tags[] = {"a", "b"};
};
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(mof_compiler)

BOOST_AUTO_TEST_CASE(compiles_classes_qualifiers_defaults_and_methods) {
  auto mof = compileMof(std::string(kBase) + R"(
class T_Job : T_Base
{
  [Write, ValueMap{"2", "3"}, Values{"New", "Running"}] uint16 State;
  real32 Ratio = 1.5;
  sint8 Offset = -5;
  uint8 Bits = 101b;
  uint32 Octal = 017;
  char16 Letter = 'x';
  boolean Flag = TRUE;
  string Escaped = "tab\there \"quoted\" \x0041";
  T_Base REF Parent;
  [Description("Changes state.")]
  uint32 RequestStateChange([In] uint16 RequestedState, [In, Out] T_Base REF Job, [Out] string Errors[]);
  [Static] uint32 Create();
};
)");
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  ClassPtr job = mof->repository.findClass("root/test", "t_job");
  BOOST_REQUIRE(job);
  BOOST_TEST(job->properties.size() == 14u);
  BOOST_TEST(job->properties[0].name == "Id");
  BOOST_TEST(job->property("Level")->defaultValue.asUnsigned() == 16u);
  BOOST_TEST(job->property("Removal")->defaultValue.asDateTime().micros() == 300'000'000);
  BOOST_TEST(job->property("Tags")->defaultValue.toText() == R"({"a", "b"})");
  BOOST_TEST(job->property("Offset")->defaultValue.asSigned() == -5);
  BOOST_TEST(job->property("Bits")->defaultValue.asUnsigned() == 5u);
  BOOST_TEST(job->property("Octal")->defaultValue.asUnsigned() == 15u);
  BOOST_TEST(job->property("Escaped")->defaultValue.asString() == "tab\there \"quoted\" A");
  BOOST_TEST(job->property("Parent")->type.referenceClass == "T_Base");
  BOOST_TEST(job->property("State")->isWritable());
  BOOST_TEST(stringArrayQualifier(job->property("State")->qualifiers, "Values").size() == 2u);
  const MethodDecl* rsc = job->method("requeststatechange");
  BOOST_REQUIRE(rsc);
  BOOST_TEST(rsc->parameters.size() == 3u);
  BOOST_TEST(rsc->parameter("RequestedState")->isIn());
  BOOST_TEST(!rsc->parameter("RequestedState")->isOut());
  BOOST_TEST(rsc->parameter("Job")->isIn());
  BOOST_TEST(rsc->parameter("Job")->isOut());
  BOOST_TEST(!rsc->parameter("Errors")->isIn());
  BOOST_TEST(rsc->parameter("Errors")->type.array);
  BOOST_TEST(job->method("Create")->isStatic());
  BOOST_TEST(*stringQualifier(mof->repository.findClass("root/test", "T_Base")->qualifiers, "Description") ==
             "base class");
}

BOOST_AUTO_TEST_CASE(instances_with_aliases) {
  auto mof = compileMof(std::string(kBase) + R"(
class T_Thing : T_Base { uint32 Size; };
[Association] class T_Link { [Key] T_Base REF A; [Key] T_Base REF B; };
instance of T_Thing as $one { Id = "1"; Size = 10; };
instance of T_Thing as $two { Id = "2"; Caption = null; };
instance of T_Link { A = $one; B = $two; };
)");
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  BOOST_TEST(mof->store->size() == 3u);
  auto links = mof->store->enumerate("root/test", "T_Link");
  BOOST_REQUIRE(links.ok());
  BOOST_REQUIRE(links->size() == 1u);
  const Value* a = links->front()->get("A");
  BOOST_TEST(a->asReference().key("Id")->asString() == "1");
  auto two = mof->store->get(ObjectPath("root/test", "T_Thing", {{"Id", Value::string("2")}}));
  BOOST_REQUIRE(two.ok());
  BOOST_TEST((*two)->get("Level")->asUnsigned() == 16u);  // default applied
  BOOST_TEST((*two)->get("Size")->isNull());
}

BOOST_AUTO_TEST_CASE(pragmas_namespace_and_include) {
  auto mof = compileMof({
      {"main.mof", "#pragma locale(\"en_US\")\n#pragma namespace(\"\\\\\\\\.\\\\root\\\\Other\")\n"
                   "#pragma include(\"sub/base.mof\")\nclass T_Sub : T_Base {};\n"},
      {"sub/base.mof", kBase},
  });
  BOOST_TEST_REQUIRE(mof->diagnostics.empty(), mof->all());
  BOOST_TEST(mof->repository.findClass("root/other", "T_Sub") != nullptr);
  BOOST_TEST(mof->repository.findClass("root/test", "T_Base") == nullptr);
}

BOOST_AUTO_TEST_CASE(reports_every_error_with_position) {
  auto mof = compileMof(
      "class T_A : T_Missing { };\n"                     // 1: unknown superclass
      "class T_B { [Key] string Id; uint16 N = 70000; };\n"  // 2: default out of range
      "class T_C { [Bogus] string X; };\n"               // 3: unknown qualifier
      "class T_D { string X; string x; };\n"             // 4: duplicate property
      "class T_E { [Key] string Id; uint8 Y = \"text\"; };\n"  // 5: type mismatch
      "class T_F { foo Bar; };\n"                        // 6: unknown type
      "class T_G { string X }\n"                         // 7: syntax error (missing ;)
      "class T_H { [Key] string Id; };\n"                // 8: fine
      "instance of T_H { Id = \"1\"; };\n"               // 9
      "instance of T_H { Id = \"1\"; };\n"               // 10: duplicate key
      "instance of T_H { Nope = 1; };\n"                 // 11: unknown property
      "instance of T_Nowhere { };\n"                     // 12: unknown class
      "#pragma frobnicate(\"x\")\n"                      // 13: unknown pragma
      "instance of T_H { Id = 5; };\n"                   // 14: type mismatch in instance
      "class T_I { string S = \"unterminated; };\n"      // 15: unterminated string
      "class T_J { [Key(\"yes\")] string Id; };\n");     // 16: qualifier value of wrong type
  BOOST_TEST_MESSAGE(mof->all());
  BOOST_TEST(mof->hasError("main.mof:1:13:", "superclass T_Missing"));
  BOOST_TEST(mof->hasError("main.mof:2:41:", "out of range"));
  BOOST_TEST(mof->hasError("main.mof:3:14:", "unknown qualifier 'Bogus'"));
  BOOST_TEST(mof->hasError("main.mof:4:30:", "declared twice"));
  BOOST_TEST(mof->hasError("main.mof:5:40:", "does not fit type uint8"));
  BOOST_TEST(mof->hasError("main.mof:6:13:", "unknown data type 'foo'"));
  BOOST_TEST(mof->hasError("main.mof:7:22:", "expected ';'"));
  BOOST_TEST(mof->hasError("main.mof:10:1:", "duplicate key"));
  BOOST_TEST(mof->hasError("main.mof:11:19:", "no property 'Nope'"));
  BOOST_TEST(mof->hasError("main.mof:12:1:", "unknown class 'T_Nowhere'"));
  BOOST_TEST(mof->hasError("main.mof:13:1:", "unknown pragma 'frobnicate'"));
  BOOST_TEST(mof->hasError("main.mof:14:24:", "does not fit type string"));
  BOOST_TEST(mof->hasError("main.mof:15:24:", "unterminated string"));
  BOOST_TEST(mof->hasError("main.mof:16:18:", "value of qualifier Key"));
  BOOST_TEST(mof->repository.findClass("root/test", "T_H") != nullptr);  // errors elsewhere do not stop it
}

BOOST_AUTO_TEST_CASE(qualifier_declarations_and_scopes) {
  auto mof = compileMof(
      "Qualifier Color : string = \"red\", Scope(property), Flavor(DisableOverride);\n"
      "class T_A { [Key, Color(\"blue\")] string Id; };\n"
      "[Color(\"green\")] class T_B { [Key] string Id; };\n"
      "class T_C : T_A { [Color(\"red\")] string Id; };\n"
      "class T_D { [In] string P; };\n");
  BOOST_TEST(mof->hasError("main.mof:3:2:", "not allowed on a class"));
  BOOST_TEST(mof->hasError("main.mof:4:1:", "cannot be overridden"));
  BOOST_TEST(mof->hasError("main.mof:5:14:", "qualifier In is not allowed on a property"));
  BOOST_TEST(mof->repository.findClass("root/test", "T_A") != nullptr);
}

BOOST_AUTO_TEST_CASE(include_problems_are_reported) {
  auto missing = compileMof("#pragma include(\"nowhere.mof\")\n");
  BOOST_TEST(missing->hasError("main.mof:1:1:", "cannot open include file"));
  auto cycle = compileMof({{"main.mof", "#pragma include(\"a.mof\")\n"}, {"a.mof", "#pragma include(\"main.mof\")\n"}});
  BOOST_TEST(cycle->hasError("a.mof:1:1:", "include cycle"));
}

BOOST_AUTO_TEST_CASE(garbage_never_crashes) {
  const char* inputs[] = {"", "{{{{", "class", "class X :", "[", "[Key(", "instance of", "#", "#pragma",
                          "class X { uint8 A[ = 1; };", "/* open", "'", "\"", "$", "class X { string A = {1,{2}}; };",
                          "class X { uint32 M(; };", "\xff\xfe\x00", "qualifier Q : ;"};
  for (const char* input : inputs) {
    auto mof = compileMof(input);
    BOOST_TEST_MESSAGE(input << " -> " << mof->all());
  }
  BOOST_TEST(!compileMof("class X {")->diagnostics.empty());
}

BOOST_AUTO_TEST_SUITE_END()
