// The class repository: namespaces, qualifier declarations and resolved classes.
//
// Names are case-insensitive; namespaces accept '\' and '/' ("root\HyperVCluster\v2" is
// "root/hypervcluster/v2"). Classes are immutable once added and shared by pointer, so a
// reader keeps using a class while the repository grows. Safe for concurrent use.
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cimom/class_decl.h"
#include "cimom/result.h"

namespace cimdouble::cimom {

using ClassPtr = std::shared_ptr<const ClassDecl>;

class ClassRepository {
 public:
  // Creates the namespace if needed, seeded with the standard qualifier declarations.
  void ensureNamespace(std::string_view nameSpace);
  bool hasNamespace(std::string_view nameSpace) const;
  // The spelling a namespace was first created with ("root/HyperVCluster/v2").
  std::string displayName(std::string_view nameSpace) const;
  std::vector<std::string> namespaces() const;

  // How the instance store keeps a namespace's instances (instance_store.h). A `perServer`
  // namespace shows each server (node) the instances of that server and those of none, as
  // every node of a cluster answers root/virtualization/v2 for itself; the others show every
  // instance whatever server asks. `sharesInstancesWith` names another namespace whose
  // instances this one shows: one state, two views (root/HyperVCluster/v2 and
  // root/virtualization/v2). Both namespaces must exist.
  // `keysPerServer`: each server's instances are its own, their keys unique only on that
  // server (root/cimv2: every node has a Win32_Processor.DeviceID='CPU0'); the store keeps
  // them apart by server and they never move.
  Status setInstanceScope(std::string_view nameSpace, bool perServer, std::string_view sharesInstancesWith = {},
                          bool keysPerServer = false);
  // All of a namespace's scope in one lookup (the store asks on every call).
  struct InstanceScope {
    std::string instancesOf;  // the canonical namespace whose instances it shows (its own, or the one it shares)
    bool perServer = false;
    bool keysPerServer = false;
  };
  InstanceScope instanceScope(std::string_view nameSpace) const;
  std::string instanceNamespace(std::string_view nameSpace) const { return instanceScope(nameSpace).instancesOf; }

  Status addQualifierDecl(std::string_view nameSpace, QualifierDecl decl);
  std::optional<QualifierDecl> qualifierDecl(std::string_view nameSpace, std::string_view name) const;

  // Resolves `declared` against its superclass (which must already be in the namespace) and
  // adds it. Errors: InvalidNamespace, InvalidSuperclass, AlreadyExists, TypeMismatch for an
  // override that changes a feature's type, Failed for overriding a DisableOverride qualifier.
  Result<ClassPtr> addClass(std::string_view nameSpace, ClassDecl declared);

  ClassPtr findClass(std::string_view nameSpace, std::string_view className) const;
  // Every class of the namespace, in the order added.
  std::vector<ClassPtr> classes(std::string_view nameSpace) const;
  // Subclasses of `className` (not itself): direct ones only, or every descendant.
  std::vector<ClassPtr> subclasses(std::string_view nameSpace, std::string_view className, bool deep) const;
  // True when `className` is `ancestor` or derives from it.
  bool isA(std::string_view nameSpace, std::string_view className, std::string_view ancestor) const;

 private:
  struct Namespace {
    std::string displayName;
    std::map<std::string, QualifierDecl, CaseInsensitiveLess> qualifiers;
    std::map<std::string, ClassPtr, CaseInsensitiveLess> classes;
    std::vector<ClassPtr> order;
    bool perServer = false;
    bool keysPerServer = false;
    std::string instancesOf;  // canonical; empty: its own
  };

  const Namespace* find(std::string_view nameSpace) const;

  mutable std::shared_mutex mutex_;
  std::map<std::string, Namespace> namespaces_;  // by canonicalNamespace()
};

// Inherits `superclass`'s features into `declared` (DSP0004 §5.1.2.4 and §5.6.1.3 flavor
// rules). Exposed for tests; addClass uses it.
Result<ClassDecl> resolveClass(const ClassDecl* superclass, ClassDecl declared);

// The qualifier declarations every namespace starts with (DSP0004 Annex A plus the Microsoft
// ones real Hyper-V MOF uses).
const std::vector<QualifierDecl>& standardQualifierDecls();

}  // namespace cimdouble::cimom
