// The catalogue of job kinds: everything that makes one kind of long operation what it is,
// in one row. Adding a kind is one row here plus, where it needs one, one provider file
// (the methods that start it, and how a fixture stages one).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "jobs/job_state.h"

namespace cimdouble::jobs {

struct JobStager;  // job_staging.h: how fixtures stage jobs of a kind

// The names a vendor's CIM server gives what every job has: its InstanceID's form, its links
// (CIM_AffectedJobElement and CIM_OwningJobElement subclasses) and the CIM_Error subclass
// GetError hands back. Hyper-V's are Msvm_; an SMI-S array's its vendor's.
struct JobVendor {
  const char* instanceIdPrefix;    // InstanceID: this and a GUID
  const char* affectedJobElement;  // links the job to what it works on
  const char* owningJobElement;    // links the job to the service that owns it
  const char* errorClass;          // GetError's Error
  const char* owningEntity;        // the error's OwningEntity
  // RequestStateChange's return codes: Hyper-V's own (32768 Failed, 32775 Invalid state, ...)
  // or CIM_ConcreteJob's (1 Not Supported, 4 Failed, 4097 Invalid State Transition, ...).
  bool dmtfReturnCodes = false;
  // The one RequestedState the vendor's jobs accept (3PAR's: 4 Terminate); 0: any.
  uint16_t onlyRequestedState = 0;
  // Whether its job classes have Hyper-V's own Cancellable and ErrorSummaryDescription.
  bool msvmJobProperties = true;
};
inline constexpr JobVendor kHyperVJobs{"Microsoft:", "Msvm_AffectedJobElement", "Msvm_OwningJobElement", "Msvm_Error",
                                       "Microsoft-Windows-Hyper-V-VMMS"};
// HP 3PAR's CIM server: its InServ tasks are TPD_ConcreteJob, whose RequestStateChange takes
// only Terminate (HP 3PAR CIM API Programming Reference, "TPD_ConcreteJob").
inline constexpr JobVendor kHp3parJobs{"HP_3PAR:", "TPD_AffectedJobElement", "TPD_OwningJobElement", "CIM_Error",
                                       "HP 3PAR", true, 4, false};

struct JobKind {
  const char* name;         // how fixtures and behaviour rules name it: "migration"
  const char* className;    // the CIM_ConcreteJob subclass Hyper-V hands back
  const char* caption;      // Caption, ElementName and Name
  const char* description;  // Description; "" for none
  uint16_t jobType = 0;        // Msvm_MigrationJob.JobType; 0: the class has none to set
  uint16_t migrationType = 0;  // Msvm_MigrationJob.MigrationType; 0: not a migration
  // The default behaviour (fixtures' `behaviors` override it).
  int64_t durationMicros = 30'000'000;
  bool cancellable = true;
  const char* errorMessage = "";    // the Msvm_Error of a job that fails
  const char* errorMessageId = "32768";
  // JobStatus texts of this kind that differ from StatusTable's.
  std::span<const std::pair<JobState, const char*>> statusTexts = {};
  const JobStager* stager = nullptr;  // nullptr: fixtures cannot stage jobs of this kind
  const JobVendor* vendor = &kHyperVJobs;
};

// Every kind, in catalogue order.
std::span<const JobKind> jobKinds();
// The kind of that name; nullptr for none.
const JobKind* jobKindNamed(std::string_view name);
// The kind a job instance is of, by its class and (migrations) its MigrationType; nullptr when
// no row looks like that.
// A JobType that a row of the class has picks that row.
const JobKind* jobKindOf(std::string_view className, std::optional<uint16_t> migrationType,
                         std::optional<uint16_t> jobType = std::nullopt);
// "migration, storage-migration, ...": the names, for messages, the last joined by `lastJoin`
// (", " or " or "); `stageableOnly`: only the kinds fixtures can stage.
std::string jobKindNames(bool stageableOnly = false, std::string_view lastJoin = ", ");

}  // namespace cimdouble::jobs
