// How providers answer: a return code, OUT parameters, and for a started job its reference.
#pragma once

#include <utility>
#include <vector>

#include "cimom/method_dispatcher.h"
#include "jobs/return_codes.h"

namespace cimdouble::jobs {

template <typename Code>
cimom::Result<cimom::MethodResult> methodResult(Code code, std::vector<cimom::PropertyValue> out = {}) {
  cimom::MethodResult r;
  r.returnValue = cimom::Value::unsignedInt(cimom::CimType::UInt32, static_cast<uint32_t>(code));
  r.out = std::move(out);
  return r;
}

// 4096 and the Job reference after the other OUT parameters; the engine's error if it refused.
inline cimom::Result<cimom::MethodResult> jobStartedResult(const cimom::Result<cimom::ObjectPath>& job,
                                                           std::vector<cimom::PropertyValue> out = {}) {
  if (!job) return job.error();
  out.push_back({"Job", cimom::Value::reference(*job)});
  return methodResult(ServiceReturn::JobStarted, std::move(out));
}

}  // namespace cimdouble::jobs
