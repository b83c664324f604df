// Msvm_Error instances as Hyper-V fills them for GetError/GetErrorEx (wire reference §10).
#pragma once

#include <string>

#include "cimom/instance.h"
#include "jobs/job_behavior.h"

namespace cimdouble::jobs {

// `errorSource` is the object path (text) of the element the error is about; empty: none.
cimom::InstancePtr makeMsvmError(const ErrorTemplate& error, const std::string& errorSource);

}  // namespace cimdouble::jobs
