#include "control/match_names.h"

#include <algorithm>
#include <set>
#include <vector>

#include "cimom/case_insensitive.h"
#include "cimom/name_suggestions.h"
#include "wsman/exchange.h"

namespace cimdouble::control {
namespace {

// Every class of every namespace, once each, in the spelling of its declaration.
std::vector<std::string> classNames(const cimom::ClassRepository& repository) {
  std::set<std::string, cimom::CaseInsensitiveLess> names;
  for (const std::string& ns : repository.namespaces()) {
    for (const cimom::ClassPtr& cls : repository.classes(ns)) names.insert(cls->name);
  }
  return {names.begin(), names.end()};
}

// The class in the first namespace that has it (the repository compares names case-insensitively).
cimom::ClassPtr anyClass(const cimom::ClassRepository& repository, std::string_view className) {
  for (const std::string& ns : repository.namespaces()) {
    if (cimom::ClassPtr cls = repository.findClass(ns, className)) return cls;
  }
  return nullptr;
}

std::string suggestion(std::string_view given, const std::vector<std::string>& candidates) {
  const std::vector<std::string> near = cimom::closestNames(given, candidates);
  return near.empty() ? std::string() : "; did you mean " + cimom::joinNames(near) + "?";
}

}  // namespace

bool isCimXmlAction(std::string_view action) {
  constexpr std::string_view kPrefix = "cimxml:";
  return action.size() > kPrefix.size() && cimom::iequals(action.substr(0, kPrefix.size()), kPrefix);
}

std::string checkActionName(std::string_view action, bool journal) {
  for (const std::string& name : wsman::exchangeActionNames()) {
    if (cimom::iequals(name, action)) return {};
  }
  if (journal && (action == wsman::kEmptyAction || action == wsman::kUnreadableAction || action == wsman::kRefusedAction)) {
    return {};
  }
  // CIM-XML requests are journaled as "cimxml:<method>", intrinsic or extrinsic.
  if (isCimXmlAction(action)) return {};
  std::vector<std::string> valid = wsman::exchangeActionNames();
  if (journal) valid.insert(valid.end(), {wsman::kEmptyAction, wsman::kUnreadableAction, wsman::kRefusedAction});
  valid.push_back("cimxml:<method>");
  return "unknown action '" + std::string(action) + "': it is one of " + cimom::joinNames(valid);
}

std::string checkClassName(const cimom::ClassRepository& repository, std::string_view className) {
  if (anyClass(repository, className)) return {};
  const std::vector<std::string> names = classNames(repository);
  return "unknown class '" + std::string(className) + "': no namespace served has it" + suggestion(className, names);
}

std::string checkMethodName(const cimom::ClassRepository& repository, std::string_view className, std::string_view method) {
  if (!className.empty()) {
    // checkClassName passed: the class is served. A class has the same methods in every
    // namespace that has it, so the first one says.
    const cimom::ClassPtr cls = anyClass(repository, className);
    if (!cls || cls->method(method)) return {};
    std::vector<std::string> names;
    for (const cimom::MethodDecl& m : cls->methods) names.push_back(m.name);
    std::sort(names.begin(), names.end(), cimom::CaseInsensitiveLess());
    return "unknown method '" + std::string(method) + "' of class " + std::string(className) + ": its methods are " +
           (names.empty() ? std::string("none") : cimom::joinNames(names, " and "));
  }
  std::set<std::string, cimom::CaseInsensitiveLess> methods;
  for (const std::string& ns : repository.namespaces()) {
    for (const cimom::ClassPtr& cls : repository.classes(ns)) {
      if (cls->method(method)) return {};
      for (const cimom::MethodDecl& m : cls->methods) methods.insert(m.name);
    }
  }
  const std::vector<std::string> names(methods.begin(), methods.end());
  return "unknown method '" + std::string(method) + "': no class served has it" + suggestion(method, names);
}

}  // namespace cimdouble::control
