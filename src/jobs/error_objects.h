// The CIM_Error instances GetError/GetErrorEx hand back, as Hyper-V fills its Msvm_Error (wire
// reference §10), of the job vendor's class.
#pragma once

#include <string>

#include "cimom/instance.h"
#include "jobs/job_behavior.h"
#include "jobs/job_kind.h"

namespace cimdouble::jobs {

// `errorSource` is the object path (text) of the element the error is about; empty: none.
cimom::InstancePtr makeJobError(const JobVendor& vendor, const ErrorTemplate& error, const std::string& errorSource);

}  // namespace cimdouble::jobs
