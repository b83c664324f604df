#include "jobs/storage_array.h"

#include <algorithm>
#include <cstdio>

#include "cimom/case_insensitive.h"
#include "jobs/cluster_lookup.h"

namespace cimdouble::jobs::array {
namespace {

using cimom::CimType;
using cimom::Value;

// 3PAR's InstanceIDs (HP 3PAR CIM API Programming Reference, 3.1.2 and later).
constexpr const char* kInstancePrefix = "HP_3PAR:";

Value uint16(uint64_t v) { return Value::unsignedInt(CimType::UInt16, v); }
Value uint64(uint64_t v) { return Value::unsignedInt(CimType::UInt64, v); }
Value uint16s(std::initializer_list<uint64_t> values) {
  std::vector<cimom::Scalar> scalars(values.begin(), values.end());
  return Value::array(CimType::UInt16, std::move(scalars));
}

void setHealthy(cimom::Instance& element) {
  element.set("OperationalStatus", uint16s({2}));  // OK
  element.set("HealthState", uint16(5));           // OK
}

void scopeTo(cimom::Instance& element, const cimom::Instance& system) {
  element.set("SystemCreationClassName", Value::string(kSystemClass));
  element.set("SystemName", Value::string(text(system, "Name")));
}

// A volume's WWN: 3PAR's NAA 6 prefix (60002AC), the VV ID and the system's serial, 32 digits.
std::string volumeWwn(uint64_t id, const std::string& serial) {
  char digits[40];
  std::snprintf(digits, sizeof digits, "60002AC%021llX", static_cast<unsigned long long>(id));
  std::string wwn = digits;
  std::string tail = serial.size() >= 4 ? serial.substr(serial.size() - 4) : std::string(4 - serial.size(), '0') + serial;
  return wwn + tail;
}

cimom::Instance link(const char* className, const char* from, const cimom::ObjectPath& a, const char* to,
                     const cimom::ObjectPath& b) {
  cimom::Instance instance(className, kNamespace);
  instance.set(from, Value::reference(a));
  instance.set(to, Value::reference(b));
  return instance;
}

}  // namespace

cimom::ObjectPath StorageArrays::pathOf(const cimom::Instance& instance) const {
  cimom::ClassPtr cls = repository_.findClass(kNamespace, instance.className());
  cimom::ObjectPath path = instance.path(*cls);
  path.setNameSpace(repository_.displayName(kNamespace));
  return path;
}

cimom::Result<cimom::ObjectPath> StorageArrays::create(const cimom::Instance& instance) {
  return store_.create(kNamespace, instance);
}

cimom::Status StorageArrays::modify(const cimom::Instance& instance) {
  auto modified = store_.modify(kNamespace, instance);
  if (!modified) return modified.error();
  return cimom::okStatus();
}

uint64_t StorageArrays::bytesOf(const cimom::Instance& volume) {
  return unsignedOf(volume, "NumberOfBlocks", 0) * unsignedOf(volume, "BlockSize", kBlockSize);
}

cimom::Result<cimom::ObjectPath> StorageArrays::addSystem(const std::string& name, const std::string& wwn,
                                                          const std::string& serial) {
  cimom::Instance system(kSystemClass, kNamespace);
  system.set("CreationClassName", Value::string(kSystemClass));
  system.set("Name", Value::string(wwn));
  system.set("NameFormat", Value::string("WWN"));
  system.set("ElementName", Value::string(name));
  system.set("Caption", Value::string(name));
  system.set("Description", Value::string("HP 3PAR InServ storage system"));
  system.set("SerialNumber", Value::string(serial));
  system.set("OtherIdentifyingInfo", Value::array(CimType::String, {std::string(serial)}));
  system.set("IdentifyingDescriptions", Value::array(CimType::String, {std::string("Serial Number")}));
  system.set("Dedicated", uint16s({3, 15}));  // Storage, Block Server
  system.set("EnabledState", uint16(2));
  setHealthy(system);
  auto systemPath = create(system);
  if (!systemPath) return systemPath;

  cimom::Instance service(kServiceClass, kNamespace);
  scopeTo(service, system);
  service.set("CreationClassName", Value::string(kServiceClass));
  service.set("Name", Value::string("ReplicationService"));
  service.set("ElementName", Value::string("Replication Service"));
  service.set("EnabledState", uint16(2));
  service.set("Started", Value::boolean(true));
  setHealthy(service);
  auto servicePath = create(service);
  if (!servicePath) return servicePath.error();
  if (auto linked = create(link("TPD_HostedService", "Antecedent", *systemPath, "Dependent", *servicePath)); !linked) {
    return linked.error();
  }

  // What 3PAR's Replication Services support (the reference's capability tables): synchronous
  // virtual copies (6) and physical copies (10 synchronous, 11 asynchronous), local only.
  cimom::Instance capabilities("TPD_ReplicationServiceCapabilities", kNamespace);
  capabilities.set("InstanceID", Value::string(std::string(kInstancePrefix) + wwn + ":ReplicationServiceCapabilities"));
  capabilities.set("ElementName", Value::string("Replication Service Capabilities"));
  capabilities.set("SupportedReplicationTypes", uint16s({6, 10, 11}));
  capabilities.set("SupportedStorageObjects", uint16s({2}));                    // StorageVolume
  capabilities.set("SupportedAsynchronousActions", uint16s({2, 5}));           // CreateElementReplica, Modify...
  capabilities.set("SupportedSynchronousActions", uint16s({2, 3, 5}));         // ... and CreateGroupReplica
  auto capabilitiesPath = create(capabilities);
  if (!capabilitiesPath) return capabilitiesPath.error();
  if (auto linked = create(link("TPD_ElementCapabilities", "ManagedElement", *servicePath, "Capabilities",
                                *capabilitiesPath));
      !linked) {
    return linked.error();
  }
  return systemPath;
}

cimom::Result<cimom::ObjectPath> StorageArrays::addPool(const cimom::Instance& system, const std::string& name,
                                                        uint64_t bytes) {
  cimom::Instance pool(kPoolClass, kNamespace);
  pool.set("InstanceID", Value::string(kInstancePrefix + name));
  pool.set("PoolID", Value::string(name));
  pool.set("ElementName", Value::string(name));
  pool.set("Primordial", Value::boolean(false));
  pool.set("TotalManagedSpace", uint64(bytes));
  pool.set("RemainingManagedSpace", uint64(bytes));
  pool.set("CurrentSpaceConsumed", uint64(0));
  pool.set("SpaceLimit", uint64(bytes));
  pool.set("SpaceLimitDetermination", uint16(3));  // Quota: the CPG's growth limit
  pool.set("ElementsShareSpace", Value::boolean(true));
  pool.set("Usage", uint16(4));  // Not restricted
  setHealthy(pool);
  auto poolPath = create(pool);
  if (!poolPath) return poolPath;
  if (auto linked = create(link("TPD_HostedStoragePool", "GroupComponent", pathOf(system), "PartComponent", *poolPath));
      !linked) {
    return linked.error();
  }
  return poolPath;
}

cimom::Status StorageArrays::consume(const cimom::ObjectPath& poolPath, int64_t delta) {
  cimom::InstancePtr found = get(poolPath);
  if (!found) return cimom::okStatus();
  cimom::Instance pool = *found;
  const uint64_t total = unsignedOf(pool, "TotalManagedSpace", 0);
  const int64_t consumed = std::clamp<int64_t>(static_cast<int64_t>(unsignedOf(pool, "CurrentSpaceConsumed", 0)) + delta,
                                               0, static_cast<int64_t>(total));
  pool.set("CurrentSpaceConsumed", uint64(static_cast<uint64_t>(consumed)));
  pool.set("RemainingManagedSpace", uint64(total - static_cast<uint64_t>(consumed)));
  return modify(pool);
}

cimom::Result<cimom::ObjectPath> StorageArrays::addVolume(const cimom::Instance& system, const cimom::Instance& pool,
                                                          const std::string& name, uint64_t bytes, VolumeKind kind,
                                                          const std::string& copyOf) {
  auto volumes = store_.enumerate(kNamespace, kVolumeClass);
  if (!volumes) return volumes.error();
  uint64_t id = 0;
  for (const cimom::InstancePtr& v : *volumes) {
    if (text(*v, "SystemName") != text(system, "Name")) continue;
    id = std::max<uint64_t>(id, std::strtoull(text(*v, "DeviceID").c_str(), nullptr, 10) + 1);
  }
  const uint64_t blocks = (bytes + kBlockSize - 1) / kBlockSize;
  cimom::Instance volume(kVolumeClass, kNamespace);
  scopeTo(volume, system);
  volume.set("CreationClassName", Value::string(kVolumeClass));
  volume.set("DeviceID", Value::string(std::to_string(id)));
  volume.set("ElementName", Value::string(name));
  volume.set("Name", Value::string(volumeWwn(id, text(system, "SerialNumber"))));
  volume.set("NameFormat", uint16(9));     // NAA
  volume.set("NameNamespace", uint16(7));  // NAA
  volume.set("BlockSize", uint64(kBlockSize));
  volume.set("NumberOfBlocks", uint64(blocks));
  volume.set("ConsumableBlocks", uint64(blocks));
  volume.set("Primordial", Value::boolean(false));
  volume.set("IsBasedOnUnderlyingRedundancy", Value::boolean(true));
  volume.set("EnabledState", uint16(2));
  volume.set("CopyType", uint16(static_cast<uint16_t>(kind)));
  volume.set("CopyOf", copyOf.empty() ? Value::null(CimType::String) : Value::string(copyOf));
  setHealthy(volume);
  auto volumePath = create(volume);
  if (!volumePath) return volumePath;
  if (auto linked = create(link("TPD_SystemVolume", "GroupComponent", pathOf(system), "PartComponent", *volumePath));
      !linked) {
    return linked.error();
  }
  const uint64_t consumed = kind == VolumeKind::VirtualCopy ? 0 : blocks * kBlockSize;
  cimom::Instance allocated = link("TPD_AllocatedFromStoragePool", "Antecedent", pathOf(pool), "Dependent", *volumePath);
  allocated.set("SpaceConsumed", uint64(consumed));
  if (auto linked = create(allocated); !linked) return linked.error();
  if (cimom::Status taken = consume(pathOf(pool), static_cast<int64_t>(consumed)); !taken) return taken.error();
  return volumePath;
}

cimom::Result<cimom::ObjectPath> StorageArrays::addGroup(const cimom::Instance& system, const std::string& name,
                                                         const std::vector<cimom::InstancePtr>& volumes) {
  (void)system;  // 3PAR names a set by its name alone (HP_3PAR:<set name>)
  cimom::Instance group(kGroupClass, kNamespace);
  group.set("InstanceID", Value::string(kInstancePrefix + name));
  group.set("ElementName", Value::string(name));
  group.set("Persistent", Value::boolean(true));
  group.set("DeleteOnEmptyElement", Value::boolean(false));
  group.set("DeleteOnUnassociated", Value::boolean(false));
  auto groupPath = create(group);
  if (!groupPath) return groupPath;
  uint64_t sequence = 1;
  for (const cimom::InstancePtr& volume : volumes) {
    cimom::Instance member = link("TPD_OrderedMemberOfCollection", "Collection", *groupPath, "Member", pathOf(*volume));
    member.set("AssignedSequence", uint64(sequence++));
    if (auto linked = create(member); !linked) return linked.error();
  }
  return groupPath;
}

cimom::Status StorageArrays::removeVolume(const cimom::ObjectPath& volume) {
  auto pool = poolOf(volume);
  if (!pool) return pool.error();
  if (!get(volume)) return cimom::okStatus();
  auto links = query_.references(kNamespace, volume, {});
  if (!links) return links.error();
  int64_t consumed = 0;  // what its allocation took from the pool (none for a virtual copy)
  for (const cimom::InstancePtr& l : links->instances) {
    if (cimom::iequals(l->className(), "TPD_AllocatedFromStoragePool")) {
      consumed = static_cast<int64_t>(unsignedOf(*l, "SpaceConsumed", 0));
    }
    if (cimom::Status removed = store_.remove(pathOf(*l)); !removed) return removed;
  }
  if (cimom::Status removed = store_.remove(volume); !removed) return removed;
  if (*pool) return consume(pathOf(**pool), -consumed);
  return cimom::okStatus();
}

cimom::InstancePtr StorageArrays::get(const cimom::ObjectPath& path) const {
  cimom::ObjectPath inNamespace = path;
  inNamespace.setNameSpace(kNamespace);
  auto instance = store_.get(inNamespace);
  return instance ? *instance : nullptr;
}

cimom::Result<cimom::InstancePtr> StorageArrays::systemOf(const cimom::Instance& element) const {
  cimom::ObjectPath path(kNamespace, kSystemClass);
  path.setKey("CreationClassName", Value::string(kSystemClass));
  path.setKey("Name", Value::string(text(element, "SystemName")));
  return get(path);
}

cimom::Result<cimom::InstancePtr> StorageArrays::poolOf(const cimom::ObjectPath& volume) const {
  cimom::AssociationFilter filter;
  filter.assocClass = "CIM_AllocatedFromStoragePool";
  filter.role = "Dependent";
  auto found = query_.associators(kNamespace, volume, filter);
  if (!found) return found.error();
  return found->instances.empty() ? nullptr : found->instances.front();
}

cimom::Result<std::vector<cimom::InstancePtr>> StorageArrays::membersOf(const cimom::ObjectPath& group) const {
  cimom::AssociationFilter filter;
  filter.assocClass = "CIM_OrderedMemberOfCollection";
  filter.role = "Collection";
  auto links = query_.references(kNamespace, group, filter);
  if (!links) return links.error();
  std::vector<std::pair<uint64_t, cimom::InstancePtr>> ordered;
  for (const cimom::InstancePtr& l : links->instances) {
    const Value* member = l->get("Member");
    if (!member || member->isNull()) continue;
    if (cimom::InstancePtr volume = get(member->asReference())) {
      ordered.emplace_back(unsignedOf(*l, "AssignedSequence", 0), volume);
    }
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<cimom::InstancePtr> members;
  for (auto& entry : ordered) members.push_back(std::move(entry.second));
  return members;
}

cimom::Result<cimom::InstancePtr> StorageArrays::named(const char* className, const cimom::Instance& system,
                                                       const std::string& name) const {
  auto all = store_.enumerate(kNamespace, className);
  if (!all) return all.error();
  for (const cimom::InstancePtr& i : *all) {
    const bool onSystem = !i->get("SystemName") || text(*i, "SystemName") == text(system, "Name");
    if (onSystem && cimom::iequals(text(*i, "ElementName"), name)) return i;
  }
  return cimom::InstancePtr();
}

cimom::Result<cimom::InstancePtr> StorageArrays::volumeNamed(const cimom::Instance& system,
                                                             const std::string& name) const {
  return named(kVolumeClass, system, name);
}

cimom::Result<cimom::InstancePtr> StorageArrays::poolNamed(const cimom::Instance& system, const std::string& name) const {
  return named(kPoolClass, system, name);
}

cimom::Result<cimom::InstancePtr> StorageArrays::groupNamed(const cimom::Instance& system,
                                                            const std::string& name) const {
  return named(kGroupClass, system, name);
}

cimom::Result<std::vector<cimom::InstancePtr>> StorageArrays::synchronizationsOf(const cimom::ObjectPath& volume) const {
  cimom::AssociationFilter filter;
  filter.resultClass = "CIM_StorageSynchronized";
  auto links = query_.references(kNamespace, volume, filter);
  if (!links) return links.error();
  return links->instances;
}

cimom::Result<std::vector<cimom::InstancePtr>> StorageArrays::associatedJobs(const cimom::ObjectPath& element) const {
  cimom::AssociationFilter filter;
  filter.assocClass = "CIM_AffectedJobElement";
  filter.role = "AffectedElement";
  auto jobs = query_.associators(kNamespace, element, filter);
  if (!jobs) return jobs.error();
  return jobs->instances;
}

}  // namespace cimdouble::jobs::array
