// The devices a guest sees that tools drive (hyperv_v2 pages of each method):
//   Msvm_ShutdownComponent  InitiateShutdown(Force, Reason), InitiateReboot: the guest shuts
//                           down (or restarts) through a vm-shut-down (vm-reboot) job
//   Msvm_Keyboard           PressKey, ReleaseKey, TypeKey, TypeText, TypeCtrlAltDel, TypeScancodes,
//                           Reset
// Keys reach a running guest only; the double records nothing of what was typed beyond the
// journal's record of the call, so IsKeyPressed, which would need the keys held down, is
// answered Not Supported (32770).
#include "cimom/case_insensitive.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"

namespace cimdouble::jobs {
namespace {

using cimom::MethodCall;
using cimom::MethodResult;

// TypeText's own code beside the Hyper-V ones.
enum class TypeTextReturn : uint32_t { NotTranslatable = 1 };

// The VM the device belongs to (its SystemName), or nullptr.
cimom::InstancePtr owningVm(const ClusterLookup& cluster, const MethodCall& call) {
  if (!call.instance) return nullptr;
  cimom::InstancePtr device = cluster.get(call.target);
  if (!device) return nullptr;
  auto vm = cluster.vmNamed(text(*device, "SystemName"));
  return vm ? *vm : nullptr;
}

bool runs(const cimom::Instance& vm) { return unsignedOf(vm, "EnabledState", 0) == 2; }

cimom::Result<MethodResult> initiate(const MethodCall& call, JobEngine& engine, uint64_t requested) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  cimom::InstancePtr vm = owningVm(cluster, call);
  if (!vm) return methodResult(ServiceReturn::InvalidParameter);
  // A paused guest cannot answer the request.
  if (!runs(*vm)) return methodResult(ServiceReturn::InvalidState);
  if (requested == 4) {
    const cimom::Value* force = call.argument("Force");
    if (!force || force->isNull()) return methodResult(ServiceReturn::InvalidParameter);
  }
  auto started = changeVmState(engine, cluster, vm, requested, call.method->name);
  if (!started) return started;
  // InitiateShutdown has no Job parameter: the job is found through the VM's affected jobs.
  started->out.clear();
  const uint64_t code = started->returnValue.asUnsigned();
  if (code == static_cast<uint32_t>(ServiceReturn::JobStarted)) return methodResult(ServiceReturn::Completed);
  return started;
}

// Virtual-key codes are 1 to 254 (0 and 255 are none).
bool validKey(const cimom::Value* code) { return code && !code->isNull() && code->asUnsigned() >= 1 && code->asUnsigned() <= 254; }

cimom::Result<MethodResult> keyboard(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup cluster = engine.cluster(call.nameSpace);
  cimom::InstancePtr vm = owningVm(cluster, call);
  if (!vm) return methodResult(ServiceReturn::InvalidParameter);
  const std::string& method = call.method->name;
  if (cimom::iequals(method, "TypeText")) {
    const cimom::Value* textValue = call.argument("asciiText");
    if (!textValue || textValue->isNull()) return methodResult(ServiceReturn::InvalidParameter);
    if (textValue->asString().size() > 512) return methodResult(ServiceReturn::InvalidParameter);
    if (!runs(*vm)) return methodResult(ServiceReturn::InvalidState);
    // "A return value of one indicates a failure caused by nontranslatable characters."
    for (unsigned char c : textValue->asString()) {
      if (c >= 0x80 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        return methodResult(TypeTextReturn::NotTranslatable);
      }
    }
    return methodResult(ServiceReturn::Completed);
  }
  if (cimom::iequals(method, "TypeScancodes")) {
    // Set-1 scan codes, one byte each (an 0xE0 prefix is a byte of its own); none is no sequence.
    const cimom::Value* codes = call.argument("Scancodes");
    if (!codes || codes->isNull() || !codes->isArray() || codes->elements().empty()) {
      return methodResult(ServiceReturn::InvalidParameter);
    }
    if (!runs(*vm)) return methodResult(ServiceReturn::InvalidState);
    return methodResult(ServiceReturn::Completed);
  }
  if (cimom::iequals(method, "Reset")) return methodResult(ServiceReturn::Completed);  // nothing held down any more
  if (!cimom::iequals(method, "TypeCtrlAltDel") && !validKey(call.argument("keyCode"))) {
    return methodResult(ServiceReturn::InvalidParameter);
  }
  if (!runs(*vm)) return methodResult(ServiceReturn::InvalidState);
  return methodResult(ServiceReturn::Completed);
}

}  // namespace

void registerVmGuestMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  methods.registerHandler("Msvm_ShutdownComponent", "InitiateShutdown",
                          [&engine](const MethodCall& call) { return initiate(call, engine, 4); });
  methods.registerHandler("Msvm_ShutdownComponent", "InitiateReboot",
                          [&engine](const MethodCall& call) { return initiate(call, engine, 10); });
  for (const char* name : {"PressKey", "ReleaseKey", "TypeKey", "TypeText", "TypeCtrlAltDel", "TypeScancodes", "Reset"}) {
    methods.registerHandler("Msvm_Keyboard", name, [&engine](const MethodCall& call) { return keyboard(call, engine); });
  }
}

}  // namespace cimdouble::jobs
