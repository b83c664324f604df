// The two ways a CIM-XML request fails (DSP0200 1.4): an operation that ran into a CIM error
// answers 200 with <ERROR CODE DESCRIPTION> in its response (§5.3.2.2), a request the server
// cannot take as a CIM operation at all answers an HTTP status and a CIMError header (§7.5).
// Both are exceptions within this front end, caught where the answer is written.
#pragma once

#include <string>
#include <utility>

#include "cimom/result.h"

namespace cimdouble::cimxml {

struct OperationError {
  cimom::CimStatus status;
  std::string description;
};

[[noreturn]] inline void fail(cimom::CimStatus status, std::string description) {
  throw OperationError{status, std::move(description)};
}
[[noreturn]] inline void fail(const cimom::CimError& error) { throw OperationError{error.status, error.message}; }

// What a fallible CIMOM call returned, or its error thrown as the operation's.
template <typename T>
T valueOr(cimom::Result<T> result) {
  if (!result) fail(result.error());
  return std::move(result).value();
}

struct ProtocolError {
  int httpStatus;         // 400 or 501
  std::string cimError;   // the CIMError header: request-not-well-formed, header-mismatch, ...
  std::string detail;     // why, for the journal and the body
};

}  // namespace cimdouble::cimxml
