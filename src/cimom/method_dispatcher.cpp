#include "cimom/method_dispatcher.h"

#include <mutex>

#include "cimom/case_insensitive.h"

namespace cimdouble::cimom {

const Value* MethodCall::argument(std::string_view name) const {
  for (const PropertyValue& p : in) {
    if (iequals(p.name, name)) return &p.value;
  }
  return nullptr;
}

std::optional<uint64_t> returnCodeFor(const MethodDecl& method, std::string_view meaning) {
  const auto valueMap = stringArrayQualifier(method.qualifiers, "ValueMap");
  const auto values = stringArrayQualifier(method.qualifiers, "Values");
  for (std::size_t i = 0; i < valueMap.size() && i < values.size(); ++i) {
    if (!iequals(values[i], meaning)) continue;
    auto code = parseScalar(CimType::UInt64, valueMap[i]);
    if (code) return std::get<uint64_t>(*code);
  }
  return std::nullopt;
}

void MethodDispatcher::registerHandler(const std::string& className, const std::string& methodName,
                                       MethodHandler handler) {
  std::unique_lock lock(mutex_);
  handlers_[className + "." + methodName] = std::move(handler);
}

Result<MethodResult> MethodDispatcher::invoke(const MethodCall& call) const {
  std::vector<std::string> classes{call.targetClass->name};
  classes.insert(classes.end(), call.targetClass->superclassChain.begin(), call.targetClass->superclassChain.end());
  {
    std::shared_lock lock(mutex_);
    for (const std::string& cls : classes) {
      auto it = handlers_.find(cls + "." + call.method->name);
      if (it != handlers_.end()) {
        MethodHandler handler = it->second;
        lock.unlock();
        return handler(call);
      }
    }
  }
  MethodResult result;
  const uint64_t code = returnCodeFor(*call.method, "Not Supported").value_or(1);
  result.returnValue = Value::unsignedInt(call.method->returnType, code);
  return result;
}

}  // namespace cimdouble::cimom
