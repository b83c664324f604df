#include "jobs/error_objects.h"

#include <vector>

namespace cimdouble::jobs {
namespace {

cimom::Value strings(const std::vector<std::string>& values) {
  if (values.empty()) return cimom::Value::null(cimom::CimType::String, true);
  std::vector<cimom::Scalar> scalars(values.begin(), values.end());
  return cimom::Value::array(cimom::CimType::String, std::move(scalars));
}

cimom::Value text(const std::string& value) {
  return value.empty() ? cimom::Value::null(cimom::CimType::String) : cimom::Value::string(value);
}

}  // namespace

cimom::InstancePtr makeJobError(const JobVendor& vendor, const ErrorTemplate& error, const std::string& errorSource) {
  using cimom::CimType;
  using cimom::Value;
  auto instance = std::make_shared<cimom::Instance>(vendor.errorClass);
  instance->set("ErrorType", Value::unsignedInt(CimType::UInt16, error.errorType));
  instance->set("OtherErrorType", Value::null(CimType::String));
  instance->set("OwningEntity", Value::string(vendor.owningEntity));
  instance->set("MessageID", text(error.messageId));
  instance->set("Message", text(error.message));
  instance->set("MessageArguments", strings(error.messageArguments));
  instance->set("PerceivedSeverity", Value::unsignedInt(CimType::UInt16, error.perceivedSeverity));
  instance->set("ProbableCause", Value::unsignedInt(CimType::UInt16, error.probableCause));
  instance->set("ProbableCauseDescription", text(error.probableCauseDescription));
  instance->set("RecommendedActions", strings(error.recommendedActions));
  instance->set("ErrorSource", text(errorSource));
  instance->set("ErrorSourceFormat", Value::unsignedInt(CimType::UInt16, errorSource.empty() ? 0 : 2));  // 2 = CIMObjectPath
  instance->set("OtherErrorSourceFormat", Value::null(CimType::String));
  instance->set("CIMStatusCode", Value::unsignedInt(CimType::UInt32, error.cimStatusCode));
  instance->set("CIMStatusCodeDescription", Value::null(CimType::String));
  return instance;
}

}  // namespace cimdouble::jobs
