#include "jobs/cluster_lookup.h"

#include "cimom/case_insensitive.h"

namespace cimdouble::jobs {

std::string text(const cimom::Instance& instance, const char* property) {
  const cimom::Value* v = instance.get(property);
  if (!v || v->isNull() || v->isArray()) return {};
  return cimom::scalarToText(v->type(), v->scalar());
}

bool sameKeys(const cimom::ObjectPath& a, const cimom::ObjectPath& b) {
  return a.canonicalKeys() == b.canonicalKeys();
}

std::vector<cimom::InstancePtr> ClusterLookup::all(const char* className) const {
  auto instances = store_.enumerate(nameSpace_, className, true);
  return instances ? std::move(instances).value() : std::vector<cimom::InstancePtr>{};
}

cimom::InstancePtr ClusterLookup::get(const cimom::ObjectPath& path) const {
  cimom::ObjectPath inNamespace = path;
  if (inNamespace.nameSpace().empty()) inNamespace.setNameSpace(nameSpace_);
  auto instance = store_.get(inNamespace);
  return instance ? std::move(instance).value() : nullptr;
}

cimom::ObjectPath ClusterLookup::pathOf(const cimom::Instance& instance) const {
  cimom::ClassPtr cls = repository_.findClass(nameSpace_, instance.className());
  cimom::ObjectPath path = instance.path(*cls);
  path.setNameSpace(repository_.displayName(nameSpace_));
  return path;
}

bool ClusterLookup::isHost(const cimom::Instance& system) const {
  return cimom::iequals(system.className(), "Msvm_ComputerSystem") && text(system, "Caption") == "Hosting Computer System";
}

cimom::InstancePtr ClusterLookup::hostNamed(const std::string& name) const {
  for (const cimom::InstancePtr& system : all("Msvm_ComputerSystem")) {
    if (isHost(*system) && (cimom::iequals(text(*system, "Name"), name) || cimom::iequals(text(*system, "ElementName"), name))) {
      return system;
    }
  }
  return nullptr;
}

cimom::InstancePtr ClusterLookup::vmNamed(const std::string& name) const {
  for (const cimom::InstancePtr& system : all("Msvm_ComputerSystem")) {
    if (!isHost(*system) && (cimom::iequals(text(*system, "Name"), name) || cimom::iequals(text(*system, "ElementName"), name))) {
      return system;
    }
  }
  return nullptr;
}

cimom::InstancePtr ClusterLookup::hostOf(const cimom::ObjectPath& vm) const {
  for (const cimom::InstancePtr& link : all("Msvm_ComponentCS")) {
    const cimom::Value* part = link->get("PartComponent");
    const cimom::Value* group = link->get("GroupComponent");
    if (part && group && !part->isNull() && !group->isNull() && sameKeys(part->asReference(), vm)) {
      return get(group->asReference());
    }
  }
  return nullptr;
}

void ClusterLookup::moveVm(const cimom::ObjectPath& vm, const cimom::ObjectPath& host) const {
  for (const cimom::InstancePtr& link : all("Msvm_ComponentCS")) {
    const cimom::Value* part = link->get("PartComponent");
    if (part && !part->isNull() && sameKeys(part->asReference(), vm)) (void)store_.remove(pathOf(*link));
  }
  cimom::Instance link("Msvm_ComponentCS", nameSpace_);
  link.set("GroupComponent", cimom::Value::reference(host));
  link.set("PartComponent", cimom::Value::reference(vm));
  (void)store_.create(nameSpace_, link);
}

void ClusterLookup::create(const cimom::Instance& instance) const { (void)store_.create(nameSpace_, instance); }

void ClusterLookup::removeWithLinks(const cimom::ObjectPath& path, const char* associationClass, const char* role) const {
  for (const cimom::InstancePtr& link : all(associationClass)) {
    const cimom::Value* ref = link->get(role);
    if (ref && !ref->isNull() && sameKeys(ref->asReference(), path)) (void)store_.remove(pathOf(*link));
  }
  (void)store_.remove(path);
}

cimom::InstancePtr ClusterLookup::collectionById(const std::string& collectionId) const {
  for (const cimom::InstancePtr& c : all("Msvm_VirtualSystemCollection")) {
    if (cimom::iequals(text(*c, "CollectionID"), collectionId)) return c;
  }
  return nullptr;
}

cimom::InstancePtr ClusterLookup::collectionNamed(const std::string& name) const {
  for (const cimom::InstancePtr& c : all("Msvm_VirtualSystemCollection")) {
    if (cimom::iequals(text(*c, "CollectionID"), name) || cimom::iequals(text(*c, "ElementName"), name)) return c;
  }
  return nullptr;
}

cimom::InstancePtr ClusterLookup::referencePointById(const std::string& id) const {
  for (const cimom::InstancePtr& c : all("Msvm_ReferencePointCollection")) {
    if (cimom::iequals(text(*c, "CollectionID"), id)) return c;
  }
  return nullptr;
}

std::vector<cimom::InstancePtr> ClusterLookup::membersOf(const cimom::ObjectPath& collection) const {
  std::vector<cimom::InstancePtr> members;
  for (const cimom::InstancePtr& link : all("Msvm_CollectedVirtualSystems")) {
    const cimom::Value* c = link->get("Collection");
    const cimom::Value* m = link->get("Member");
    if (c && m && !c->isNull() && !m->isNull() && sameKeys(c->asReference(), collection)) {
      if (cimom::InstancePtr vm = get(m->asReference())) members.push_back(vm);
    }
  }
  return members;
}

std::string ClusterLookup::errorSource(const cimom::ObjectPath& path, const std::string& host) const {
  std::string ns = repository_.displayName(nameSpace_);
  for (char& c : ns) {
    if (c == '/') c = '\\';
  }
  cimom::ObjectPath relative({}, path.className(), path.keys());
  return "\\\\" + (host.empty() ? std::string(".") : host) + "\\" + ns + ":" + relative.toString();
}

}  // namespace cimdouble::jobs
