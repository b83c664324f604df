// Questions the providers and fixture staging ask of the cluster: which host is this, where
// does this VM run, which VMs are in this collection, is this VM busy. Answered through the
// query engine (associations and key lookups, as a WMI client would ask), never by walking a
// whole class; every answer that the store could not give comes back as its error.
#pragma once

#include <string>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/query_engine.h"

namespace cimdouble::jobs {

class ClusterLookup {
 public:
  // `nameSpace` as the caller was asked it: a node's view ("//HV-NODE1/root/virtualization/v2",
  // instance_store.h) or the whole cluster. Paths from the request (get) are looked up in that
  // view; every other question is about the cluster, whichever node asks.
  ClusterLookup(const cimom::ClassRepository& repository, cimom::InstanceStore& store, const cimom::QueryEngine& query,
                std::string nameSpace);

  // The instance, or nullptr when the path names none in the caller's view (no such instance,
  // or keys no instance could have): not an error, callers answer "invalid parameter".
  cimom::InstancePtr get(const cimom::ObjectPath& path) const;
  // Likewise, anywhere in the cluster.
  cimom::InstancePtr anywhere(const cimom::ObjectPath& path) const;
  cimom::ObjectPath pathOf(const cimom::Instance& instance) const;
  bool isHost(const cimom::Instance& system) const;
  // A host by Name or ElementName (case-insensitive); nullptr for none.
  cimom::Result<cimom::InstancePtr> hostNamed(const std::string& name) const;
  // A virtual machine by ElementName or Name (its GUID), case-insensitive; nullptr for none.
  cimom::Result<cimom::InstancePtr> vmNamed(const std::string& name) const;
  // The host a VM runs on (Msvm_ComponentCS); nullptr when it runs on none.
  cimom::Result<cimom::InstancePtr> hostOf(const cimom::ObjectPath& vm) const;
  // Moves the VM: its Msvm_ComponentCS now names `host`, and it shows in `host`'s view instead
  // of the source's. Both must exist.
  cimom::Status moveVm(const cimom::ObjectPath& vm, const cimom::ObjectPath& host) const;
  cimom::Status create(const cimom::Instance& instance) const;
  // Replaces an instance, wherever in the cluster it is (keeping its node unless it names one).
  cimom::Status modify(const cimom::Instance& instance) const;
  // Every virtual machine of the cluster, on whichever node.
  cimom::Result<std::vector<cimom::InstancePtr>> virtualMachines() const;
  // Removes the `associationClass` instances whose `role` names the instance.
  cimom::Status removeLinksTo(const cimom::ObjectPath& path, const char* associationClass, const char* role) const;
  // Removes the instance and the `associationClass` instances whose `role` names it.
  cimom::Status removeWithLinks(const cimom::ObjectPath& path, const char* associationClass, const char* role) const;
  cimom::Result<cimom::InstancePtr> collectionById(const std::string& collectionId) const;
  // A VM collection by ElementName or CollectionID; nullptr for none.
  cimom::Result<cimom::InstancePtr> collectionNamed(const std::string& name) const;
  // A reference point (Msvm_ReferencePointCollection) by CollectionID; nullptr for none.
  cimom::Result<cimom::InstancePtr> referencePointById(const std::string& id) const;
  // The VMs of a collection (Msvm_CollectedVirtualSystems).
  cimom::Result<std::vector<cimom::InstancePtr>> membersOf(const cimom::ObjectPath& collection) const;
  // The per-VM parts of a collection's reference point (Msvm_CollectedReferencePoints).
  cimom::Result<std::vector<cimom::InstancePtr>> partsOf(const cimom::ObjectPath& referencePoint) const;
  bool hasClass(const char* className) const;
  // What the lookup asks, for providers that model more than the cluster (storage_array.h).
  const cimom::ClassRepository& repository() const { return repository_; }
  cimom::InstanceStore& store() const { return store_; }
  const cimom::QueryEngine& query() const { return query_; }
  // Whether the class declares (or inherits) the property.
  bool hasProperty(const std::string& className, const char* property) const;
  // Every instance of the class (and its subclasses) in the caller's view (a node's, when it names one).
  cimom::Result<std::vector<cimom::InstancePtr>> inView(const char* className) const;
  cimom::Status remove(const cimom::ObjectPath& path) const;
  // The first instance of a service class in the namespace; nullptr for none.
  cimom::Result<cimom::InstancePtr> anyService(const char* className) const;
  // Whether a job that has not finished affects the element (Msvm_AffectedJobElement).
  cimom::Result<bool> hasActiveJob(const cimom::ObjectPath& element) const;
  // WMI's text form of a path with its host, as ErrorSource carries it.
  std::string errorSource(const cimom::ObjectPath& path, const std::string& host) const;
  // The instances linked to `source` by `assocClass` (`source` in `role`), anywhere in the cluster.
  cimom::Result<std::vector<cimom::InstancePtr>> associated(const cimom::ObjectPath& source, const char* assocClass,
                                                            const char* role, const char* resultRole) const;
  // The same questions asked in `node`'s view.
  ClusterLookup onNode(const std::string& node) const;
  // Shows the instance in `node`'s view (instance_store.h: its server).
  cimom::Status showOn(const cimom::Instance& instance, const std::string& node) const;
  // The namespace as asked (where jobs the caller starts live).
  const std::string& nameSpace() const { return nameSpace_; }

 private:
  // The first instance of `className` whose `property` equals `value` (case-insensitive).
  cimom::Result<cimom::InstancePtr> firstWhere(const char* className, const char* property, const std::string& value,
                                               bool (*accept)(const ClusterLookup&, const cimom::Instance&)) const;

  const cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  const cimom::QueryEngine& query_;
  std::string nameSpace_;
  std::string cluster_;  // nameSpace_ without its server part
};

std::string text(const cimom::Instance& instance, const char* property);  // "" for NULL or absent
// A string property, or the first string of a string array (HostResource); "" for none.
std::string firstString(const cimom::Instance& instance, const char* property);
// An unsigned integer property; `absent` for NULL, absent or an array.
uint64_t unsignedOf(const cimom::Instance& instance, const char* property, uint64_t absent);
bool sameKeys(const cimom::ObjectPath& a, const cimom::ObjectPath& b);

}  // namespace cimdouble::jobs
