// Views of one instance store (instance_store.h): a namespace that shares another's
// instances, and a node's view of a per-server namespace, as a Hyper-V cluster shows them.
#include <boost/test/unit_test.hpp>

#include "cimom/mof/built_in_schema.h"
#include "cimom/query_engine.h"

using namespace cimdouble::cimom;

namespace {

constexpr const char* kVirtualization = "root/virtualization/v2";
constexpr const char* kCluster = "root/HyperVCluster/v2";
const std::string kNode1 = "//HV-NODE1/root/virtualization/v2";
const std::string kNode2 = "//HV-NODE2/root/virtualization/v2";

struct Cluster {
  ClassRepository repository;
  InstanceStore store{repository};
  QueryEngine query{repository, store};
  ObjectPath host1, host2, vm;

  Cluster() {
    if (!loadBuiltInSchema(repository, store).empty()) throw std::runtime_error("schema");
    host1 = system("HV-NODE1", "HV-NODE1", "Hosting Computer System");
    host2 = system("HV-NODE2", "HV-NODE2", "Hosting Computer System");
    vm = system("5E3A0000-1000-4000-8000-A00000000000", "HV-NODE1", "Virtual Machine");
    Instance link("Msvm_ComponentCS");
    link.set("GroupComponent", Value::reference(host1));
    link.set("PartComponent", Value::reference(vm));
    if (!store.create(kVirtualization, link)) throw std::runtime_error("link");
  }

  ObjectPath system(const std::string& name, const std::string& server, const std::string& caption) {
    Instance s("Msvm_ComputerSystem");
    s.set("CreationClassName", Value::string("Msvm_ComputerSystem"));
    s.set("Name", Value::string(name));
    s.set("Caption", Value::string(caption));
    s.setServer(server);
    auto path = store.create(kVirtualization, s);
    if (!path) throw std::runtime_error(path.error().message);
    return *path;
  }

  std::size_t count(const std::string& nameSpace, const char* className) {
    auto all = store.enumerate(nameSpace, className);
    return all ? all->size() : 9999;
  }
  bool has(const std::string& nameSpace, ObjectPath path) {
    path.setNameSpace(nameSpace);
    return store.get(path).ok();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(instance_views, Cluster)

BOOST_AUTO_TEST_CASE(the_cluster_namespace_shows_the_same_instances) {
  BOOST_TEST(count(kCluster, "Msvm_ComputerSystem") == 3u);
  BOOST_TEST(store.size() == 4u + 7u);  // stored once (and the schema's six __NAMESPACE instances and one profile)
  // A change through one namespace is the change in the other.
  Instance changed = **store.get(vm);
  changed.set("ElementName", Value::string("web-01"));
  BOOST_REQUIRE(store.modify(kCluster, changed).ok());
  ObjectPath inCluster = vm;
  inCluster.setNameSpace(kCluster);
  BOOST_TEST((*store.get(vm))->get("ElementName")->asString() == "web-01");
  BOOST_TEST((*store.get(inCluster))->get("ElementName")->asString() == "web-01");
  // Paths come back in the namespace asked.
  auto created = store.create(kCluster, [] {
    Instance s("Msvm_ComputerSystem");
    s.set("CreationClassName", Value::string("Msvm_ComputerSystem"));
    s.set("Name", Value::string("HV-NODE3"));
    return s;
  }());
  BOOST_REQUIRE(created.ok());
  BOOST_TEST(created->nameSpace() == kCluster);
  BOOST_TEST(store.create(kVirtualization, **store.get(*created)).error().status == CimStatus::AlreadyExists);
}

BOOST_AUTO_TEST_CASE(a_node_sees_its_own_instances_and_the_links_between_them) {
  BOOST_TEST(count(kNode1, "Msvm_ComputerSystem") == 2u);  // HV-NODE1 and its VM
  BOOST_TEST(count(kNode2, "Msvm_ComputerSystem") == 1u);  // HV-NODE2 alone
  BOOST_TEST(count(kNode1, "Msvm_ComponentCS") == 1u);
  BOOST_TEST(count(kNode2, "Msvm_ComponentCS") == 0u);  // one end is HV-NODE1's
  BOOST_TEST(has(kNode1, vm));
  BOOST_TEST(!has(kNode2, vm));
  BOOST_TEST(count(kVirtualization, "Msvm_ComputerSystem") == 3u);  // outside any view: everything
  // The cluster namespace is no node's: every node sees all of it.
  BOOST_TEST(count("//HV-NODE2/root/HyperVCluster/v2", "Msvm_ComputerSystem") == 3u);
  // A node cannot change what it does not show.
  BOOST_TEST(store.modify(kNode2, **store.get(vm)).error().status == CimStatus::NotFound);
  BOOST_TEST(store.remove(ObjectPath(kNode2, "Msvm_ComputerSystem", vm.keys())).error().status == CimStatus::NotFound);
}

BOOST_AUTO_TEST_CASE(moving_an_instance_moves_its_links) {
  Instance moved = **store.get(vm);
  moved.setServer("HV-NODE2");
  BOOST_REQUIRE(store.modify(kVirtualization, moved).ok());
  BOOST_TEST(!has(kNode1, vm));
  BOOST_TEST(has(kNode2, vm));
  BOOST_TEST(count(kNode1, "Msvm_ComponentCS") == 0u);  // host on HV-NODE1, VM on HV-NODE2: neither shows it
  // A modify that names no server keeps the instance's.
  Instance renamed = **store.get(vm);
  renamed.setServer("");
  renamed.set("ElementName", Value::string("web-01"));
  BOOST_REQUIRE(store.modify(kNode2, renamed).ok());
  BOOST_TEST((*store.get(vm))->server() == "HV-NODE2");
}

BOOST_AUTO_TEST_CASE(instances_created_in_a_view_belong_to_its_node) {
  Instance job("Msvm_ConcreteJob");
  job.set("InstanceID", Value::string("Microsoft:job-1"));
  job.set("Name", Value::string("job-1"));
  auto path = store.create(kNode2, job);
  BOOST_REQUIRE_MESSAGE(path.ok(), (path.ok() ? std::string() : path.error().message));
  BOOST_TEST(path->nameSpace() == kNode2);
  BOOST_TEST((*store.get(*path))->server() == "HV-NODE2");
  BOOST_TEST(count(kNode1, "Msvm_ConcreteJob") == 0u);
  BOOST_TEST(count(kCluster, "Msvm_ConcreteJob") == 1u);
}

BOOST_AUTO_TEST_CASE(wql_system_properties_name_the_answering_server) {
  auto vms = query.execute(kNode1, "SELECT * FROM Msvm_ComputerSystem WHERE Name != __SERVER");
  BOOST_REQUIRE(vms.ok());
  BOOST_REQUIRE(vms->instances.size() == 1u);
  BOOST_TEST(vms->instances[0]->get("Name")->asString() == "5E3A0000-1000-4000-8000-A00000000000");
  auto others = query.execute("//HV-NODE2/root/HyperVCluster/v2", "SELECT * FROM Msvm_ComputerSystem WHERE Name != __SERVER");
  BOOST_TEST(others->instances.size() == 2u);  // the cluster view from HV-NODE2: all but itself
  auto byClass = query.execute(kNode1, "SELECT Name, __SERVER FROM CIM_ComputerSystem WHERE __CLASS = 'Msvm_ComputerSystem' "
                                       "AND __GENUS = 2 AND __SUPERCLASS = 'CIM_ComputerSystem' AND __DYNASTY = 'CIM_ManagedElement' "
                                       "AND __PROPERTY_COUNT > 10 AND __NAMESPACE = 'root\\\\virtualization\\\\v2'");
  BOOST_REQUIRE_MESSAGE(byClass.ok(), (byClass.ok() ? std::string() : byClass.error().message));
  BOOST_TEST(byClass->instances.size() == 2u);
  auto path = query.execute(kNode1, "SELECT * FROM Msvm_ComputerSystem WHERE __PATH LIKE '\\\\\\\\HV-NODE1\\\\root\\\\virtualization\\\\v2:%'");
  BOOST_REQUIRE(path.ok());
  BOOST_TEST(path->instances.size() == 2u);
  auto derivation = query.execute(kNode1, "SELECT * FROM Msvm_ComputerSystem WHERE __DERIVATION = 'x'");
  BOOST_TEST(derivation.error().status == CimStatus::InvalidQuery);
}

BOOST_AUTO_TEST_CASE(splitting_the_server_part) {
  BOOST_TEST(splitServer("\\\\HV-NODE1\\root\\cimv2").server == "HV-NODE1");
  BOOST_TEST(splitServer("\\\\HV-NODE1\\root\\cimv2").nameSpace == "root\\cimv2");
  BOOST_TEST(splitServer("root/cimv2").server.empty());
  BOOST_TEST(canonicalNamespace("//HV-NODE1/ROOT/CIMv2") == "root/cimv2");
  BOOST_TEST(onServer("N2", "//N1/root/x") == "//N2/root/x");
  BOOST_TEST(onServer("", "//N1/root/x") == "root/x");
}

BOOST_AUTO_TEST_SUITE_END()
