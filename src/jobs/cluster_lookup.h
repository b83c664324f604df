// Questions the providers ask of the staged cluster: which host is this, where does this VM
// run, which VMs are in this collection. All answered from the instance store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"

namespace cimdouble::jobs {

class ClusterLookup {
 public:
  ClusterLookup(cimom::ClassRepository& repository, cimom::InstanceStore& store, std::string nameSpace)
      : repository_(repository), store_(store), nameSpace_(std::move(nameSpace)) {}

  cimom::InstancePtr get(const cimom::ObjectPath& path) const;  // nullptr when absent
  cimom::ObjectPath pathOf(const cimom::Instance& instance) const;
  bool isHost(const cimom::Instance& system) const;
  // A host by Name or ElementName (case-insensitive).
  cimom::InstancePtr hostNamed(const std::string& name) const;
  // A virtual machine by ElementName or Name (its GUID), case-insensitive.
  cimom::InstancePtr vmNamed(const std::string& name) const;
  // The host a VM runs on (Msvm_ComponentCS), if any.
  cimom::InstancePtr hostOf(const cimom::ObjectPath& vm) const;
  // Moves the VM: its Msvm_ComponentCS now names `host`.
  void moveVm(const cimom::ObjectPath& vm, const cimom::ObjectPath& host) const;
  void create(const cimom::Instance& instance) const;
  // Removes the instance and the `associationClass` instances whose `role` names it.
  void removeWithLinks(const cimom::ObjectPath& path, const char* associationClass, const char* role) const;
  cimom::InstancePtr collectionById(const std::string& collectionId) const;
  // A VM collection by ElementName or CollectionID.
  cimom::InstancePtr collectionNamed(const std::string& name) const;
  // A reference point (Msvm_ReferencePointCollection) by CollectionID.
  cimom::InstancePtr referencePointById(const std::string& id) const;
  std::vector<cimom::InstancePtr> membersOf(const cimom::ObjectPath& collection) const;
  // WMI's text form of a path with its host, as ErrorSource carries it.
  std::string errorSource(const cimom::ObjectPath& path, const std::string& host) const;
  const std::string& nameSpace() const { return nameSpace_; }

 private:
  std::vector<cimom::InstancePtr> all(const char* className) const;

  cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  std::string nameSpace_;
};

std::string text(const cimom::Instance& instance, const char* property);  // "" for NULL or absent
bool sameKeys(const cimom::ObjectPath& a, const cimom::ObjectPath& b);

}  // namespace cimdouble::jobs
