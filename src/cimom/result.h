// Errors as values for the CIMOM layer.
//
// Every fallible CIMOM operation returns Result<T>: either a T or a CimError carrying a
// DSP0200 status code and a human-readable message. The WS-Man layer maps the status code
// onto a WS-Management fault; nothing in src/cimom throws for bad *input*. Exceptions in
// this layer mean a broken invariant (a bug), never a bad request.
#pragma once

#include <cassert>
#include <ostream>
#include <string>
#include <utility>
#include <variant>

namespace cimdouble::cimom {

// CIM status codes, DSP0200 (CIM Operations over HTTP) §2.5, in the order of the spec.
enum class CimStatus : int {
  Ok = 0,
  Failed = 1,
  AccessDenied = 2,
  InvalidNamespace = 3,
  InvalidParameter = 4,
  InvalidClass = 5,
  NotFound = 6,
  NotSupported = 7,
  ClassHasChildren = 8,
  ClassHasInstances = 9,
  InvalidSuperclass = 10,
  AlreadyExists = 11,
  NoSuchProperty = 12,
  TypeMismatch = 13,
  QueryLanguageNotSupported = 14,
  InvalidQuery = 15,
  MethodNotAvailable = 16,
  MethodNotFound = 17,
  NamespaceNotEmpty = 20,
  InvalidEnumerationContext = 21,
  InvalidOperationTimeout = 22,
  PullHasBeenAbandoned = 23,
  PullCannotBeAbandoned = 24,
  FilteredEnumerationNotSupported = 25,
  ContinuationOnErrorNotSupported = 26,
  ServerLimitsExceeded = 27,
  ServerIsShuttingDown = 28,
};

const char* cimStatusName(CimStatus status);
inline std::ostream& operator<<(std::ostream& out, CimStatus status) { return out << cimStatusName(status); }

struct CimError {
  CimStatus status = CimStatus::Failed;
  std::string message;
};

inline CimError makeError(CimStatus status, std::string message) {
  return CimError{status, std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(CimError error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const CimError& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, CimError> state_;
};

// Result of an operation that yields nothing but may fail.
struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() { return Unit{}; }

}  // namespace cimdouble::cimom
