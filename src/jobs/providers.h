// The method providers of the job world, registered on the CIMOM's dispatcher:
//   job methods      RequestStateChange, GetError, GetErrorEx, KillJob on every CIM_ConcreteJob
//   migration        Msvm_VirtualSystemMigrationService: MigrateVirtualSystemToHost,
//                    MigrateVirtualSystemToSystem, CheckVirtualSystemIsMigratableToHost
//   reference points Msvm_CollectionReferencePointService: ExportReferencePoint,
//                    CreateReferencePoint, DestroyReferencePoint
// Each validates its arguments as Hyper-V does (32773 for an unknown VM, host or reference
// point, 32775 when the VM is already migrating) and starts a job on the engine.
#pragma once

#include "cimom/instance_store.h"
#include "cimom/method_dispatcher.h"
#include "jobs/job_engine.h"

namespace cimdouble::jobs {

void registerJobMethods(cimom::MethodDispatcher& methods, JobEngine& engine);
void registerMigrationMethods(cimom::MethodDispatcher& methods, JobEngine& engine, cimom::InstanceStore& store);
void registerReferencePointMethods(cimom::MethodDispatcher& methods, JobEngine& engine, cimom::InstanceStore& store);

inline void registerAllProviders(cimom::MethodDispatcher& methods, JobEngine& engine, cimom::InstanceStore& store) {
  registerJobMethods(methods, engine);
  registerMigrationMethods(methods, engine, store);
  registerReferencePointMethods(methods, engine, store);
}

}  // namespace cimdouble::jobs
