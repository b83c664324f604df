#include "jobs/vm_reference_points.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::Value;

constexpr const char* kPartClass = "Msvm_VirtualSystemReferencePoint";
constexpr const char* kLinkClass = "Msvm_CollectedReferencePoints";

}  // namespace

std::vector<cimom::Instance> vmReferencePoints(const ClusterLookup& cluster, const cimom::Instance& point,
                                               const cimom::ObjectPath& pointPath,
                                               const std::vector<cimom::InstancePtr>& vms) {
  std::vector<cimom::Instance> made;
  if (!cluster.hasClass(kPartClass) || !cluster.hasClass(kLinkClass)) return made;
  // The collection's ConsistencyLevel (1 Crash, 2 Application) is the part's the other way
  // round (1 Application, 2 Crash), as the two pages document them.
  const uint64_t consistency = unsignedOf(point, "ConsistencyLevel", 0);
  const uint64_t type = unsignedOf(point, "ReferencePointType", 0);
  const Value* hasLog = point.get("HasAssociatedLog");
  for (const cimom::InstancePtr& vm : vms) {
    const std::string vmId = text(*vm, "Name");
    // InstanceID: the point's CollectionID and the VM's GUID (the page gives no form).
    const std::string instanceId = "Microsoft:" + text(point, "CollectionID") + "\\" + vmId;
    cimom::Instance part(kPartClass, cluster.nameSpace());
    part.set("InstanceID", Value::string(instanceId));
    part.set("VirtualSystemIdentifier", Value::string(vmId));
    part.set("ElementName", Value::string(text(*vm, "ElementName")));
    part.set("ReferencePointType", type == 0 ? Value::null(CimType::UInt16) : Value::unsignedInt(CimType::UInt16, type));
    part.set("ConsistencyLevel", consistency == 0 ? Value::null(CimType::UInt16)
                                                  : Value::unsignedInt(CimType::UInt16, consistency == 1 ? 2 : 1));
    part.set("HasAssociatedData", hasLog && !hasLog->isNull() ? *hasLog : Value::boolean(false));
    const cimom::ObjectPath partPath(pointPath.nameSpace(), kPartClass,
                                     {{"InstanceID", Value::string(instanceId)},
                                      {"VirtualSystemIdentifier", Value::string(vmId)}});
    cimom::Instance link(kLinkClass, cluster.nameSpace());
    link.set("Collection", Value::reference(pointPath));
    link.set("Member", Value::reference(partPath));
    made.push_back(std::move(part));
    made.push_back(std::move(link));
  }
  return made;
}

cimom::Status removeVmReferencePoints(const ClusterLookup& cluster, const cimom::ObjectPath& pointPath) {
  if (!cluster.hasClass(kLinkClass)) return cimom::okStatus();
  auto parts = cluster.partsOf(pointPath);
  if (!parts) return parts.error();
  for (const cimom::InstancePtr& part : *parts) {
    if (cimom::Status removed = cluster.removeWithLinks(cluster.pathOf(*part), kLinkClass, "Member"); !removed) {
      return removed;
    }
  }
  return cimom::okStatus();
}

}  // namespace cimdouble::jobs
