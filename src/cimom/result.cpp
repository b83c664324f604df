#include "cimom/result.h"

namespace cimdouble::cimom {

const char* cimStatusName(CimStatus status) {
  switch (status) {
    case CimStatus::Ok: return "CIM_ERR_OK";
    case CimStatus::Failed: return "CIM_ERR_FAILED";
    case CimStatus::AccessDenied: return "CIM_ERR_ACCESS_DENIED";
    case CimStatus::InvalidNamespace: return "CIM_ERR_INVALID_NAMESPACE";
    case CimStatus::InvalidParameter: return "CIM_ERR_INVALID_PARAMETER";
    case CimStatus::InvalidClass: return "CIM_ERR_INVALID_CLASS";
    case CimStatus::NotFound: return "CIM_ERR_NOT_FOUND";
    case CimStatus::NotSupported: return "CIM_ERR_NOT_SUPPORTED";
    case CimStatus::ClassHasChildren: return "CIM_ERR_CLASS_HAS_CHILDREN";
    case CimStatus::ClassHasInstances: return "CIM_ERR_CLASS_HAS_INSTANCES";
    case CimStatus::InvalidSuperclass: return "CIM_ERR_INVALID_SUPERCLASS";
    case CimStatus::AlreadyExists: return "CIM_ERR_ALREADY_EXISTS";
    case CimStatus::NoSuchProperty: return "CIM_ERR_NO_SUCH_PROPERTY";
    case CimStatus::TypeMismatch: return "CIM_ERR_TYPE_MISMATCH";
    case CimStatus::QueryLanguageNotSupported: return "CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED";
    case CimStatus::InvalidQuery: return "CIM_ERR_INVALID_QUERY";
    case CimStatus::MethodNotAvailable: return "CIM_ERR_METHOD_NOT_AVAILABLE";
    case CimStatus::MethodNotFound: return "CIM_ERR_METHOD_NOT_FOUND";
    case CimStatus::NamespaceNotEmpty: return "CIM_ERR_NAMESPACE_NOT_EMPTY";
    case CimStatus::InvalidEnumerationContext: return "CIM_ERR_INVALID_ENUMERATION_CONTEXT";
    case CimStatus::InvalidOperationTimeout: return "CIM_ERR_INVALID_OPERATION_TIMEOUT";
    case CimStatus::PullHasBeenAbandoned: return "CIM_ERR_PULL_HAS_BEEN_ABANDONED";
    case CimStatus::PullCannotBeAbandoned: return "CIM_ERR_PULL_CANNOT_BE_ABANDONED";
    case CimStatus::FilteredEnumerationNotSupported: return "CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED";
    case CimStatus::ContinuationOnErrorNotSupported: return "CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED";
    case CimStatus::ServerLimitsExceeded: return "CIM_ERR_SERVER_LIMITS_EXCEEDED";
    case CimStatus::ServerIsShuttingDown: return "CIM_ERR_SERVER_IS_SHUTTING_DOWN";
  }
  return "CIM_ERR_UNKNOWN";
}

}  // namespace cimdouble::cimom
