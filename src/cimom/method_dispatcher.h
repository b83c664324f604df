// Method dispatch: which provider answers a CIM method call. Providers register per class
// and method; a call on a subclass finds the provider of the nearest ancestor. A method with
// no provider answers with its class's own "Not Supported" return code (taken from the
// method's ValueMap/Values: 32770 for Hyper-V's methods, 1 for CIM's), never a fake success.
#pragma once

#include <functional>
#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance.h"
#include "cimom/result.h"

namespace cimdouble::cimom {

struct MethodCall {
  std::string nameSpace;
  ClassPtr targetClass;       // the class the call is addressed to
  ObjectPath target;          // the instance path (instance methods) or class path (static)
  InstancePtr instance;       // the target instance, for instance methods
  const MethodDecl* method = nullptr;
  std::vector<PropertyValue> in;  // typed against the parameter declarations

  const Value* argument(std::string_view name) const;
};

struct MethodResult {
  Value returnValue;
  std::vector<PropertyValue> out;  // OUT parameters, in declaration order
};

using MethodHandler = std::function<Result<MethodResult>(const MethodCall&)>;

class MethodDispatcher {
 public:
  MethodDispatcher() = default;

  void registerHandler(const std::string& className, const std::string& methodName, MethodHandler handler);
  Result<MethodResult> invoke(const MethodCall& call) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, MethodHandler, CaseInsensitiveLess> handlers_;  // "class.method"
};

// The return code a method's ValueMap/Values give for `meaning` (e.g. "Not Supported"), if any.
std::optional<uint64_t> returnCodeFor(const MethodDecl& method, std::string_view meaning);

}  // namespace cimdouble::cimom
