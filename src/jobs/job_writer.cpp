#include "jobs/job_writer.h"

#include "cimom/datetime.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::DateTime;
using cimom::Value;

Value uint16(uint64_t v) { return Value::unsignedInt(CimType::UInt16, v); }

Value uint16s(const std::vector<uint16_t>& values) {
  std::vector<cimom::Scalar> scalars;
  for (uint16_t v : values) scalars.emplace_back(uint64_t{v});
  return Value::array(CimType::UInt16, std::move(scalars));
}

}  // namespace

cimom::Instance newJobInstance(const JobKind& kind, const std::string& nameSpace, const JobIdentity& identity) {
  cimom::Instance job(kind.className, nameSpace);
  job.set("InstanceID", Value::string(identity.instanceId));
  job.set("Name", Value::string(kind.caption));
  job.set("Caption", Value::string(kind.caption));
  job.set("ElementName", Value::string(kind.caption));
  if (*kind.description) job.set("Description", Value::string(kind.description));
  if (kind.vendor->msvmJobProperties) job.set("Cancellable", Value::boolean(identity.cancellable));
  job.set("DeleteOnCompletion", Value::boolean(false));
  job.set("ErrorCode", uint16(0));
  job.set("Priority", Value::unsignedInt(CimType::UInt32, 0));
  job.set("TimeSubmitted", Value::datetime(DateTime::timestamp(identity.submittedMicros)));
  job.set("StartTime", Value::datetime(DateTime::timestamp(identity.startedMicros)));
  if (identity.owner) job.set("Owner", Value::string(*identity.owner));
  if (kind.migrationType) job.set("MigrationType", uint16(kind.migrationType));
  if (kind.jobType) job.set("JobType", uint16(kind.jobType));
  return job;
}

void writeProgress(cimom::Instance& job, const JobProgress& progress, const StatusTable& statuses,
                   const JobVendor& vendor) {
  const StateLook& look = statuses.look(progress.state);
  job.set("JobState", uint16(static_cast<uint16_t>(progress.state)));
  job.set("PercentComplete", uint16(progress.percent));
  job.set("JobStatus", Value::string(progress.status));
  job.set("StatusDescriptions", Value::array(CimType::String, {progress.status}));
  job.set("OperationalStatus", uint16s(look.operationalStatus));
  job.set("HealthState", uint16(look.healthState));
  job.set("PrimaryStatus", uint16(look.primaryStatus));
  job.set("TimeOfLastStateChange", Value::datetime(DateTime::timestamp(progress.changedMicros)));
  job.set("ElapsedTime", Value::datetime(DateTime::interval(progress.elapsedMicros)));
  if (endedInFailure(progress.state)) {
    job.set("ErrorCode", uint16(progress.errorCode));
    job.set("ErrorDescription", Value::string(progress.errorDescription));
    if (vendor.msvmJobProperties) job.set("ErrorSummaryDescription", Value::string(progress.errorSummary));
  }
}

cimom::Instance affectedJobElement(const JobVendor& vendor, const cimom::ObjectPath& element,
                                   const cimom::ObjectPath& job, const std::string& nameSpace) {
  cimom::Instance link(vendor.affectedJobElement, nameSpace);
  link.set("AffectedElement", Value::reference(element));
  link.set("AffectingElement", Value::reference(job));
  link.set("ElementEffects", uint16s({5}));  // Manages
  return link;
}

cimom::Instance owningJobElement(const JobVendor& vendor, const cimom::ObjectPath& owner, const cimom::ObjectPath& job,
                                 const std::string& nameSpace) {
  cimom::Instance link(vendor.owningJobElement, nameSpace);
  link.set("OwningElement", Value::reference(owner));
  link.set("OwnedElement", Value::reference(job));
  return link;
}

}  // namespace cimdouble::jobs
