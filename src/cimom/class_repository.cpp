#include "cimom/class_repository.h"

#include <mutex>

#include "cimom/object_path.h"

namespace cimdouble::cimom {
namespace {

// Qualifiers a subclass or overriding feature inherits: all but the Restricted ones,
// marked as propagated (DSP0004 §5.6.1.3).
QualifierList inheritable(const QualifierList& qualifiers) {
  QualifierList out;
  for (const Qualifier& q : qualifiers) {
    if (q.flavors & kFlavorRestricted) continue;
    Qualifier copy = q;
    copy.propagated = true;
    out.push_back(std::move(copy));
  }
  return out;
}

// Own qualifiers on top of inherited ones. Overriding a DisableOverride qualifier with a
// different value is an error; restating the same value is fine.
Result<QualifierList> mergeQualifiers(const QualifierList& inherited, const QualifierList& own,
                                      const std::string& where) {
  QualifierList merged = inheritable(inherited);
  for (const Qualifier& q : own) {
    bool replaced = false;
    for (Qualifier& m : merged) {
      if (!iequals(m.name, q.name)) continue;
      if ((m.flavors & kFlavorDisableOverride) && !(m.value == q.value)) {
        return makeError(CimStatus::Failed, "qualifier " + q.name + " of " + where +
                                                " cannot be overridden (it has flavor DisableOverride)");
      }
      m = q;
      replaced = true;
      break;
    }
    if (!replaced) merged.push_back(q);
  }
  return merged;
}

bool sameType(const TypeSpec& a, const TypeSpec& b) {
  // A reference may be narrowed to a subclass in an override; its class is not compared.
  return a.type == b.type && a.array == b.array;
}

}  // namespace

Result<ClassDecl> resolveClass(const ClassDecl* superclass, ClassDecl declared) {
  if (!superclass) {
    for (PropertyDecl& p : declared.properties) p.classOrigin = declared.name;
    for (MethodDecl& m : declared.methods) m.classOrigin = declared.name;
    declared.superclassChain.clear();
    declared.reindex();
    return declared;
  }
  ClassDecl resolved;
  resolved.name = declared.name;
  resolved.superclass = superclass->name;
  resolved.superclassChain.push_back(superclass->name);
  resolved.superclassChain.insert(resolved.superclassChain.end(), superclass->superclassChain.begin(),
                                  superclass->superclassChain.end());
  auto classQualifiers = mergeQualifiers(superclass->qualifiers, declared.qualifiers, "class " + declared.name);
  if (!classQualifiers) return classQualifiers.error();
  resolved.qualifiers = std::move(classQualifiers).value();

  // Inherited properties first, in their order; an override replaces in place.
  for (const PropertyDecl& inherited : superclass->properties) {
    PropertyDecl p = inherited;
    p.qualifiers = inheritable(inherited.qualifiers);
    p.propagated = true;
    resolved.properties.push_back(std::move(p));
  }
  const bool superHasKeys = !superclass->keyProperties().empty();
  for (PropertyDecl& own : declared.properties) {
    auto index = superclass->propertyIndex(own.name);
    if (!index) {
      if (superHasKeys && own.isKey()) {
        return makeError(CimStatus::Failed, "class " + declared.name + " adds key property " + own.name +
                                                " although its superclass " + superclass->name + " already has keys");
      }
      own.classOrigin = declared.name;
      own.propagated = false;
      resolved.properties.push_back(std::move(own));
      continue;
    }
    const PropertyDecl& base = superclass->properties[*index];
    if (!sameType(base.type, own.type)) {
      return makeError(CimStatus::TypeMismatch, "property " + declared.name + "." + own.name + " is " +
                                                    own.type.toString() + " but overrides " + base.classOrigin + "." +
                                                    base.name + " of type " + base.type.toString());
    }
    auto merged = mergeQualifiers(base.qualifiers, own.qualifiers, "property " + declared.name + "." + own.name);
    if (!merged) return merged.error();
    PropertyDecl& slot = resolved.properties[*index];
    slot.name = base.name;
    slot.type = own.type;
    slot.qualifiers = std::move(merged).value();
    if (!own.defaultValue.isNull()) slot.defaultValue = own.defaultValue;
    slot.classOrigin = declared.name;
    slot.propagated = false;
  }

  for (const MethodDecl& inherited : superclass->methods) {
    MethodDecl m = inherited;
    m.qualifiers = inheritable(inherited.qualifiers);
    m.propagated = true;
    resolved.methods.push_back(std::move(m));
  }
  for (MethodDecl& own : declared.methods) {
    const MethodDecl* base = superclass->method(own.name);
    own.classOrigin = declared.name;
    own.propagated = false;
    if (!base) {
      resolved.methods.push_back(std::move(own));
      continue;
    }
    auto merged = mergeQualifiers(base->qualifiers, own.qualifiers, "method " + declared.name + "." + own.name);
    if (!merged) return merged.error();
    own.qualifiers = std::move(merged).value();
    for (MethodDecl& slot : resolved.methods) {
      if (iequals(slot.name, own.name)) {
        own.name = slot.name;
        slot = std::move(own);
        break;
      }
    }
  }
  resolved.reindex();
  return resolved;
}

void ClassRepository::ensureNamespace(std::string_view nameSpace) {
  nameSpace = splitServer(nameSpace).nameSpace;
  std::unique_lock lock(mutex_);
  const std::string key = canonicalNamespace(nameSpace);
  if (namespaces_.count(key)) return;
  Namespace& ns = namespaces_[key];
  // Display form: '/' separators, the caller's letter case, no leading or trailing slash.
  std::string display;
  for (char c : nameSpace) {
    const char s = c == '\\' ? '/' : c;
    if (s == '/' && (display.empty() || display.back() == '/')) continue;
    display += s;
  }
  while (!display.empty() && display.back() == '/') display.pop_back();
  ns.displayName = display;
  for (const QualifierDecl& decl : standardQualifierDecls()) ns.qualifiers.emplace(decl.name, decl);
}

bool ClassRepository::hasNamespace(std::string_view nameSpace) const {
  std::shared_lock lock(mutex_);
  return find(nameSpace) != nullptr;
}

std::string ClassRepository::displayName(std::string_view nameSpace) const {
  std::shared_lock lock(mutex_);
  const Namespace* ns = find(nameSpace);
  return ns ? ns->displayName : std::string(nameSpace);
}

std::vector<std::string> ClassRepository::namespaces() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [key, ns] : namespaces_) out.push_back(ns.displayName);
  return out;
}

Status ClassRepository::setInstanceScope(std::string_view nameSpace, bool perServer,
                                         std::string_view sharesInstancesWith, bool keysPerServer) {
  std::unique_lock lock(mutex_);
  auto it = namespaces_.find(canonicalNamespace(nameSpace));
  if (it == namespaces_.end()) return makeError(CimStatus::InvalidNamespace, "no namespace " + std::string(nameSpace));
  std::string shared;
  if (!sharesInstancesWith.empty()) {
    shared = canonicalNamespace(sharesInstancesWith);
    auto other = namespaces_.find(shared);
    if (other == namespaces_.end()) {
      return makeError(CimStatus::InvalidNamespace, "no namespace " + std::string(sharesInstancesWith));
    }
    if (!other->second.instancesOf.empty()) shared = other->second.instancesOf;  // no chains
    if (shared == it->first) shared.clear();
  }
  it->second.perServer = perServer || keysPerServer;
  it->second.keysPerServer = keysPerServer;
  it->second.instancesOf = shared;
  return okStatus();
}

ClassRepository::InstanceScope ClassRepository::instanceScope(std::string_view nameSpace) const {
  InstanceScope scope{canonicalNamespace(nameSpace)};
  std::shared_lock lock(mutex_);
  auto it = namespaces_.find(scope.instancesOf);
  if (it == namespaces_.end()) return scope;
  if (!it->second.instancesOf.empty()) scope.instancesOf = it->second.instancesOf;
  scope.perServer = it->second.perServer;
  scope.keysPerServer = it->second.keysPerServer;
  return scope;
}

const ClassRepository::Namespace* ClassRepository::find(std::string_view nameSpace) const {
  auto it = namespaces_.find(canonicalNamespace(nameSpace));
  return it == namespaces_.end() ? nullptr : &it->second;
}

Status ClassRepository::addQualifierDecl(std::string_view nameSpace, QualifierDecl decl) {
  std::unique_lock lock(mutex_);
  auto it = namespaces_.find(canonicalNamespace(nameSpace));
  if (it == namespaces_.end()) return makeError(CimStatus::InvalidNamespace, "no namespace " + std::string(nameSpace));
  it->second.qualifiers.insert_or_assign(decl.name, std::move(decl));
  return okStatus();
}

std::optional<QualifierDecl> ClassRepository::qualifierDecl(std::string_view nameSpace, std::string_view name) const {
  std::shared_lock lock(mutex_);
  const Namespace* ns = find(nameSpace);
  if (!ns) return std::nullopt;
  auto it = ns->qualifiers.find(name);
  if (it == ns->qualifiers.end()) return std::nullopt;
  return it->second;
}

Result<ClassPtr> ClassRepository::addClass(std::string_view nameSpace, ClassDecl declared) {
  std::unique_lock lock(mutex_);
  auto nsIt = namespaces_.find(canonicalNamespace(nameSpace));
  if (nsIt == namespaces_.end()) return makeError(CimStatus::InvalidNamespace, "no namespace " + std::string(nameSpace));
  Namespace& ns = nsIt->second;
  if (ns.classes.count(declared.name)) {
    return makeError(CimStatus::AlreadyExists, "class " + declared.name + " is already defined in " + ns.displayName);
  }
  const ClassDecl* superclass = nullptr;
  if (!declared.superclass.empty()) {
    auto superIt = ns.classes.find(declared.superclass);
    if (superIt == ns.classes.end()) {
      return makeError(CimStatus::InvalidSuperclass, "superclass " + declared.superclass + " of class " +
                                                         declared.name + " is not defined in " + ns.displayName);
    }
    superclass = superIt->second.get();
  }
  auto resolved = resolveClass(superclass, std::move(declared));
  if (!resolved) return resolved.error();
  auto cls = std::make_shared<const ClassDecl>(std::move(resolved).value());
  ns.classes.emplace(cls->name, cls);
  ns.order.push_back(cls);
  return ClassPtr(cls);
}

ClassPtr ClassRepository::findClass(std::string_view nameSpace, std::string_view className) const {
  std::shared_lock lock(mutex_);
  const Namespace* ns = find(nameSpace);
  if (!ns) return nullptr;
  auto it = ns->classes.find(className);
  return it == ns->classes.end() ? nullptr : it->second;
}

std::vector<ClassPtr> ClassRepository::classes(std::string_view nameSpace) const {
  std::shared_lock lock(mutex_);
  const Namespace* ns = find(nameSpace);
  return ns ? ns->order : std::vector<ClassPtr>{};
}

std::vector<ClassPtr> ClassRepository::subclasses(std::string_view nameSpace, std::string_view className,
                                                  bool deep) const {
  std::shared_lock lock(mutex_);
  std::vector<ClassPtr> out;
  const Namespace* ns = find(nameSpace);
  if (!ns) return out;
  for (const ClassPtr& cls : ns->order) {
    if (deep) {
      for (const std::string& ancestor : cls->superclassChain) {
        if (iequals(ancestor, className)) {
          out.push_back(cls);
          break;
        }
      }
    } else if (iequals(cls->superclass, className)) {
      out.push_back(cls);
    }
  }
  return out;
}

bool ClassRepository::isA(std::string_view nameSpace, std::string_view className, std::string_view ancestor) const {
  if (iequals(className, ancestor)) return true;
  ClassPtr cls = findClass(nameSpace, className);
  if (!cls) return false;
  for (const std::string& name : cls->superclassChain) {
    if (iequals(name, ancestor)) return true;
  }
  return false;
}

}  // namespace cimdouble::cimom
