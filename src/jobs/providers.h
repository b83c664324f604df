// The method providers of the job world, registered on the CIMOM's dispatcher:
//   job methods      RequestStateChange, GetError, GetErrorEx, KillJob on every CIM_ConcreteJob
//   migration        Msvm_VirtualSystemMigrationService: MigrateVirtualSystemToHost,
//                    MigrateVirtualSystemToSystem, CheckVirtualSystemIsMigratableToHost
//   reference points Msvm_CollectionReferencePointService: ExportReferencePoint,
//                    CreateReferencePoint, DestroyReferencePoint
//   VM state         Msvm_ComputerSystem.RequestStateChange on a virtual machine
//   replication      Msvm_CollectionReplicationService, on a cluster without Replica configured
//   processes        Win32_Process: the static Create, Terminate, SetPriority (root/cimv2)
//   VM configuration Msvm_VirtualSystemManagementService: DefineSystem, DestroySystem,
//                    ModifySystemSettings, Add/Modify/RemoveResourceSettings, GetSummaryInformation,
//                    GetVirtualSystemThumbnailImage
//   checkpoints      Msvm_VirtualSystemSnapshotService: CreateSnapshot, ApplySnapshot, DestroySnapshot,
//                    DestroySnapshotTree, ClearSnapshotState
//   disks            Msvm_ImageManagementService: CreateVirtualHardDisk, GetVirtualHardDiskSettingData,
//                    GetVirtualHardDiskState, ResizeVirtualHardDisk, ValidateVirtualHardDisk
//   guest devices    Msvm_ShutdownComponent.InitiateShutdown/InitiateReboot, Msvm_Keyboard's keys
//   storage arrays   TPD_ReplicationService (root/tpd): CreateElementReplica, CreateGroupReplica,
//                    ModifyReplicaSynchronization; TPD_ReplicationServiceCapabilities.GetSupportedOperations
// Each validates its arguments as Hyper-V (or the array's vendor) does (32773 for an unknown VM, host or reference
// point, 32775 when the VM is already migrating) and starts a job on the engine.
#pragma once

#include "cimom/method_dispatcher.h"
#include "jobs/job_engine.h"

namespace cimdouble::jobs {

void registerJobMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerMigrationMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerReferencePointMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerVmStateMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerReplicationMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerProcessMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerVmManagementMethods(cimom::MethodDispatcher& methods, JobEngine& engine);

// Starts the state change a VM is asked for (RequestStateChange's values: 2 start, 3 turn
// off, 4 shut down, 6 save, 9 pause, 10 reboot, 11 reset) as RequestStateChange does; the
// guest's shutdown component asks for 4 (vm_guest_provider.cpp).
cimom::Result<cimom::MethodResult> changeVmState(JobEngine& engine, const ClusterLookup& cluster,
                                                 const cimom::InstancePtr& vm, uint64_t requested, const std::string& method);
void registerVmGuestMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerSnapshotMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerVmSummaryMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
// Msvm_ImageManagementService: virtual hard disk files (image_management_provider.cpp).
void registerImageManagementMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
// An SMI-S array's Replication Services, HP 3PAR's (array_replication_provider.cpp).
void registerArrayReplicationMethods(cimom::MethodDispatcher& methods, JobEngine& engine);

inline void registerAllProviders(cimom::MethodDispatcher& methods, JobEngine& engine) {
  registerJobMethods(methods, engine);
  registerMigrationMethods(methods, engine);
  registerReferencePointMethods(methods, engine);
  registerVmStateMethods(methods, engine);
  registerReplicationMethods(methods, engine);
  registerProcessMethods(methods, engine);
  registerVmManagementMethods(methods, engine);
  registerVmGuestMethods(methods, engine);
  registerSnapshotMethods(methods, engine);
  registerVmSummaryMethods(methods, engine);
  registerImageManagementMethods(methods, engine);
  registerArrayReplicationMethods(methods, engine);
}

}  // namespace cimdouble::jobs
