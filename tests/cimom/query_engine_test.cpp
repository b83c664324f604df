#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "hyperv_world.h"

using namespace cimdouble::cimom;
using cimdouble::cimom::testing::HyperVWorld;

namespace {

constexpr const char* kNs = "root/HyperVCluster/v2";

std::set<std::string> ids(const Result<QueryResult>& r, const char* property = "InstanceID") {
  std::set<std::string> out;
  if (!r.ok()) return {"ERROR: " + r.error().message};
  for (const InstancePtr& i : r->instances) {
    const Value* v = i->get(property);
    out.insert(v && !v->isNull() ? scalarToText(v->type(), v->scalar()) : "NULL");
  }
  return out;
}

std::set<std::string> classes(const Result<QueryResult>& r) {
  std::set<std::string> out;
  if (!r.ok()) return {"ERROR: " + r.error().message};
  for (const ClassPtr& c : r->classes) out.insert(c->name);
  return out;
}

using S = std::set<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(query_engine, HyperVWorld)

BOOST_AUTO_TEST_CASE(world_loads) {
  for (const Diagnostic& d : problems) BOOST_TEST_MESSAGE(d.toString());
  BOOST_TEST(problems.empty());
}

BOOST_AUTO_TEST_CASE(polymorphism_follows_wmi) {
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob")) ==
             (S{"Microsoft:AAAA0001", "Microsoft:AAAA0002", "Microsoft:BBBB0001", "Microsoft:CCCC0001"}));
  // Msvm_ConcreteJob is a sibling of the migration and export jobs, not their superclass.
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_ConcreteJob")) == (S{"Microsoft:CCCC0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_MigrationJob")) == (S{"Microsoft:AAAA0001", "Microsoft:AAAA0002"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_Job WHERE __CLASS = 'msvm_migrationjob'")) ==
             (S{"Microsoft:AAAA0001", "Microsoft:AAAA0002"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE __THIS ISA 'Msvm_CollectionReferencePointExportJob'")) ==
             (S{"Microsoft:BBBB0001"}));
}

BOOST_AUTO_TEST_CASE(comparisons_and_types) {
  BOOST_TEST(ids(engine.execute(kNs, "select * from Msvm_ConcreteJob where InstanceID = 'Microsoft:CCCC0001'")) ==
             (S{"Microsoft:CCCC0001"}));
  // libvirt's poll, on the class it uses; string comparisons ignore case as in WMI.
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE InstanceID = \"microsoft:aaaa0001\"")) ==
             (S{"Microsoft:AAAA0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE JobState = 4")) ==
             (S{"Microsoft:AAAA0001", "Microsoft:CCCC0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE JobState = '4'")) ==
             (S{"Microsoft:AAAA0001", "Microsoft:CCCC0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE JobState >= 7 AND JobState <> 10")) ==
             (S{"Microsoft:AAAA0002"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE 50 < PercentComplete")) ==
             (S{"Microsoft:AAAA0002", "Microsoft:BBBB0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_MigrationJob WHERE MigrationType = 0x8000")) ==
             (S{"Microsoft:AAAA0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_MigrationJob WHERE Cancellable = TRUE")) == (S{"Microsoft:AAAA0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_MigrationJob WHERE PercentComplete > 39.5")) ==
             (S{"Microsoft:AAAA0001", "Microsoft:AAAA0002"}));
  // Datetimes compare as instants, in either notation.
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_MigrationJob WHERE TimeSubmitted > '20261122000000.000000+000'")) ==
             (S{"Microsoft:AAAA0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_MigrationJob WHERE TimeSubmitted < '2026-11-22T00:00:00Z'")) ==
             (S{"Microsoft:AAAA0002"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_MigrationJob WHERE TimeSubmitted = '2026112203****.******+000'")) ==
             (S{"Microsoft:AAAA0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_ComputerSystem WHERE ElementName LIKE 'web-%'"), "ElementName") ==
             (S{"web-01", "web-02"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine' AND NOT ElementName LIKE 'WEB%'"), "ElementName") ==
             (S{"db-01"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM Msvm_ComputerSystem WHERE ElementName NOT LIKE '%-0[12]'"), "ElementName") ==
             (S{"NODE1", "NODE2"}));
}

BOOST_AUTO_TEST_CASE(three_valued_null_logic) {
  // ErrorCode is NULL on AAAA0001 and CCCC0001: a comparison with NULL is UNKNOWN, so neither
  // "= 0" nor "<> 0" selects them, and NOT UNKNOWN is still UNKNOWN.
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE ErrorCode = 0")) == (S{"Microsoft:AAAA0002"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE ErrorCode <> 0")) == (S{"Microsoft:BBBB0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE NOT ErrorCode = 0")) == (S{"Microsoft:BBBB0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE ErrorCode IS NULL")) ==
             (S{"Microsoft:AAAA0001", "Microsoft:CCCC0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE ErrorCode IS NOT NULL")) ==
             (S{"Microsoft:AAAA0002", "Microsoft:BBBB0001"}));
  // UNKNOWN OR TRUE is TRUE; UNKNOWN AND TRUE is UNKNOWN.
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE ErrorCode = 0 OR JobState = 4")) ==
             (S{"Microsoft:AAAA0001", "Microsoft:AAAA0002", "Microsoft:CCCC0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE ErrorCode <> 5 AND JobState = 4")) == S{});
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE ErrorCode = NULL")) == S{});
  BOOST_TEST(ids(engine.execute(kNs, "SELECT * FROM CIM_ConcreteJob WHERE NOT (ErrorCode = NULL)")) == S{});
}

BOOST_AUTO_TEST_CASE(selected_properties_carry_keys) {
  auto r = engine.execute(kNs, "SELECT JobState FROM CIM_ConcreteJob WHERE InstanceID = 'Microsoft:AAAA0001'");
  BOOST_REQUIRE(r.ok());
  BOOST_REQUIRE(r->instances.size() == 1u);
  const InstancePtr& job = r->instances.front();
  BOOST_TEST(job->className() == "Msvm_MigrationJob");
  BOOST_TEST(job->properties().size() == 2u);
  BOOST_TEST(job->get("InstanceID")->asString() == "Microsoft:AAAA0001");
  BOOST_TEST(job->get("JobState")->asUnsigned() == 4u);
  BOOST_TEST(!job->get("PercentComplete"));
}

BOOST_AUTO_TEST_CASE(semantic_errors) {
  auto err = [&](const char* wql) {
    auto r = engine.execute(kNs, wql);
    return r.ok() ? std::string("no error") : std::string(cimStatusName(r.error().status)) + ": " + r.error().message;
  };
  BOOST_TEST(err("SELECT * FROM Msvm_Nothing") ==
             "CIM_ERR_INVALID_CLASS: WQL error at position 15: no class 'Msvm_Nothing' in namespace root/HyperVCluster/v2");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE Colour = 'red'") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 37: class CIM_ConcreteJob has no property 'Colour'");
  BOOST_TEST(err("SELECT Colour FROM CIM_ConcreteJob") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 8: class CIM_ConcreteJob has no property 'Colour'");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE JobState = 'running'") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 48: JobState is a number; this value does not fit it");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE Name = 5") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 44: Name is a string; quote the value");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE OperationalStatus = 2") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 37: array property OperationalStatus cannot be used in a WHERE clause (WQL does not query arrays)");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE JobState LIKE '4%'") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 37: LIKE compares strings only");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE TimeSubmitted > 'yesterday'").find("invalid datetime 'yesterday'") !=
             std::string::npos);
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE __THIS ISA 'Msvm_Nope'") ==
             "CIM_ERR_INVALID_CLASS: WQL error at position 48: no class 'Msvm_Nope' for ISA");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE 1 = 1") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 37: a comparison needs a property on at least one side");
  BOOST_TEST(err("SELECT * FROM CIM_ConcreteJob WHERE Name = JobState") ==
             "CIM_ERR_INVALID_QUERY: WQL error at position 37: cannot compare Name (a string) with JobState (a number)");
  BOOST_TEST(engine.execute("root/nowhere", "SELECT * FROM CIM_ConcreteJob").error().status == CimStatus::InvalidNamespace);
}

BOOST_AUTO_TEST_CASE(associators_in_both_directions) {
  const std::string vm1 = "Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"11111111-1111-1111-1111-111111111111\"";
  // VM -> its jobs, its collection, its host.
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE ResultClass = CIM_ConcreteJob")) == (S{"Microsoft:AAAA0001"}));
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE AssocClass = Msvm_CollectedVirtualSystems"), "CollectionID") ==
             (S{"C0000000-0000-0000-0000-00000000000A"}));
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE AssocClass = Msvm_ComponentCS Role = PartComponent ResultRole = GroupComponent"), "Name") ==
             (S{"NODE1"}));
  // With the VM in the GroupComponent role there is nothing.
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE AssocClass = Msvm_ComponentCS Role = GroupComponent")) == S{});
  // Everything around the VM, through any association.
  auto all = engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "}");
  BOOST_REQUIRE(all.ok());
  BOOST_TEST(all->instances.size() == 3u);
  // Collection -> members (the other direction), host -> its VMs.
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {Msvm_VirtualSystemCollection.CollectionID=\"C0000000-0000-0000-0000-00000000000A\"} WHERE ResultRole = Member"), "ElementName") ==
             (S{"web-01", "web-02"}));
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"NODE1\"} WHERE ResultClass = Msvm_ComputerSystem"), "ElementName") ==
             (S{"web-01", "web-02"}));
  // A job -> the service that owns it and the VM it affects; a path through the superclass works.
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {CIM_ConcreteJob.InstanceID=\"Microsoft:AAAA0002\"} WHERE AssocClass = CIM_OwningJobElement"), "Name") ==
             (S{"migrationwmi"}));
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {Msvm_MigrationJob.InstanceID=\"Microsoft:AAAA0002\"} WHERE AssocClass = Msvm_AffectedJobElement ResultRole = AffectedElement"), "ElementName") ==
             (S{"db-01"}));
  // KeysOnly and ClassDefsOnly.
  auto keys = engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE ResultClass = Msvm_VirtualSystemCollection KeysOnly");
  BOOST_REQUIRE(keys.ok());
  BOOST_REQUIRE(keys->instances.size() == 1u);
  BOOST_TEST(keys->instances.front()->properties().size() == 1u);
  BOOST_TEST(classes(engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE ClassDefsOnly")) ==
             (S{"Msvm_ComputerSystem", "Msvm_MigrationJob", "Msvm_VirtualSystemCollection"}));
  // RequiredQualifier: only results whose class carries the qualifier.
  BOOST_TEST(engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE RequiredQualifier = Dynamic")->instances.size() == 3u);
  BOOST_TEST(ids(engine.execute(kNs, "ASSOCIATORS OF {" + vm1 + "} WHERE RequiredQualifier = Exception")) == S{});
  // The source must exist.
  BOOST_TEST(engine.execute(kNs, "ASSOCIATORS OF {Msvm_MigrationJob.InstanceID=\"nope\"}").error().status == CimStatus::NotFound);
}

BOOST_AUTO_TEST_CASE(references_and_schema_queries) {
  auto refs = engine.execute(kNs, "REFERENCES OF {Msvm_MigrationJob.InstanceID=\"Microsoft:AAAA0001\"}");
  BOOST_REQUIRE(refs.ok());
  BOOST_TEST(refs->instances.size() == 2u);  // one AffectedJobElement, one OwningJobElement
  auto affected = engine.execute(kNs, "REFERENCES OF {Msvm_MigrationJob.InstanceID=\"Microsoft:AAAA0001\"} WHERE ResultClass = CIM_AffectedJobElement Role = AffectingElement");
  BOOST_REQUIRE(affected.ok());
  BOOST_REQUIRE(affected->instances.size() == 1u);
  BOOST_TEST(affected->instances.front()->className() == "Msvm_AffectedJobElement");
  BOOST_TEST(engine.execute(kNs, "REFERENCES OF {Msvm_MigrationJob.InstanceID=\"Microsoft:AAAA0001\"} WHERE Role = AffectedElement")->instances.empty());
  BOOST_TEST(classes(engine.execute(kNs, "REFERENCES OF {Msvm_MigrationJob.InstanceID=\"Microsoft:AAAA0001\"} WHERE ClassDefsOnly")) ==
             (S{"Msvm_AffectedJobElement", "Msvm_OwningJobElement"}));
  // Schema level: which classes can a VM collection be associated with?
  BOOST_TEST(classes(engine.execute(kNs, "ASSOCIATORS OF {Msvm_VirtualSystemCollection} WHERE SchemaOnly AssocClass = Msvm_CollectedVirtualSystems")) ==
             (S{"Msvm_ComputerSystem"}));
  BOOST_TEST(classes(engine.execute(kNs, "REFERENCES OF {Msvm_MigrationJob} WHERE SchemaOnly ResultClass = CIM_AffectedJobElement")) ==
             (S{"CIM_AffectedJobElement", "Msvm_AffectedJobElement"}));
}

BOOST_AUTO_TEST_CASE(dsp0227_filters_use_the_same_engine) {
  AssociationFilter filter;
  filter.assocClass = "Msvm_CollectedVirtualSystems";
  filter.resultClass = "Msvm_ComputerSystem";
  auto members = engine.associators(kNs, ObjectPath(kNs, "Msvm_VirtualSystemCollection",
                                                    {{"CollectionID", Value::string("C0000000-0000-0000-0000-00000000000A")}}),
                                    filter);
  BOOST_TEST(ids(members, "ElementName") == (S{"web-01", "web-02"}));

  auto bySelector = engine.selectorFilter(kNs, "Msvm_ComputerSystem", {{"Caption", Value::string("virtual machine")}, {"EnabledState", Value::string("2")}});
  BOOST_REQUIRE(bySelector.ok());
  BOOST_TEST(bySelector->size() == 2u);
  auto byKey = engine.selectorFilter(kNs, "CIM_ConcreteJob", {{"InstanceID", Value::string("Microsoft:BBBB0001")}});
  BOOST_REQUIRE(byKey.ok());
  BOOST_REQUIRE(byKey->size() == 1u);
  BOOST_TEST(byKey->front()->className() == "Msvm_CollectionReferencePointExportJob");
  auto unknown = engine.selectorFilter(kNs, "Msvm_ComputerSystem", {{"Colour", Value::string("red")}});
  BOOST_TEST(unknown.error().status == CimStatus::InvalidQuery);
  auto badValue = engine.selectorFilter(kNs, "Msvm_ComputerSystem", {{"EnabledState", Value::string("on")}});
  BOOST_TEST(badValue.error().status == CimStatus::InvalidQuery);
}

BOOST_AUTO_TEST_SUITE_END()
