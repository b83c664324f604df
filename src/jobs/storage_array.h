// SMI-S storage arrays as HP 3PAR's CIM server shows them in root/tpd (mof/schema/tpd.mof):
// a TPD_StorageSystem (Name: its WWN) hosting CPGs (TPD_DynamicStoragePool), virtual volumes
// (TPD_StorageVolume, DeviceID: the VV ID), virtual volume sets (TPD_ReplicationGroup) and a
// TPD_ReplicationService with its capabilities. Fixture staging builds arrays with it and the
// replication provider changes them, so both look alike to a client. Sizes are fully
// provisioned: a volume consumes its size from its CPG; a virtual copy consumes none (the
// snapshot space of 3PAR's delta-replica pools is not modelled).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/query_engine.h"
#include "jobs/cluster_lookup.h"

namespace cimdouble::jobs::array {

inline constexpr const char* kNamespace = "root/tpd";
inline constexpr const char* kSystemClass = "TPD_StorageSystem";
inline constexpr const char* kPoolClass = "TPD_DynamicStoragePool";
inline constexpr const char* kVolumeClass = "TPD_StorageVolume";
inline constexpr const char* kGroupClass = "TPD_ReplicationGroup";
inline constexpr const char* kServiceClass = "TPD_ReplicationService";
inline constexpr const char* kSynchronizedClass = "TPD_StorageSynchronized";
inline constexpr uint64_t kBlockSize = 512;

// TPD_StorageVolume.CopyType.
enum class VolumeKind : uint16_t { Base = 1, PhysicalCopy = 2, VirtualCopy = 3 };

class StorageArrays {
 public:
  StorageArrays(const cimom::ClassRepository& repository, cimom::InstanceStore& store, const cimom::QueryEngine& query)
      : repository_(repository), store_(store), query_(query) {}
  explicit StorageArrays(const ClusterLookup& lookup)
      : StorageArrays(lookup.repository(), lookup.store(), lookup.query()) {}

  // A new array with its replication service, the service's capabilities and their links.
  cimom::Result<cimom::ObjectPath> addSystem(const std::string& name, const std::string& wwn, const std::string& serial);
  cimom::Result<cimom::ObjectPath> addPool(const cimom::Instance& system, const std::string& name, uint64_t bytes);
  // A new volume in `pool` (its space taken from the pool), with the next free VV ID.
  cimom::Result<cimom::ObjectPath> addVolume(const cimom::Instance& system, const cimom::Instance& pool,
                                             const std::string& name, uint64_t bytes, VolumeKind kind,
                                             const std::string& copyOf = {});
  // A virtual volume set of `volumes`, in order.
  cimom::Result<cimom::ObjectPath> addGroup(const cimom::Instance& system, const std::string& name,
                                            const std::vector<cimom::InstancePtr>& volumes);
  // Deletes a volume and its links, its space back to its pool.
  cimom::Status removeVolume(const cimom::ObjectPath& volume);

  // nullptr when the path names nothing in root/tpd.
  cimom::InstancePtr get(const cimom::ObjectPath& path) const;
  cimom::Result<cimom::InstancePtr> systemOf(const cimom::Instance& element) const;  // by SystemName
  cimom::Result<cimom::InstancePtr> poolOf(const cimom::ObjectPath& volume) const;   // AllocatedFromStoragePool
  cimom::Result<std::vector<cimom::InstancePtr>> membersOf(const cimom::ObjectPath& group) const;
  // By ElementName on the system (case-insensitive); nullptr for none.
  cimom::Result<cimom::InstancePtr> volumeNamed(const cimom::Instance& system, const std::string& name) const;
  cimom::Result<cimom::InstancePtr> poolNamed(const cimom::Instance& system, const std::string& name) const;
  cimom::Result<cimom::InstancePtr> groupNamed(const cimom::Instance& system, const std::string& name) const;
  // The replica associations a volume is the source or the target of.
  cimom::Result<std::vector<cimom::InstancePtr>> synchronizationsOf(const cimom::ObjectPath& volume) const;

  // The jobs (CIM_AffectedJobElement) working on an element.
  cimom::Result<std::vector<cimom::InstancePtr>> associatedJobs(const cimom::ObjectPath& element) const;

  cimom::ObjectPath pathOf(const cimom::Instance& instance) const;
  cimom::Status modify(const cimom::Instance& instance);
  cimom::Result<cimom::ObjectPath> create(const cimom::Instance& instance);
  cimom::Status remove(const cimom::ObjectPath& path) { return store_.remove(path); }
  // The bytes a volume of `blocks` blocks takes.
  static uint64_t bytesOf(const cimom::Instance& volume);

 private:
  cimom::Result<cimom::InstancePtr> named(const char* className, const cimom::Instance& system,
                                          const std::string& name) const;
  // Adds `delta` bytes to the pool's consumed space.
  cimom::Status consume(const cimom::ObjectPath& pool, int64_t delta);

  const cimom::ClassRepository& repository_;
  cimom::InstanceStore& store_;
  const cimom::QueryEngine& query_;
};

}  // namespace cimdouble::jobs::array
