// Return codes of the methods the job world answers, one scoped enum per class's ValueMap,
// as Microsoft documents them (wire reference §11.3, §11.4); never bare numbers.
#pragma once

#include <cstdint>
#include <ostream>

namespace cimdouble::jobs {

// Msvm_MigrationJob, Msvm_CollectionReferencePointExportJob, Msvm_ConcreteJob:
// RequestStateChange, GetError, GetErrorEx: Hyper-V's own set (no 4098: a TimeoutPeriod is
// accepted and not honoured).
enum class JobReturn : uint32_t {
  Completed = 0,
  Failed = 32768,
  AccessDenied = 32769,
  NotSupported = 32770,
  StatusUnknown = 32771,
  Timeout = 32772,
  InvalidParameter = 32773,
  InUse = 32774,
  InvalidState = 32775,  // "Invalid state for this operation"
  IncorrectDataType = 32776,
  NotAvailable = 32777,
  OutOfMemory = 32778,
};

// CIM_ConcreteJob.RequestStateChange as DMTF numbers it (DSP1033), which SMI-S arrays use.
enum class DmtfJobReturn : uint32_t {
  Completed = 0,
  NotSupported = 1,
  Unknown = 2,
  Timeout = 3,
  Failed = 4,
  InvalidParameter = 5,
  InUse = 6,
  InvalidStateTransition = 4097,
};

inline DmtfJobReturn dmtfJobReturn(JobReturn code) {
  switch (code) {
    case JobReturn::Completed: return DmtfJobReturn::Completed;
    case JobReturn::NotSupported: return DmtfJobReturn::NotSupported;
    case JobReturn::StatusUnknown: return DmtfJobReturn::Unknown;
    case JobReturn::Timeout: return DmtfJobReturn::Timeout;
    case JobReturn::InvalidParameter:
    case JobReturn::IncorrectDataType: return DmtfJobReturn::InvalidParameter;
    case JobReturn::InUse: return DmtfJobReturn::InUse;
    case JobReturn::InvalidState: return DmtfJobReturn::InvalidStateTransition;
    default: return DmtfJobReturn::Failed;
  }
}

// CIM_Job.KillJob (deprecated in favour of RequestStateChange, still on every job class).
enum class KillJobReturn : uint32_t {
  Success = 0,
  NotSupported = 1,
  Unknown = 2,
  Timeout = 3,
  Failed = 4,
  AccessDenied = 6,
  NotFound = 7,
};

// Msvm_VirtualSystemMigrationService and Msvm_CollectionReferencePointService methods.
enum class ServiceReturn : uint32_t {
  Completed = 0,   // done synchronously, no job
  JobStarted = 4096,  // "Method Parameters Checked - Job Started"
  Failed = 32768,
  AccessDenied = 32769,
  NotSupported = 32770,
  StatusUnknown = 32771,
  Timeout = 32772,
  InvalidParameter = 32773,
  InUse = 32774,
  InvalidState = 32775,
  IncorrectDataType = 32776,
  NotAvailable = 32777,
  OutOfMemory = 32778,
};

// CIM_ReplicationService and CIM_ReplicationServiceCapabilities methods as an SMI-S array
// answers them (3PAR returns only 0, 1, 4, 5 and 4096; GetSupportedOperations 2 for a type it
// does not support).
enum class ReplicationReturn : uint32_t {
  Completed = 0,
  NotSupported = 1,
  Unknown = 2,
  Failed = 4,
  InvalidParameter = 5,
  JobStarted = 4096,
};

// As the number on the wire (test reports, logs).
inline std::ostream& operator<<(std::ostream& out, JobReturn code) { return out << static_cast<uint32_t>(code); }
inline std::ostream& operator<<(std::ostream& out, KillJobReturn code) { return out << static_cast<uint32_t>(code); }
inline std::ostream& operator<<(std::ostream& out, ServiceReturn code) { return out << static_cast<uint32_t>(code); }
inline std::ostream& operator<<(std::ostream& out, ReplicationReturn code) { return out << static_cast<uint32_t>(code); }

}  // namespace cimdouble::jobs
