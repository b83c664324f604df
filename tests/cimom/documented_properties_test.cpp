// Every Msvm_ and Win32_ class served carries every property Microsoft documents for it
// (tests/data/documented_properties.txt, copied from the class pages): strict clients
// deserialize an item against the documented class, and one missing property fails the item.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cimom/mof/built_in_schema.h"

using namespace cimdouble::cimom;

namespace {

struct DocumentedProperty {
  std::string name;
  std::string type;  // "uint16[]", "datetime", ...; "ref" for a reference of any class
  bool key = false;
};

// Class name → its documented properties, in the order of the file.
using DocumentedClasses = std::map<std::string, std::vector<DocumentedProperty>>;

DocumentedClasses readDocumentedClasses() {
  std::ifstream file(CIMDOUBLE_DOCUMENTED_PROPERTIES);
  BOOST_REQUIRE_MESSAGE(file, "cannot read " CIMDOUBLE_DOCUMENTED_PROPERTIES);
  DocumentedClasses classes;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t colon = line.find(':');
    BOOST_REQUIRE_MESSAGE(colon != std::string::npos, "no ':' in line: " + line);
    std::vector<DocumentedProperty>& properties = classes[line.substr(0, colon)];
    std::istringstream tokens(line.substr(colon + 1));
    for (std::string token; tokens >> token;) {
      const std::size_t split = token.find(':');
      BOOST_REQUIRE_MESSAGE(split != std::string::npos && split > 0, "not Name:type: " + token);
      DocumentedProperty p;
      p.key = token[0] == '*';
      p.name = token.substr(p.key ? 1 : 0, split - (p.key ? 1 : 0));
      p.type = token.substr(split + 1);
      properties.push_back(std::move(p));
    }
  }
  return classes;
}

// What `cls` lacks or has otherwise than documented; empty when it matches.
std::vector<std::string> differences(const ClassDecl& cls, const std::vector<DocumentedProperty>& documented) {
  std::vector<std::string> out;
  for (const DocumentedProperty& d : documented) {
    const PropertyDecl* p = cls.property(d.name);
    if (!p) {
      out.push_back(cls.name + " lacks " + d.name);
      continue;
    }
    // WS-Man elements are named by the property, so a client matches its case exactly.
    if (p->name != d.name) out.push_back(cls.name + "." + p->name + " is spelled " + d.name + " in the documentation");
    const bool typeMatches = d.type == "ref" ? p->type.type == CimType::Reference : p->type.toString() == d.type;
    if (!typeMatches) out.push_back(cls.name + "." + d.name + " is " + p->type.toString() + ", documented " + d.type);
    if (d.key && !p->isKey()) out.push_back(cls.name + "." + d.name + " is documented Key");
  }
  return out;
}

struct Schema {
  ClassRepository repository;
  InstanceStore store{repository};
  Diagnostics problems = loadBuiltInSchema(repository, store);
};

constexpr const char* kHyperVNamespaces[] = {"root/HyperVCluster/v2", "root/virtualization/v2"};
constexpr const char* kCimv2 = "root/cimv2";
constexpr const char* kInterop = "root/interop";
// Hyper-V's classes of root/interop alone (their pages' namespace).
constexpr const char* kInteropOnly[] = {"Msvm_StandaloneV2ElementConformsToProfile",
                                        "Msvm_ClusterV2ElementConformsToProfile", "Msvm_ReferencedProfile"};

bool isMsvm(const std::string& name) { return name.rfind("Msvm_", 0) == 0; }
bool isWin32(const std::string& name) { return name.rfind("Win32_", 0) == 0; }

bool interopOnly(const std::string& name) {
  return std::find(std::begin(kInteropOnly), std::end(kInteropOnly), name) != std::end(kInteropOnly);
}

// The namespaces a documented class is served in, by its prefix: the Hyper-V classes in both
// Hyper-V namespaces (the profile ones of root/interop there alone), the host's own Windows
// classes in root/cimv2.
std::vector<std::string> namespacesOf(const std::string& className) {
  if (isWin32(className)) return {kCimv2};
  if (interopOnly(className)) return {kInterop};
  return {std::begin(kHyperVNamespaces), std::end(kHyperVNamespaces)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(documented_properties)

BOOST_AUTO_TEST_CASE(every_served_class_has_every_documented_property) {
  const DocumentedClasses documented = readDocumentedClasses();
  Schema schema;
  BOOST_REQUIRE(schema.problems.empty());
  for (const auto& [name, properties] : documented) {
    for (const std::string& ns : namespacesOf(name)) {
      ClassPtr cls = schema.repository.findClass(ns, name);
      BOOST_TEST_REQUIRE(cls != nullptr, name << " is not in " << ns);
      BOOST_TEST(!cls->isAbstract(), name);
      for (const std::string& problem : differences(*cls, properties)) BOOST_ERROR(ns << ": " << problem);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_served_class_is_documented) {
  const DocumentedClasses documented = readDocumentedClasses();
  Schema schema;
  for (const char* ns : kHyperVNamespaces) {
    for (const ClassPtr& cls : schema.repository.classes(ns)) {
      if (!isMsvm(cls->name) || cls->isAbstract()) continue;
      BOOST_TEST(documented.count(cls->name) == 1u, cls->name << " (" << ns << ") has no line in documented_properties.txt");
    }
  }
  for (const ClassPtr& cls : schema.repository.classes(kInterop)) {
    if (!isMsvm(cls->name) || cls->isAbstract()) continue;
    BOOST_TEST(documented.count(cls->name) == 1u, cls->name << " (" << kInterop << ") has no line in documented_properties.txt");
  }
  for (const ClassPtr& cls : schema.repository.classes(kCimv2)) {
    if (!isWin32(cls->name) || cls->isAbstract()) continue;
    BOOST_TEST(documented.count(cls->name) == 1u, cls->name << " (" << kCimv2 << ") has no line in documented_properties.txt");
  }
}

BOOST_AUTO_TEST_CASE(the_host_classes_are_served_in_root_cimv2_only) {
  Schema schema;
  BOOST_REQUIRE(schema.problems.empty());
  for (const char* name : {"Win32_ComputerSystem", "Win32_ComputerSystemProduct", "Win32_OperatingSystem",
                           "Win32_Processor", "Win32_ComputerSystemProcessor"}) {
    BOOST_TEST(schema.repository.findClass(kCimv2, name) != nullptr, name << " is not in " << kCimv2);
    for (const char* ns : {"root/interop", "root/HyperVCluster/v2", "root/virtualization/v2"}) {
      BOOST_TEST(schema.repository.findClass(ns, name) == nullptr, name << " is served in " << ns);
    }
  }
  ClassPtr association = schema.repository.findClass(kCimv2, "Win32_ComputerSystemProcessor");
  BOOST_REQUIRE(association);
  BOOST_TEST(association->isAssociation());
  const PropertyDecl* group = association->property("GroupComponent");
  const PropertyDecl* part = association->property("PartComponent");
  BOOST_REQUIRE(group);
  BOOST_REQUIRE(part);
  BOOST_TEST(group->type.referenceClass == "Win32_ComputerSystem");
  BOOST_TEST(part->type.referenceClass == "Win32_Processor");
}

BOOST_AUTO_TEST_CASE(the_list_is_read_whole) {
  // Guards the reader: a parse that dropped lines would let missing properties pass.
  const DocumentedClasses documented = readDocumentedClasses();
  BOOST_TEST(documented.size() == 68u);
  BOOST_TEST(documented.at("Msvm_ComputerSystem").size() == 45u);
  BOOST_TEST(documented.at("Msvm_VirtualSystemSettingData").size() == 60u);
  BOOST_TEST(documented.at("Msvm_StorageAllocationSettingData").size() == 41u);
  BOOST_TEST(documented.at("Win32_ComputerSystem").size() == 64u);
  BOOST_TEST(documented.at("Win32_ComputerSystemProduct").size() == 8u);
  BOOST_TEST(documented.at("Win32_OperatingSystem").size() == 66u);
  BOOST_TEST(documented.at("Win32_Processor").size() == 57u);
  std::set<std::string> names;
  for (const DocumentedProperty& p : documented.at("Msvm_MigrationJob")) names.insert(p.name);
  BOOST_TEST(names.size() == 46u);  // no property listed twice
}

BOOST_AUTO_TEST_CASE(a_class_that_loses_a_property_fails) {
  const DocumentedClasses documented = readDocumentedClasses();
  Schema schema;
  ClassPtr served = schema.repository.findClass("root/virtualization/v2", "Msvm_ComputerSystem");
  BOOST_REQUIRE(served);
  BOOST_TEST(differences(*served, documented.at("Msvm_ComputerSystem")).empty());

  ClassDecl lost = *served;
  std::erase_if(lost.properties, [](const PropertyDecl& p) { return p.name == "TransitioningToState"; });
  lost.reindex();
  BOOST_TEST((differences(lost, documented.at("Msvm_ComputerSystem")) ==
              std::vector<std::string>{"Msvm_ComputerSystem lacks TransitioningToState"}));

  ClassDecl retyped = *served;
  retyped.properties[*retyped.propertyIndex("AvailableRequestedStates")].type.array = false;
  BOOST_TEST(differences(retyped, documented.at("Msvm_ComputerSystem")).size() == 1u);

  ClassPtr job = schema.repository.findClass("root/virtualization/v2", "Msvm_MigrationJob");
  ClassDecl unkeyed = *job;
  auto& qualifiers = unkeyed.properties[*unkeyed.propertyIndex("InstanceID")].qualifiers;
  std::erase_if(qualifiers, [](const auto& q) { return q.name == "Key"; });
  BOOST_TEST((differences(unkeyed, documented.at("Msvm_MigrationJob")) ==
              std::vector<std::string>{"Msvm_MigrationJob.InstanceID is documented Key"}));
}

BOOST_AUTO_TEST_SUITE_END()
