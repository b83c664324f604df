#include "control/match_names.h"

#include <set>
#include <vector>

#include "cimom/case_insensitive.h"
#include "cimom/name_suggestions.h"

namespace cimdouble::control {
namespace {

// The short names the WS-Man front end records (wsman_service.cpp's actionName).
const std::vector<std::string>& actionNames() {
  static const std::vector<std::string> kNames = {"Identify", "Get",  "Put",     "Create", "Delete",
                                                  "Enumerate", "Pull", "Release", "Invoke"};
  return kNames;
}

// Every class of every namespace, once each, in the spelling of its declaration.
std::vector<std::string> classNames(const cimom::ClassRepository& repository) {
  std::set<std::string, cimom::CaseInsensitiveLess> names;
  for (const std::string& ns : repository.namespaces()) {
    for (const cimom::ClassPtr& cls : repository.classes(ns)) names.insert(cls->name);
  }
  return {names.begin(), names.end()};
}

std::string suggestion(std::string_view given, const std::vector<std::string>& candidates) {
  const std::vector<std::string> near = cimom::closestNames(given, candidates);
  return near.empty() ? std::string() : "; did you mean " + cimom::joinNames(near) + "?";
}

}  // namespace

std::string checkActionName(std::string_view action, bool journal) {
  for (const std::string& name : actionNames()) {
    if (cimom::iequals(name, action)) return {};
  }
  if (journal && (action == "(empty)" || action == "(unreadable)")) return {};
  std::vector<std::string> valid = actionNames();
  if (journal) valid.insert(valid.end(), {"(empty)", "(unreadable)"});
  return "unknown action '" + std::string(action) + "': it is one of " + cimom::joinNames(valid);
}

std::string checkClassName(const cimom::ClassRepository& repository, std::string_view className) {
  const std::vector<std::string> names = classNames(repository);
  for (const std::string& name : names) {
    if (cimom::iequals(name, className)) return {};
  }
  return "unknown class '" + std::string(className) + "': no namespace served has it" + suggestion(className, names);
}

std::string checkMethodName(const cimom::ClassRepository& repository, std::string_view className, std::string_view method) {
  std::set<std::string, cimom::CaseInsensitiveLess> methods;
  for (const std::string& ns : repository.namespaces()) {
    for (const cimom::ClassPtr& cls : repository.classes(ns)) {
      if (!className.empty() && !cimom::iequals(cls->name, className)) continue;
      for (const cimom::MethodDecl& m : cls->methods) {
        if (cimom::iequals(m.name, method)) return {};
        methods.insert(m.name);
      }
    }
  }
  const std::vector<std::string> names(methods.begin(), methods.end());
  if (!className.empty()) {
    return "unknown method '" + std::string(method) + "' of class " + std::string(className) + ": its methods are " +
           (names.empty() ? std::string("none") : cimom::joinNames(names, " and "));
  }
  return "unknown method '" + std::string(method) + "': no class served has it" + suggestion(method, names);
}

}  // namespace cimdouble::control
