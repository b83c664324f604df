#include "jobs/job_kind.h"

#include <vector>

#include "cimom/case_insensitive.h"
#include "jobs/job_staging.h"

namespace cimdouble::jobs {
namespace {

// Captions, descriptions and JobTypes as Hyper-V shows them (Msvm_MigrationJob.JobType: 305
// Moving Virtual Machine, 306 ... and Storage, 307 Moving Storage); durations are the double's.
constexpr JobKind kKinds[] = {
    {.name = "migration",
     .className = "Msvm_MigrationJob",
     .caption = "Virtual Machine Migration",
     .description = "Moving Virtual Machine",
     .jobType = 305,
     .migrationType = 32768,
     .durationMicros = 30'000'000,
     .errorMessage = "Virtual machine migration operation failed at migration source.",
     .errorMessageId = "21502",
     .stager = &kMigrationStager},
    {.name = "storage-migration",
     .className = "Msvm_MigrationJob",
     .caption = "Virtual Machine Migration",
     .description = "Moving Storage",
     .jobType = 307,
     .migrationType = 32769,
     .durationMicros = 60'000'000,
     .errorMessage = "Virtual machine storage migration operation failed.",
     .errorMessageId = "21026",
     .stager = &kMigrationStager},
    {.name = "vm-and-storage-migration",
     .className = "Msvm_MigrationJob",
     .caption = "Virtual Machine Migration",
     .description = "Moving Virtual Machine and Storage",
     .jobType = 306,
     .migrationType = 32771,
     .durationMicros = 90'000'000,
     .errorMessage = "Virtual machine migration operation failed at migration source.",
     .errorMessageId = "21502",
     .stager = &kMigrationStager},
    {.name = "export",
     .className = "Msvm_CollectionReferencePointExportJob",
     .caption = "Export Collection Reference Point",
     .description = "",
     .durationMicros = 45'000'000,
     .errorMessage = "The export of the collection reference point failed.",
     .stager = &kExportStager},
    {.name = "create-reference-point",
     .className = "Msvm_ConcreteJob",
     .caption = "Create Collection Reference Point",
     .description = "",
     .durationMicros = 5'000'000,
     .cancellable = false,
     .errorMessage = "The reference point could not be created."},
    {.name = "destroy-reference-point",
     .className = "Msvm_ConcreteJob",
     .caption = "Destroy Collection Reference Point",
     .description = "",
     .durationMicros = 3'000'000,
     .cancellable = false,
     .errorMessage = "The reference point could not be destroyed."},
    // Msvm_ComputerSystem.RequestStateChange on a VM (vm_state_provider.cpp): Msvm_ConcreteJob
    // with the JobType of Microsoft's Msvm_ConcreteJob page (12 Start Virtual Machine, 13 Power
    // Off, 14 Save, 15 Restore, 16 Shut Down, 26 Pause, 27 Resume, 28 Reset, 29 Reboot).
    {.name = "vm-start",
     .className = "Msvm_ConcreteJob",
     .caption = "Start Virtual Machine",
     .description = "Starting Virtual Machine",
     .jobType = 12,
     .durationMicros = 5'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-power-off",
     .className = "Msvm_ConcreteJob",
     .caption = "Power Off Virtual Machine",
     .description = "Turning Off Virtual Machine",
     .jobType = 13,
     .durationMicros = 2'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-save",
     .className = "Msvm_ConcreteJob",
     .caption = "Save Virtual Machine",
     .description = "Saving Virtual Machine",
     .jobType = 14,
     .durationMicros = 5'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-restore",
     .className = "Msvm_ConcreteJob",
     .caption = "Restore Virtual Machine",
     .description = "Restoring Virtual Machine",
     .jobType = 15,
     .durationMicros = 4'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-shut-down",
     .className = "Msvm_ConcreteJob",
     .caption = "Shut Down Virtual Machine",
     .description = "Shutting Down Virtual Machine",
     .jobType = 16,
     .durationMicros = 10'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-pause",
     .className = "Msvm_ConcreteJob",
     .caption = "Pause Virtual Machine",
     .description = "Pausing Virtual Machine",
     .jobType = 26,
     .durationMicros = 1'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-resume",
     .className = "Msvm_ConcreteJob",
     .caption = "Resume Virtual Machine",
     .description = "Resuming Virtual Machine",
     .jobType = 27,
     .durationMicros = 1'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-reset",
     .className = "Msvm_ConcreteJob",
     .caption = "Reset Virtual Machine",
     .description = "Resetting Virtual Machine",
     .jobType = 28,
     .durationMicros = 2'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    {.name = "vm-reboot",
     .className = "Msvm_ConcreteJob",
     .caption = "Reboot Virtual Machine",
     .description = "Rebooting Virtual Machine",
     .jobType = 29,
     .durationMicros = 10'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine failed to change state."},
    // Msvm_VirtualSystemManagementService (vm_management_provider.cpp): DestroySystem, and the
    // resource changes made to a running VM; JobType as Microsoft's Msvm_ConcreteJob page lists
    // them (3 Destroy Virtual Machine, 30/31/32 Add/Modify/Remove Virtual Machine Resources).
    {.name = "vm-destroy",
     .className = "Msvm_ConcreteJob",
     .caption = "Destroy Virtual Machine",
     .description = "Destroying Virtual Machine",
     .jobType = 3,
     .durationMicros = 2'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine could not be deleted."},
    {.name = "vm-add-resources",
     .className = "Msvm_ConcreteJob",
     .caption = "Add Virtual Machine Resources",
     .description = "Adding Virtual Machine Resources",
     .jobType = 30,
     .durationMicros = 1'000'000,
     .cancellable = false,
     .errorMessage = "The device could not be added to the virtual machine."},
    {.name = "vm-modify-resources",
     .className = "Msvm_ConcreteJob",
     .caption = "Modify Virtual Machine Resources",
     .description = "Modifying Virtual Machine Resources",
     .jobType = 31,
     .durationMicros = 1'000'000,
     .cancellable = false,
     .errorMessage = "The virtual machine's device settings could not be changed."},
    {.name = "vm-remove-resources",
     .className = "Msvm_ConcreteJob",
     .caption = "Remove Virtual Machine Resources",
     .description = "Removing Virtual Machine Resources",
     .jobType = 32,
     .durationMicros = 1'000'000,
     .cancellable = false,
     .errorMessage = "The device could not be removed from the virtual machine."},
    // Msvm_VirtualSystemSnapshotService (snapshot_provider.cpp): 70 Snapshot Virtual Machine,
    // 71 Apply Virtual Machine Snapshot, 72 Delete Virtual Machine Snapshot.
    {.name = "vm-snapshot",
     .className = "Msvm_ConcreteJob",
     .caption = "Snapshot Virtual Machine",
     .description = "Creating Checkpoint",
     .jobType = 70,
     .durationMicros = 5'000'000,
     .cancellable = false,
     .errorMessage = "The checkpoint could not be created."},
    {.name = "vm-apply-snapshot",
     .className = "Msvm_ConcreteJob",
     .caption = "Apply Virtual Machine Snapshot",
     .description = "Applying Checkpoint",
     .jobType = 71,
     .durationMicros = 5'000'000,
     .cancellable = false,
     .errorMessage = "The checkpoint could not be applied."},
    {.name = "vm-destroy-snapshot",
     .className = "Msvm_ConcreteJob",
     .caption = "Delete Virtual Machine Snapshot",
     .description = "Deleting Checkpoint",
     .jobType = 72,
     .durationMicros = 10'000'000,
     .cancellable = false,
     .errorMessage = "The checkpoint could not be deleted."},
    // The page lists no JobType of its own for a tree: it is 72's deletion, checkpoint by checkpoint.
    {.name = "vm-destroy-snapshot-tree",
     .className = "Msvm_ConcreteJob",
     .caption = "Delete Virtual Machine Snapshot",
     .description = "Deleting Checkpoint Subtree",
     .jobType = 72,
     .durationMicros = 15'000'000,
     .cancellable = false,
     .errorMessage = "The checkpoint subtree could not be deleted."},
    {.name = "vm-clear-snapshot-state",
     .className = "Msvm_ConcreteJob",
     .caption = "Clear Virtual Machine Snapshot State",
     .description = "Clearing Checkpoint Saved State",
     .jobType = 73,
     .durationMicros = 2'000'000,
     .cancellable = false,
     .errorMessage = "The saved state of the checkpoint could not be cleared."},
    // Msvm_ImageManagementService's jobs: Msvm_StorageJob, JobType as its page lists them
    // (1 VHD Creation, 4 Expansion, 9 Validate VHD Image).
    {.name = "vhd-create",
     .className = "Msvm_StorageJob",
     .caption = "Create Virtual Hard Disk",
     .description = "Creating Virtual Hard Disk",
     .jobType = 1,
     .durationMicros = 3'000'000,
     .cancellable = true,
     .errorMessage = "Failed to create the virtual hard disk."},
    {.name = "vhd-resize",
     .className = "Msvm_StorageJob",
     .caption = "Resize Virtual Hard Disk",
     .description = "Resizing Virtual Hard Disk",
     .jobType = 4,
     .durationMicros = 3'000'000,
     .cancellable = false,
     .errorMessage = "Failed to resize the virtual disk."},
    {.name = "vhd-validate",
     .className = "Msvm_StorageJob",
     .caption = "Validate Virtual Hard Disk",
     .description = "Validating Virtual Hard Disk",
     .jobType = 9,
     .durationMicros = 1'000'000,
     .cancellable = false,
     .errorMessage = "Failed to validate the virtual hard disk."},
    // HP 3PAR's InServ tasks, TPD_ConcreteJob (array_replication_provider.cpp): the only ones
    // its Replication Services start, as its CIM API reference lists them (a physical copy, its
    // resynchronization, the promotion of a virtual copy). No JobType; durations are the double's.
    {.name = "physical-copy",
     .className = "TPD_ConcreteJob",
     .caption = "Physical Copy",
     .description = "Creating a physical copy of a virtual volume",
     .durationMicros = 60'000'000,
     .errorMessage = "The physical copy of the virtual volume failed.",
     .errorMessageId = "",
     .vendor = &kHp3parJobs},
    {.name = "physical-copy-resync",
     .className = "TPD_ConcreteJob",
     .caption = "Resynchronize Physical Copy",
     .description = "Resynchronizing a physical copy with its base volume",
     .durationMicros = 30'000'000,
     .errorMessage = "The resynchronization of the physical copy failed.",
     .errorMessageId = "",
     .vendor = &kHp3parJobs},
    {.name = "virtual-copy-promote",
     .className = "TPD_ConcreteJob",
     .caption = "Promote Virtual Copy",
     .description = "Restoring a base volume from its virtual copy",
     .durationMicros = 20'000'000,
     .cancellable = false,
     .errorMessage = "The promotion of the virtual copy failed.",
     .errorMessageId = "",
     .vendor = &kHp3parJobs},
};

}  // namespace

std::span<const JobKind> jobKinds() { return kKinds; }

const JobKind* jobKindNamed(std::string_view name) {
  for (const JobKind& kind : kKinds) {
    if (name == kind.name) return &kind;
  }
  return nullptr;
}

const JobKind* jobKindOf(std::string_view className, std::optional<uint16_t> migrationType,
                         std::optional<uint16_t> jobType) {
  // Msvm_ConcreteJob serves many kinds: its JobType tells them apart where a row has one.
  for (const JobKind& kind : kKinds) {
    if (jobType && kind.jobType == *jobType && kind.migrationType == 0 && cimom::iequals(className, kind.className)) {
      return &kind;
    }
  }
  for (const JobKind& kind : kKinds) {
    if (!cimom::iequals(className, kind.className)) continue;
    if (kind.migrationType == 0 || kind.migrationType == migrationType) return &kind;
  }
  return nullptr;
}

std::string jobKindNames(bool stageableOnly, std::string_view lastJoin) {
  std::vector<const char*> names;
  for (const JobKind& kind : kKinds) {
    if (!stageableOnly || kind.stager) names.push_back(kind.name);
  }
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? lastJoin : std::string_view(", ");
    out += names[i];
  }
  return out;
}

}  // namespace cimdouble::jobs
