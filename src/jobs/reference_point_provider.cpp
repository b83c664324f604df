// Msvm_CollectionReferencePointService: ExportReferencePoint (an export job that, when done,
// lists the exported files as Hyper-V lays them out), CreateReferencePoint and
// DestroyReferencePoint (jobs that add or remove a reference point of a VM collection), and how
// fixtures stage export jobs.
#include "cimom/case_insensitive.h"
#include "jobs/cluster_lookup.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"
#include "jobs/vm_reference_points.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;

constexpr const char* kReferencePointClass = "Msvm_ReferencePointCollection";
// Hyper-V's IDE controller resource type GUID, as it appears in virtual disk InstanceIDs.
constexpr const char* kDiskControllerGuid = "83F8638B-8DCA-4152-9EDA-2CA8B33039B4";


constexpr const char* kCollectionClass = "Msvm_VirtualSystemCollection";

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
JobSpec serviceJob(const MethodCall& call, const ClusterLookup& cluster, const char* kind,
                   const cimom::ObjectPath& subject, const std::string& collectionName) {
  JobSpec spec;
  spec.nameSpace = cluster.nameSpace();
  spec.kind = jobKindNamed(kind);
  spec.match = {{}, {}, {}, collectionName, call.method->name, {}};
  spec.affected = {subject};
  spec.owner = call.target;
  spec.errorSource = cluster.errorSource(subject, {});
  return spec;
}

cimom::Result<MethodResult> exportReferencePoint(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster) {
  cimom::InstancePtr rp = referencePoint(call, cluster, "ReferencePointCollection");
  const Value* directory = call.argument("ExportDirectory");
  if (!rp || !directory || directory->isNull() || directory->asString().empty()) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  std::string baseId;
  if (const Value* settings = call.argument("ExportSettingData"); settings && !settings->isNull()) {
    if (settings->type() != CimType::Instance ||
        !cimom::iequals(settings->asInstance()->className(), "Msvm_CollectionReferencePointExportSettingData")) {
      return methodResult(ServiceReturn::InvalidParameter);
    }
    const std::string base = text(*settings->asInstance(), "BaseReferencePointCollection");
    if (!base.empty()) {  // an incremental export: the base must be a reference point of the same collection
      auto basePath = cimom::ObjectPath::parse(base);
      cimom::InstancePtr baseRp = basePath ? cluster.get(*basePath) : nullptr;
      if (!baseRp || !cimom::iequals(baseRp->className(), kReferencePointClass) ||
          !cimom::iequals(text(*baseRp, "VirtualSystemCollectionId"), text(*rp, "VirtualSystemCollectionId"))) {
        return methodResult(ServiceReturn::InvalidParameter);
      }
      baseId = text(*baseRp, "CollectionID");
    }
  }
  const std::string collectionId = text(*rp, "VirtualSystemCollectionId");
  auto found = cluster.collectionById(collectionId);
  if (!found) return found.error();
  const cimom::InstancePtr collection = *found;
  if (!collection) return methodResult(ServiceReturn::InvalidParameter);
  const cimom::ObjectPath collectionPath = cluster.pathOf(*collection);
  auto members = cluster.membersOf(collectionPath);
  if (!members) return members.error();
  struct Vm {
    std::string id;
    std::string name;
  };
  std::vector<Vm> vms;
  std::vector<std::string> vmIds;
  for (const cimom::InstancePtr& vm : *members) {
    vms.push_back({text(*vm, "Name"), text(*vm, "ElementName")});
    vmIds.push_back(text(*vm, "Name"));
  }

  JobSpec spec = serviceJob(call, cluster, "export", collectionPath, text(*collection, "ElementName"));
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
    return cimom::okStatus();
  };
  return jobStartedResult(engine.submit(std::move(spec)));
}

cimom::Result<MethodResult> createReferencePoint(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster) {
  const Value* ref = call.argument("Collection");
  cimom::InstancePtr collection = ref && !ref->isNull() ? cluster.get(ref->asReference()) : nullptr;
  if (!collection || !cimom::iequals(collection->className(), kCollectionClass)) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  const Value* typeArg = call.argument("ReferencePointType");
  const uint64_t type = typeArg && !typeArg->isNull() ? typeArg->asUnsigned() : 1;
  if (type > 2) return methodResult(ServiceReturn::InvalidParameter);
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

  JobSpec spec = serviceJob(call, cluster, "create-reference-point", collectionPath, text(*collection, "ElementName"));
  // The reference point exists once the job has completed, linked to its collection, with a
  // part for each VM the collection has then.
  spec.onComplete = [cluster, rp, collectionPath, rpPath](cimom::Instance&) -> cimom::Status {
    if (cimom::Status made = cluster.create(rp); !made) {
      return cimom::makeError(cimom::CimStatus::Failed, "The reference point could not be created: " + made.error().message);
    }
    cimom::Instance link("Msvm_CollectedCollections", cluster.nameSpace());
    link.set("Collection", Value::reference(collectionPath));
    link.set("Member", Value::reference(rpPath));
    if (cimom::Status linked = cluster.create(link); !linked) return linked;
    auto vms = cluster.membersOf(collectionPath);
    if (!vms) return vms.error();
    for (const cimom::Instance& part : vmReferencePoints(cluster, rp, rpPath, *vms)) {
      if (cimom::Status made = cluster.create(part); !made) return made;
    }
    return cimom::okStatus();
  };
  return jobStartedResult(engine.submit(std::move(spec)), {{"ResultingReferencePointCollection", Value::reference(rpPath)}});
}

cimom::Result<MethodResult> destroyReferencePoint(const MethodCall& call, JobEngine& engine, const ClusterLookup& cluster) {
  cimom::InstancePtr rp = referencePoint(call, cluster, "AffectedReferencePointCollection");
  if (!rp) return methodResult(ServiceReturn::InvalidParameter);
  const cimom::ObjectPath rpPath = cluster.pathOf(*rp);
  JobSpec spec = serviceJob(call, cluster, "destroy-reference-point", rpPath, {});
  spec.onComplete = [cluster, rpPath](cimom::Instance&) -> cimom::Status {
    cimom::Status removed = removeVmReferencePoints(cluster, rpPath);
    if (removed) removed = cluster.removeWithLinks(rpPath, "Msvm_CollectedCollections", "Member");
    if (removed) return removed;
    return cimom::makeError(cimom::CimStatus::Failed, "The reference point could not be destroyed: " + removed.error().message);
  };
  return jobStartedResult(engine.submit(std::move(spec)));
}

// Staged exports: of a collection that exists, from reference points that exist, owned by the
// namespace's reference-point service.
void checkStagedExport(const StagedJobDescription& job, std::vector<StagingProblem>& problems) {
  if (!job.collection) problems.push_back({"", "an export job needs 'collection'"});
}

bool stageExport(const StagedJobDescription& job, const ClusterLookup& cluster, StagedJobPlan& plan,
                 StagingProblem& problem) {
  auto found = cluster.collectionNamed(*job.collection);
  if (!found || !*found) {
    problem = {"collection", "job " + job.id + ": " +
                                 (found ? "no collection named '" + *job.collection + "'" : found.error().message)};
    return false;
  }
  const cimom::Instance& collection = **found;
  plan.affected = cluster.pathOf(collection);
  std::vector<cimom::InstancePtr> points;
  for (const auto& [field, id] : {std::pair{"referencePoint", job.referencePoint},
                                  std::pair{"baseReferencePoint", job.baseReferencePoint}}) {
    if (!id) continue;
    auto point = cluster.referencePointById(*id);
    if (!point || !*point) {
      problem = {field, "job " + job.id + ": " + (point ? "no reference point with id '" + *id + "'" : point.error().message)};
      return false;
    }
    points.push_back(*point);
  }
  auto members = cluster.membersOf(plan.affected);
  if (!members) {
    problem = {"collection", "job " + job.id + ": " + members.error().message};
    return false;
  }
  std::vector<std::string> vmIds;
  for (const cimom::InstancePtr& vm : *members) vmIds.push_back(text(*vm, "Name"));
  plan.job.set("CollectionId", Value::string(text(collection, "CollectionID")));
  if (job.referencePoint) plan.job.set("ReferencePointGroupId", Value::string(*job.referencePoint));
  if (job.baseReferencePoint) plan.job.set("BaseReferencePointGroupId", Value::string(*job.baseReferencePoint));
  plan.job.set("VirtualMachineId", strings(vmIds));
  plan.job.set("ExportDirectory",
               Value::string(job.exportDirectory.value_or("E:\\Exports\\" + text(collection, "ElementName"))));
  auto service = cluster.anyService("Msvm_CollectionReferencePointService");
  if (service && *service) plan.owner = cluster.pathOf(**service);
  plan.errorSource = cluster.errorSource(points.empty() ? plan.affected : cluster.pathOf(*points.front()), {});
  return true;
}

}  // namespace

const JobStager kExportStager{checkStagedExport, stageExport};

void registerReferencePointMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  const char* service = "Msvm_CollectionReferencePointService";
  methods.registerHandler(service, "ExportReferencePoint", [&engine](const MethodCall& call) {
    return exportReferencePoint(call, engine, engine.cluster(call.nameSpace));
  });
  methods.registerHandler(service, "CreateReferencePoint", [&engine](const MethodCall& call) {
    return createReferencePoint(call, engine, engine.cluster(call.nameSpace));
  });
  methods.registerHandler(service, "DestroyReferencePoint", [&engine](const MethodCall& call) {
    return destroyReferencePoint(call, engine, engine.cluster(call.nameSpace));
  });
}

}  // namespace cimdouble::jobs
