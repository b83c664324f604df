// Msvm_CollectionReferencePointService: ExportReferencePoint (an export job that, when done,
// lists the exported files as Hyper-V lays them out), CreateReferencePoint and
// DestroyReferencePoint (jobs that add or remove a reference point of a VM collection).
#include "cimom/case_insensitive.h"
#include "jobs/cluster_lookup.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;

constexpr const char* kReferencePointClass = "Msvm_ReferencePointCollection";
// Hyper-V's IDE controller resource type GUID, as it appears in virtual disk InstanceIDs.
constexpr const char* kDiskControllerGuid = "83F8638B-8DCA-4152-9EDA-2CA8B33039B4";


cimom::InstancePtr referencePoint(const MethodCall& call, const ClusterLookup& cluster, const char* argument) {
  const Value* ref = call.argument(argument);
  if (!ref || ref->isNull()) return nullptr;
  cimom::InstancePtr rp = cluster.get(ref->asReference());
  return rp && cimom::iequals(rp->className(), kReferencePointClass) ? rp : nullptr;
}

Value strings(const std::vector<std::string>& values) {
  std::vector<cimom::Scalar> scalars(values.begin(), values.end());
  return Value::array(CimType::String, std::move(scalars));
}

// A job of the reference-point service about `subject`.
JobSpec serviceJob(const MethodCall& call, const ClusterLookup& cluster, const char* className, const char* kind,
                   const char* caption, const cimom::ObjectPath& subject, const std::string& collectionName) {
  JobSpec spec;
  spec.nameSpace = cluster.nameSpace();
  spec.className = className;
  spec.kind = kind;
  spec.caption = caption;
  spec.match = {kind, {}, {}, collectionName, call.method->name};
  spec.affected = {subject};
  spec.owner = call.target;
  spec.errorSource = cluster.errorSource(subject, {});
  return spec;
}

cimom::Result<MethodResult> exportReferencePoint(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster) {
  cimom::InstancePtr rp = referencePoint(call, cluster, "ReferencePointCollection");
  const Value* directory = call.argument("ExportDirectory");
  if (!rp || !directory || directory->isNull() || directory->asString().empty()) return methodResult(kInvalidParameter);
  std::string baseId;
  if (const Value* settings = call.argument("ExportSettingData"); settings && !settings->isNull()) {
    if (settings->type() != CimType::Instance ||
        !cimom::iequals(settings->asInstance()->className(), "Msvm_CollectionReferencePointExportSettingData")) {
      return methodResult(kInvalidParameter);
    }
    const std::string base = text(*settings->asInstance(), "BaseReferencePointCollection");
    if (!base.empty()) {  // an incremental export: the base must be a reference point of the same collection
      auto basePath = cimom::ObjectPath::parse(base);
      cimom::InstancePtr baseRp = basePath ? cluster.get(*basePath) : nullptr;
      if (!baseRp || !cimom::iequals(baseRp->className(), kReferencePointClass) ||
          !cimom::iequals(text(*baseRp, "VirtualSystemCollectionId"), text(*rp, "VirtualSystemCollectionId"))) {
        return methodResult(kInvalidParameter);
      }
      baseId = text(*baseRp, "CollectionID");
    }
  }
  const std::string collectionId = text(*rp, "VirtualSystemCollectionId");
  cimom::InstancePtr collection = cluster.collectionById(collectionId);
  if (!collection) return methodResult(kInvalidParameter);
  const cimom::ObjectPath collectionPath = cluster.pathOf(*collection);
  struct Vm {
    std::string id;
    std::string name;
  };
  std::vector<Vm> vms;
  std::vector<std::string> vmIds;
  for (const cimom::InstancePtr& vm : cluster.membersOf(collectionPath)) {
    vms.push_back({text(*vm, "Name"), text(*vm, "ElementName")});
    vmIds.push_back(text(*vm, "Name"));
  }

  const JobKindLook& look = *jobKindLook(kExport);
  JobSpec spec = serviceJob(call, cluster, look.className, look.kind, look.caption, collectionPath,
                            text(*collection, "ElementName"));
  spec.errorSource = cluster.errorSource(cluster.pathOf(*rp), {});
  spec.properties = {{"CollectionId", Value::string(collectionId)},
                     {"ReferencePointGroupId", Value::string(text(*rp, "CollectionID"))},
                     {"BaseReferencePointGroupId", baseId.empty() ? Value::null(CimType::String) : Value::string(baseId)},
                     {"VirtualMachineId", strings(vmIds)},
                     {"ExportDirectory", Value::string(directory->asString())}};
  const std::string root = directory->asString();
  const bool incremental = !baseId.empty();
  spec.onComplete = [root, vms, incremental](cimom::Instance& job) {
    // Hyper-V's export layout: <dir>\<VM id>\Virtual Machines\<VM id>.vmcx/.vmrs, disks under
    // Virtual Hard Disks; an incremental (log-based) export also carries the change logs.
    std::vector<std::string> disks, logs, configs, runtimes;
    for (const Vm& vm : vms) {
      const std::string folder = root + "\\" + vm.id;
      disks.push_back("Microsoft:" + vm.id + "\\" + kDiskControllerGuid + "\\0\\0\\D");
      configs.push_back(folder + "\\Virtual Machines\\" + vm.id + ".vmcx");
      runtimes.push_back(folder + "\\Virtual Machines\\" + vm.id + ".vmrs");
      if (incremental) logs.push_back(folder + "\\Virtual Hard Disks\\" + vm.name + ".hrl");
    }
    job.set("ExportedDisks", strings(disks));
    job.set("ExportedConfigFilePaths", strings(configs));
    job.set("ExportedRuntimeFilePaths", strings(runtimes));
    job.set("ExportedLogFilePaths", incremental ? strings(logs) : Value::null(CimType::String, true));
  };
  return jobStartedResult(engine.submit(std::move(spec)));
}

cimom::Result<MethodResult> createReferencePoint(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster) {
  const Value* ref = call.argument("Collection");
  cimom::InstancePtr collection = ref && !ref->isNull() ? cluster.get(ref->asReference()) : nullptr;
  if (!collection || !cimom::iequals(collection->className(), "Msvm_VirtualSystemCollection")) return methodResult(kInvalidParameter);
  const Value* typeArg = call.argument("ReferencePointType");
  const uint64_t type = typeArg && !typeArg->isNull() ? typeArg->asUnsigned() : 1;
  if (type > 2) return methodResult(kInvalidParameter);
  uint64_t consistency = 1;  // crash consistent, unless the settings ask for application consistency
  if (const Value* settings = call.argument("ReferencePointSettings"); settings && !settings->isNull() &&
                                                                       settings->type() == CimType::Instance) {
    const std::string level = text(*settings->asInstance(), "ConsistencyLevel");
    if (level == "1") consistency = 2;  // the setting data's 1 (Application) is the collection's 2
  }
  const std::string id = engine.ids().newGuid();
  cimom::Instance rp(kReferencePointClass, cluster.nameSpace());
  rp.set("CollectionID", Value::string(id));
  rp.set("ElementName", Value::string(text(*collection, "ElementName") + " reference point " + id.substr(0, 8)));
  rp.set("ReferencePointType", Value::unsignedInt(CimType::UInt16, type));
  rp.set("ConsistencyLevel", Value::unsignedInt(CimType::UInt16, consistency));
  rp.set("VirtualSystemCollectionId", Value::string(text(*collection, "CollectionID")));
  rp.set("HasAssociatedLog", Value::boolean(type == 1));
  const cimom::ObjectPath rpPath(cluster.nameSpace(), kReferencePointClass, {{"CollectionID", Value::string(id)}});
  const cimom::ObjectPath collectionPath = cluster.pathOf(*collection);

  JobSpec spec = serviceJob(call, cluster, "Msvm_ConcreteJob", kCreateReferencePoint, "Create Collection Reference Point",
                            collectionPath, text(*collection, "ElementName"));
  ClusterLookup lookup = cluster;
  // The reference point exists once the job has completed, linked to its collection.
  spec.onComplete = [lookup, rp, collectionPath, rpPath](cimom::Instance&) {
    lookup.create(rp);
    cimom::Instance link("Msvm_CollectedCollections", lookup.nameSpace());
    link.set("Collection", Value::reference(collectionPath));
    link.set("Member", Value::reference(rpPath));
    lookup.create(link);
  };
  return jobStartedResult(engine.submit(std::move(spec)), {{"ResultingReferencePointCollection", Value::reference(rpPath)}});
}

cimom::Result<MethodResult> destroyReferencePoint(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster) {
  cimom::InstancePtr rp = referencePoint(call, cluster, "AffectedReferencePointCollection");
  if (!rp) return methodResult(kInvalidParameter);
  const cimom::ObjectPath rpPath = cluster.pathOf(*rp);
  JobSpec spec = serviceJob(call, cluster, "Msvm_ConcreteJob", kDestroyReferencePoint, "Destroy Collection Reference Point",
                            rpPath, {});
  ClusterLookup lookup = cluster;
  spec.onComplete = [lookup, rpPath](cimom::Instance&) { lookup.removeWithLinks(rpPath, "Msvm_CollectedCollections", "Member"); };
  return jobStartedResult(engine.submit(std::move(spec)));
}

}  // namespace

void registerReferencePointMethods(cimom::MethodDispatcher& methods, JobEngine& engine, cimom::InstanceStore& store) {
  const char* service = "Msvm_CollectionReferencePointService";
  methods.registerHandler(service, "ExportReferencePoint", [&engine, &store](const MethodCall& call) {
    return exportReferencePoint(call, engine, ClusterLookup(engine.repository(), store, call.nameSpace));
  });
  methods.registerHandler(service, "CreateReferencePoint", [&engine, &store](const MethodCall& call) {
    return createReferencePoint(call, engine, ClusterLookup(engine.repository(), store, call.nameSpace));
  });
  methods.registerHandler(service, "DestroyReferencePoint", [&engine, &store](const MethodCall& call) {
    return destroyReferencePoint(call, engine, ClusterLookup(engine.repository(), store, call.nameSpace));
  });
}

}  // namespace cimdouble::jobs
