// The instance store: every instance the CIMOM holds, by object path.
//
// Instances are validated against their class on the way in (known properties, types, keys
// and Required properties non-NULL, key uniqueness) and completed (every property present,
// defaults applied, schema order). Stored instances are immutable and shared: a reader keeps
// the InstancePtr it got even if a writer replaces the instance a moment later.
//
// Get is a hash lookup on the canonical path, never a scan. Safe for concurrent readers and
// writers (one reader/writer lock; writers hold it only to swap pointers).
//
// Views: a namespace that shares another's instances (ClassRepository::setInstanceScope)
// reads and writes that namespace's buckets; a namespace named with a server part
// ("//HV-NODE1/root/virtualization/v2", object_path.h) is that server's view. In a per-server
// namespace the view holds the instances of that server, those of no server, and the
// associations whose every end it holds: a VM that moves to another node takes its links
// with it. Outside a view (no server part) every instance is visible. An instance created in
// a view belongs to the view's server unless it names its own (Instance::server); a modify
// keeps the server the instance had unless the new one names one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance.h"
#include "cimom/result.h"

namespace cimdouble::cimom {

class InstanceStore {
 public:
  explicit InstanceStore(const ClassRepository& repository) : repository_(repository) {}
  const ClassRepository& repository() const { return repository_; }
  InstanceStore(const InstanceStore&) = delete;
  InstanceStore& operator=(const InstanceStore&) = delete;

  // Validates, completes and adds; returns the new instance's path.
  // Errors: InvalidNamespace, InvalidClass (unknown or abstract), NoSuchProperty,
  // TypeMismatch, InvalidParameter (NULL key or Required property), AlreadyExists.
  Result<ObjectPath> create(std::string_view nameSpace, const Instance& instance);
  // Replaces the instance with the same path. NotFound when there is none.
  Result<ObjectPath> modify(std::string_view nameSpace, const Instance& instance);
  // Creates or replaces.
  Result<ObjectPath> put(std::string_view nameSpace, const Instance& instance);
  Status remove(const ObjectPath& path);

  // Finds by path; a path naming a superclass finds a subclass instance with the same keys
  // (as WMI's GetObject does). Errors: InvalidNamespace, InvalidClass, InvalidParameter (bad
  // keys), NotFound.
  Result<InstancePtr> get(const ObjectPath& path) const;

  // Instances of `className` and, when `deep`, of every subclass, in creation order per class
  // (the class's own instances first, then each subclass's in schema order).
  Result<std::vector<InstancePtr>> enumerate(std::string_view nameSpace, std::string_view className,
                                             bool deep = true) const;

  // The path typed against its class: key values converted to the key types, namespace as
  // given. Errors for a missing key, an unknown key name, or a value that does not fit.
  Result<ObjectPath> normalizePath(const ObjectPath& path) const;

  std::size_t size() const;
  void clear();

  // Everything the store holds, cheaply (instances are shared, not copied): what a reset
  // returns to.
  struct Snapshot;
  std::shared_ptr<const Snapshot> snapshot() const;
  void restore(const Snapshot& snapshot);
  // Adds the instances `after` holds that `before` did not (both snapshots of stores on this
  // repository, `after` taken of a store restored from `before` and added to, as a fixture
  // merge does), leaving everything else the store holds now as it is: all of them or, when
  // the store has meanwhile given one of their paths to another instance, none (AlreadyExists).
  Status addCreatedSince(const Snapshot& before, const Snapshot& after);

 private:
  struct ClassBucket {
    ClassPtr cls;
    // The instances in creation order; nullptr where one was removed (compacted when those
    // are half of it).
    std::vector<InstancePtr> ordered;
    std::size_t removed = 0;
    // Positions in `ordered` by the hash of the canonical path: a store of 100,000 jobs and
    // their associations would otherwise hold 300,000 path strings of up to a few hundred
    // bytes each. Entries with the same hash are told apart by their instances' own paths
    // (findEntry).
    std::unordered_multimap<std::size_t, std::size_t> byPath;
  };
  enum class WriteMode { Create, Modify, Put };

  Result<ObjectPath> write(std::string_view asked, const Instance& instance, WriteMode mode);
  Result<Instance> complete(const ClassDecl& cls, std::string_view nameSpace, const Instance& instance) const;
  const ClassBucket* bucket(const std::string& key) const;
  std::string bucketKey(std::string_view nameSpace, std::string_view className) const;
  // Which server's view a namespace is: `server` empty for none (everything visible).
  struct View {
    std::string server;
  };
  View viewOf(std::string_view nameSpace) const;
  // The canonical path the store finds an instance by: in the namespace that keeps it.
  std::string storedCanonical(const ObjectPath& path) const;
  bool visible(const Instance& instance, const ClassDecl& cls, const View& view) const;  // mutex_ held
  InstancePtr findLocked(const ObjectPath& path) const;  // exact class, mutex_ held; nullptr for none

  const ClassRepository& repository_;
 public:
  // Buckets are shared between the store and its snapshots (so a snapshot and a restore cost
  // one pointer per class, whatever the number of instances); the store copies a bucket the
  // first time it changes one a snapshot still holds.
  using Buckets = std::unordered_map<std::string, std::shared_ptr<const ClassBucket>>;
  struct Snapshot {
    Buckets buckets;
    std::size_t size;
  };

 private:
  ClassBucket& writableBucket(const std::string& key, const ClassPtr& cls);  // mutex_ held exclusively
  // The one shape every instance of `cls` in `nameSpace` gets.
  std::shared_ptr<const InstanceShape> shapeOf(const ClassDecl& cls, std::string_view nameSpace) const;
  template <typename Bucket>
  static auto findEntry(Bucket& bucket, const std::string& canonical);
  // A new instance at the end of `bucket`, found by `canonical` from now on.
  void append(ClassBucket& bucket, const std::string& canonical, InstancePtr instance);  // mutex_ held exclusively
  static void compact(ClassBucket& bucket);

  mutable std::shared_mutex mutex_;
  Buckets buckets_;  // by "namespace:class", canonical
  mutable std::mutex shapesMutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const InstanceShape>> shapes_;  // by bucket key
  std::size_t size_ = 0;
};

}  // namespace cimdouble::cimom
