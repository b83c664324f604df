#include "jobs/cluster_lookup.h"

#include "cimom/case_insensitive.h"
#include "jobs/job_state.h"
#include "jobs/job_writer.h"

namespace cimdouble::jobs {
namespace {

constexpr const char* kComputerSystem = "Msvm_ComputerSystem";

bool anyInstance(const ClusterLookup&, const cimom::Instance&) { return true; }
bool hostsOnly(const ClusterLookup& c, const cimom::Instance& s) { return c.isHost(s); }
bool vmsOnly(const ClusterLookup& c, const cimom::Instance& s) { return !c.isHost(s); }

cimom::InstancePtr firstOf(const std::vector<cimom::InstancePtr>& found) { return found.empty() ? nullptr : found.front(); }

}  // namespace

std::string text(const cimom::Instance& instance, const char* property) {
  const cimom::Value* v = instance.get(property);
  if (!v || v->isNull() || v->isArray()) return {};
  return cimom::scalarToText(v->type(), v->scalar());
}

std::string firstString(const cimom::Instance& instance, const char* property) {
  const cimom::Value* v = instance.get(property);
  if (!v || v->isNull() || v->type() != cimom::CimType::String) return {};
  if (!v->isArray()) return v->asString();
  const auto& elements = v->elements();
  return elements.empty() ? std::string() : std::get<std::string>(elements.front());
}

uint64_t unsignedOf(const cimom::Instance& instance, const char* property, uint64_t absent) {
  const cimom::Value* v = instance.get(property);
  return v && !v->isNull() && !v->isArray() ? v->asUnsigned() : absent;
}

bool sameKeys(const cimom::ObjectPath& a, const cimom::ObjectPath& b) {
  return a.canonicalKeys() == b.canonicalKeys();
}

ClusterLookup::ClusterLookup(const cimom::ClassRepository& repository, cimom::InstanceStore& store,
                             const cimom::QueryEngine& query, std::string nameSpace)
    : repository_(repository),
      store_(store),
      query_(query),
      nameSpace_(std::move(nameSpace)),
      cluster_(cimom::splitServer(nameSpace_).nameSpace) {}

cimom::InstancePtr ClusterLookup::get(const cimom::ObjectPath& path) const {
  // A path from a request names an instance of the answering node's view: a client that
  // asks HV-NODE1 about a VM that runs on HV-NODE2 names nothing there.
  cimom::ObjectPath inView = path;
  inView.setNameSpace(cimom::onServer(cimom::splitServer(nameSpace_).server,
                                      path.nameSpace().empty() ? nameSpace_ : path.nameSpace()));
  return anywhere(inView);
}

cimom::InstancePtr ClusterLookup::anywhere(const cimom::ObjectPath& path) const {
  cimom::ObjectPath inNamespace = path;
  if (inNamespace.nameSpace().empty()) inNamespace.setNameSpace(cluster_);
  // Every error of a get says the path names nothing: no instance, class or namespace there,
  // or keys the class does not have.
  auto instance = store_.get(inNamespace);
  return instance ? std::move(instance).value() : nullptr;
}

cimom::ObjectPath ClusterLookup::pathOf(const cimom::Instance& instance) const {
  cimom::ClassPtr cls = repository_.findClass(cluster_, instance.className());
  cimom::ObjectPath path = instance.path(*cls);
  path.setNameSpace(repository_.displayName(cluster_));
  return path;
}

bool ClusterLookup::isHost(const cimom::Instance& system) const {
  return cimom::iequals(system.className(), kComputerSystem) && text(system, "Caption") == "Hosting Computer System";
}

cimom::Result<cimom::InstancePtr> ClusterLookup::firstWhere(const char* className, const char* property,
                                                            const std::string& value,
                                                            bool (*accept)(const ClusterLookup&, const cimom::Instance&)) const {
  auto found = query_.selectorFilter(cluster_, className, {{property, cimom::Value::string(value)}});
  if (!found) return found.error();
  for (const cimom::InstancePtr& instance : *found) {
    if (accept(*this, *instance)) return instance;
  }
  return cimom::InstancePtr();
}

cimom::Result<cimom::InstancePtr> ClusterLookup::hostNamed(const std::string& name) const {
  auto byName = firstWhere(kComputerSystem, "Name", name, hostsOnly);
  if (!byName || *byName) return byName;
  return firstWhere(kComputerSystem, "ElementName", name, hostsOnly);
}

cimom::Result<cimom::InstancePtr> ClusterLookup::vmNamed(const std::string& name) const {
  auto byName = firstWhere(kComputerSystem, "Name", name, vmsOnly);
  if (!byName || *byName) return byName;
  return firstWhere(kComputerSystem, "ElementName", name, vmsOnly);
}

cimom::Result<std::vector<cimom::InstancePtr>> ClusterLookup::associated(const cimom::ObjectPath& source,
                                                                         const char* assocClass, const char* role,
                                                                         const char* resultRole) const {
  cimom::AssociationFilter filter;
  filter.assocClass = assocClass;
  filter.role = role;
  filter.resultRole = resultRole;
  cimom::ObjectPath inNamespace = source;
  if (inNamespace.nameSpace().empty()) inNamespace.setNameSpace(cluster_);
  auto found = query_.associators(cluster_, inNamespace, filter);
  if (!found) return found.error();
  return std::move(found->instances);
}

cimom::Result<cimom::InstancePtr> ClusterLookup::hostOf(const cimom::ObjectPath& vm) const {
  auto hosts = associated(vm, "Msvm_ComponentCS", "PartComponent", "GroupComponent");
  if (!hosts) return hosts.error();
  return firstOf(*hosts);
}

cimom::Status ClusterLookup::moveVm(const cimom::ObjectPath& vm, const cimom::ObjectPath& host) const {
  cimom::InstancePtr destination = anywhere(host);
  if (!destination) return cimom::makeError(cimom::CimStatus::NotFound, "the destination host " + host.toString() + " no longer exists");
  cimom::InstancePtr moving = anywhere(vm);
  if (!moving) return cimom::makeError(cimom::CimStatus::NotFound, "the virtual machine " + vm.toString() + " no longer exists");
  if (cimom::Status unlinked = removeLinksTo(vm, "Msvm_ComponentCS", "PartComponent"); !unlinked) return unlinked;
  // The VM leaves the source node's view for the destination's; its links follow it.
  cimom::Instance moved = *moving;
  moved.setServer(destination->server().empty() ? text(*destination, "Name") : destination->server());
  if (auto modified = store_.modify(cluster_, moved); !modified) return modified.error();
  cimom::Instance link("Msvm_ComponentCS", cluster_);
  link.set("GroupComponent", cimom::Value::reference(host));
  link.set("PartComponent", cimom::Value::reference(vm));
  return create(link);
}

ClusterLookup ClusterLookup::onNode(const std::string& node) const {
  return {repository_, store_, query_, cimom::onServer(node, cluster_)};
}

cimom::Status ClusterLookup::showOn(const cimom::Instance& instance, const std::string& node) const {
  cimom::Instance moved = instance;
  moved.setServer(node);
  if (auto modified = store_.modify(cluster_, moved); !modified) return modified.error();
  return cimom::okStatus();
}

cimom::Status ClusterLookup::create(const cimom::Instance& instance) const {
  auto created = store_.create(cluster_, instance);
  if (!created) return created.error();
  return cimom::okStatus();
}

cimom::Status ClusterLookup::modify(const cimom::Instance& instance) const {
  auto modified = store_.modify(cluster_, instance);
  if (!modified) return modified.error();
  return cimom::okStatus();
}

cimom::Result<std::vector<cimom::InstancePtr>> ClusterLookup::virtualMachines() const {
  auto systems = store_.enumerate(cluster_, kComputerSystem, false);
  if (!systems) return systems.error();
  std::vector<cimom::InstancePtr> vms;
  for (cimom::InstancePtr& s : *systems) {
    if (!isHost(*s)) vms.push_back(std::move(s));
  }
  return vms;
}

cimom::Status ClusterLookup::removeLinksTo(const cimom::ObjectPath& path, const char* associationClass,
                                           const char* role) const {
  cimom::AssociationFilter filter;
  filter.resultClass = associationClass;
  filter.role = role;
  cimom::ObjectPath inNamespace = path;
  if (inNamespace.nameSpace().empty()) inNamespace.setNameSpace(cluster_);
  auto links = query_.references(cluster_, inNamespace, filter);
  if (!links) return links.error();
  for (const cimom::InstancePtr& link : links->instances) {
    if (cimom::Status removed = store_.remove(pathOf(*link)); !removed) return removed;
  }
  return cimom::okStatus();
}

cimom::Status ClusterLookup::removeWithLinks(const cimom::ObjectPath& path, const char* associationClass,
                                             const char* role) const {
  if (cimom::Status unlinked = removeLinksTo(path, associationClass, role); !unlinked) return unlinked;
  return store_.remove(path);
}

cimom::Result<cimom::InstancePtr> ClusterLookup::collectionById(const std::string& collectionId) const {
  return firstWhere("Msvm_VirtualSystemCollection", "CollectionID", collectionId, anyInstance);
}

cimom::Result<cimom::InstancePtr> ClusterLookup::collectionNamed(const std::string& name) const {
  auto byId = collectionById(name);
  if (!byId || *byId) return byId;
  return firstWhere("Msvm_VirtualSystemCollection", "ElementName", name, anyInstance);
}

cimom::Result<cimom::InstancePtr> ClusterLookup::referencePointById(const std::string& id) const {
  return firstWhere("Msvm_ReferencePointCollection", "CollectionID", id, anyInstance);
}

cimom::Result<std::vector<cimom::InstancePtr>> ClusterLookup::membersOf(const cimom::ObjectPath& collection) const {
  return associated(collection, "Msvm_CollectedVirtualSystems", "Collection", "Member");
}

cimom::Result<std::vector<cimom::InstancePtr>> ClusterLookup::partsOf(const cimom::ObjectPath& referencePoint) const {
  return associated(referencePoint, "Msvm_CollectedReferencePoints", "Collection", "Member");
}

cimom::Result<std::vector<cimom::InstancePtr>> ClusterLookup::inView(const char* className) const {
  return store_.enumerate(nameSpace_, className, true);
}

cimom::Status ClusterLookup::remove(const cimom::ObjectPath& path) const { return store_.remove(path); }

bool ClusterLookup::hasClass(const char* className) const { return repository_.findClass(cluster_, className) != nullptr; }

bool ClusterLookup::hasProperty(const std::string& className, const char* property) const {
  cimom::ClassPtr cls = repository_.findClass(cluster_, className);
  return cls && cls->property(property) != nullptr;
}

cimom::Result<cimom::InstancePtr> ClusterLookup::anyService(const char* className) const {
  auto services = store_.enumerate(cluster_, className, true);
  if (!services) return services.error();
  return firstOf(*services);
}

cimom::Result<bool> ClusterLookup::hasActiveJob(const cimom::ObjectPath& element) const {
  auto jobs = associated(element, "CIM_AffectedJobElement", "AffectedElement", "AffectingElement");
  if (!jobs) return jobs.error();
  for (const cimom::InstancePtr& job : *jobs) {
    const cimom::Value* state = job->get("JobState");
    if (state && !state->isNull() && !isFinished(static_cast<JobState>(state->asUnsigned()))) return true;
  }
  return false;
}

std::string ClusterLookup::errorSource(const cimom::ObjectPath& path, const std::string& host) const {
  std::string ns = repository_.displayName(cluster_);
  for (char& c : ns) {
    if (c == '/') c = '\\';
  }
  cimom::ObjectPath relative({}, path.className(), path.keys());
  return "\\\\" + (host.empty() ? std::string(".") : host) + "\\" + ns + ":" + relative.toString();
}

}  // namespace cimdouble::jobs
