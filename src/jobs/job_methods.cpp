// RequestStateChange, GetError, GetErrorEx and KillJob, for every job class (registered on
// CIM_ConcreteJob; the dispatcher finds them for each subclass).
#include "jobs/method_results.h"
#include "jobs/providers.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;

Value argumentOr(const MethodCall& call, const char* name, CimType type) {
  const Value* v = call.argument(name);
  return v ? *v : Value::null(type);
}

}  // namespace

void registerJobMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  methods.registerHandler("CIM_ConcreteJob", "RequestStateChange", [&engine](const MethodCall& call) {
    const JobReturn code = engine.requestStateChange(call.target, argumentOr(call, "RequestedState", CimType::UInt16),
                                                     argumentOr(call, "TimeoutPeriod", CimType::DateTime));
    if (engine.vendorOf(call.target).dmtfReturnCodes) return methodResult(dmtfJobReturn(code));
    return methodResult(code);
  });
  methods.registerHandler("CIM_ConcreteJob", "GetError", [&engine](const MethodCall& call) {
    auto errors = engine.errors(call.target);
    if (errors.empty()) return methodResult(JobReturn::Completed);  // no error: no Error, and 0
    return methodResult(JobReturn::Completed, {{"Error", Value::fromScalar(CimType::Instance, errors.front())}});
  });
  methods.registerHandler("CIM_ConcreteJob", "GetErrorEx", [&engine](const MethodCall& call) {
    auto errors = engine.errors(call.target);
    if (errors.empty()) return methodResult(JobReturn::Completed);
    std::vector<cimom::Scalar> scalars(errors.begin(), errors.end());
    return methodResult(JobReturn::Completed, {{"Errors", Value::array(CimType::Instance, std::move(scalars))}});
  });
  methods.registerHandler("CIM_Job", "KillJob", [&engine](const MethodCall& call) {
    const Value* deleteOnKill = call.argument("DeleteOnKill");
    return methodResult(engine.killJob(call.target, deleteOnKill && !deleteOnKill->isNull() && deleteOnKill->asBool()));
  });
}

}  // namespace cimdouble::jobs
