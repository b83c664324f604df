#include "cimom/mof/compiler.h"

#include <algorithm>

#include "cimom/case_insensitive.h"
#include "cimom/mof/parser.h"
#include "cimom/object_path.h"

namespace cimdouble::cimom {
namespace {

struct NamedBit {
  const char* name;
  unsigned bit;
};

constexpr NamedBit kScopes[] = {
    {"class", kScopeClass},         {"association", kScopeAssociation}, {"indication", kScopeIndication},
    {"property", kScopeProperty},   {"reference", kScopeReference},     {"method", kScopeMethod},
    {"parameter", kScopeParameter}, {"qualifier", kScopeQualifier},     {"any", kScopeAny},
};

const char* scopeName(unsigned scope) {
  for (const NamedBit& s : kScopes) {
    if (s.bit == scope) return s.name;
  }
  return "element";
}

// Applies a flavor keyword to a flavor set; false for an unknown keyword.
bool applyFlavor(std::string_view name, unsigned& flavors) {
  if (iequals(name, "EnableOverride")) flavors &= ~kFlavorDisableOverride;
  else if (iequals(name, "DisableOverride")) flavors |= kFlavorDisableOverride;
  else if (iequals(name, "ToSubclass")) flavors &= ~kFlavorRestricted;
  else if (iequals(name, "Restricted") || iequals(name, "NotToSubclass")) flavors |= kFlavorRestricted;
  else if (iequals(name, "Translatable")) flavors |= kFlavorTranslatable;
  else if (iequals(name, "ToInstance")) flavors |= kFlavorToInstance;
  else if (iequals(name, "NotToInstance")) flavors &= ~kFlavorToInstance;
  else if (iequals(name, "Amended")) flavors |= kFlavorAmended;
  else return false;
  return true;
}

// "\\.\root\virtualization\v2" -> "root\virtualization\v2": mofcomp's host prefix is dropped.
std::string namespaceFromPragma(std::string_view arg) {
  if (arg.size() > 2 && (arg.substr(0, 2) == "\\\\" || arg.substr(0, 2) == "//")) {
    const std::size_t sep = arg.find_first_of("\\/", 2);
    if (sep != std::string_view::npos) arg.remove_prefix(sep + 1);
  }
  return std::string(arg);
}

std::string literalKindName(const MofLiteral& l) {
  switch (l.kind) {
    case MofLiteral::Kind::Null: return "null";
    case MofLiteral::Kind::Integer: return "integer " + std::string(l.negative ? "-" : "") + std::to_string(l.magnitude);
    case MofLiteral::Kind::Real: return "real number";
    case MofLiteral::Kind::String: return "string \"" + l.text + "\"";
    case MofLiteral::Kind::Char: return "char literal";
    case MofLiteral::Kind::Boolean: return l.boolean ? "TRUE" : "FALSE";
    case MofLiteral::Kind::Alias: return "alias $" + l.text;
    case MofLiteral::Kind::Array: return "array value";
  }
  return "value";
}

}  // namespace

MofCompiler::MofCompiler(ClassRepository& repository, InstanceStore& store, const MofSource& source,
                         MofCompileOptions options)
    : repository_(repository), store_(store), source_(source), options_(std::move(options)) {}

std::string MofCompiler::aliasKey(const std::string& alias) const {
  return canonicalNamespace(namespace_) + "|" + alias;
}

void MofCompiler::compileFile(const std::string& path) {
  namespace_ = options_.defaultNamespace;
  repository_.ensureNamespace(namespace_);
  auto text = source_.read(path);
  if (!text) {
    error({path, 0, 0}, "cannot read file");
    return;
  }
  compileText(*text, path, 0);
}

void MofCompiler::compileText(const std::string& text, const std::string& path, int depth) {
  includeStack_.push_back(path);
  const std::string namespaceBefore = namespace_;
  MofParser parser(text, path, diagnostics_);
  while (auto decl = parser.next()) {
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, MofPragma>) pragma(d, path, depth);
          else if constexpr (std::is_same_v<T, MofQualifierDecl>) qualifierDecl(d);
          else if constexpr (std::is_same_v<T, MofClass>) classDecl(d);
          else instanceDecl(d);
        },
        *decl);
  }
  // A namespace chosen inside an included file does not leak into the including one.
  namespace_ = namespaceBefore;
  includeStack_.pop_back();
}

void MofCompiler::pragma(const MofPragma& p, const std::string& path, int depth) {
  if (iequals(p.name, "namespace")) {
    const std::string ns = namespaceFromPragma(p.argument);
    if (canonicalNamespace(ns).empty()) {
      error(p.position, "#pragma namespace needs a namespace name");
      return;
    }
    namespace_ = ns;
    repository_.ensureNamespace(namespace_);
  } else if (iequals(p.name, "include")) {
    const std::string target = MofSource::resolveInclude(path, p.argument);
    if (std::find(includeStack_.begin(), includeStack_.end(), target) != includeStack_.end()) {
      error(p.position, "'" + p.argument + "' includes itself (include cycle)");
      return;
    }
    if (depth + 1 > options_.maxIncludeDepth) {
      error(p.position, "includes nested deeper than " + std::to_string(options_.maxIncludeDepth));
      return;
    }
    auto text = source_.read(target);
    if (!text) {
      error(p.position, "cannot open include file '" + p.argument + "'");
      return;
    }
    compileText(*text, target, depth + 1);
  } else if (iequals(p.name, "locale") || iequals(p.name, "classflags") || iequals(p.name, "instanceflags") ||
             iequals(p.name, "autorecover")) {
    // Accepted for compatibility with mofcomp; they change nothing here.
  } else {
    error(p.position, "unknown pragma '" + p.name + "'");
  }
}

bool MofCompiler::typeOf(const MofType& t, TypeSpec& out) {
  out = TypeSpec{};
  out.array = t.array;
  out.arraySize = t.arraySize;
  if (t.isReference) {
    out.type = CimType::Reference;
    out.referenceClass = t.name;
    return true;
  }
  auto type = parseCimTypeName(t.name);
  if (!type) {
    error(t.position, "unknown data type '" + t.name + "'");
    return false;
  }
  out.type = *type;
  return true;
}

bool MofCompiler::qualifiers(const std::vector<MofQualifier>& given, unsigned scope, std::string_view where,
                             QualifierList& out) {
  bool ok = true;
  for (const MofQualifier& q : given) {
    auto decl = repository_.qualifierDecl(namespace_, q.name);
    if (!decl) {
      error(q.position, "unknown qualifier '" + q.name + "'");
      ok = false;
      continue;
    }
    const bool scopeOk = (decl->scopes & scope) ||
                         (scope == kScopeClass && (decl->scopes & (kScopeAssociation | kScopeIndication)));
    if (!scopeOk) {
      error(q.position, "qualifier " + decl->name + " is not allowed on a " + scopeName(scope));
      ok = false;
      continue;
    }
    if (findQualifier(out, q.name)) {
      error(q.position, "qualifier " + decl->name + " given twice on " + std::string(where));
      ok = false;
      continue;
    }
    Qualifier typed;
    typed.name = decl->name;
    typed.flavors = decl->flavors;
    if (q.value) {
      auto v = typedValue(*q.value, TypeSpec{decl->type, decl->array, std::nullopt, {}}, true);
      if (!v) {
        error(q.value->position, "value of qualifier " + decl->name + ": " + v.error().message);
        ok = false;
        continue;
      }
      typed.value = std::move(v).value();
    } else if (decl->type == CimType::Boolean && !decl->array) {
      typed.value = Value::boolean(true);  // [Key] means Key(true)
    } else {
      error(q.position, "qualifier " + decl->name + " needs a value of type " +
                            TypeSpec{decl->type, decl->array, std::nullopt, {}}.toString());
      ok = false;
      continue;
    }
    for (const std::string& flavor : q.flavors) {
      if (!applyFlavor(flavor, typed.flavors)) {
        error(q.position, "unknown flavor '" + flavor + "' on qualifier " + decl->name);
        ok = false;
      }
    }
    out.push_back(std::move(typed));
  }
  return ok;
}

Result<Scalar> MofCompiler::typedScalar(const MofLiteral& l, const TypeSpec& type) {
  auto mismatch = [&](std::string why = {}) {
    return makeError(CimStatus::TypeMismatch, literalKindName(l) + " does not fit type " +
                                                  std::string(cimTypeName(type.type)) + (why.empty() ? "" : ": " + why));
  };
  switch (l.kind) {
    case MofLiteral::Kind::Integer:
      if (isInteger(type.type)) {
        auto s = integerScalar(type.type, l.negative, l.magnitude);
        if (!s) return mismatch("out of range");
        return s;
      }
      if (isReal(type.type)) {
        double d = static_cast<double>(l.magnitude) * (l.negative ? -1 : 1);
        return Scalar{type.type == CimType::Real32 ? static_cast<double>(static_cast<float>(d)) : d};
      }
      return mismatch();
    case MofLiteral::Kind::Real:
      if (isReal(type.type)) return Scalar{type.type == CimType::Real32 ? static_cast<double>(static_cast<float>(l.real)) : l.real};
      return mismatch();
    case MofLiteral::Kind::Boolean:
      if (type.type == CimType::Boolean) return Scalar{l.boolean};
      return mismatch();
    case MofLiteral::Kind::Char:
      if (type.type == CimType::Char16) return Scalar{l.character};
      return mismatch();
    case MofLiteral::Kind::String:
      if (type.type == CimType::String || type.type == CimType::DateTime || type.type == CimType::Reference ||
          type.type == CimType::Char16) {
        auto s = parseScalar(type.type, l.text);
        if (!s) return mismatch(s.error().message);
        return s;
      }
      return mismatch();
    case MofLiteral::Kind::Alias: {
      if (type.type != CimType::Reference) return mismatch("an alias can only be the value of a reference");
      auto it = aliases_.find(aliasKey(l.text));
      if (it == aliases_.end()) {
        return makeError(CimStatus::NotFound, "unknown alias $" + l.text + " (aliases must be declared before use)");
      }
      return Scalar{std::make_shared<const ObjectPath>(it->second)};
    }
    default:
      return mismatch();
  }
}

Result<Value> MofCompiler::typedValue(const MofLiteral& l, const TypeSpec& type, bool lenientArrays) {
  if (l.kind == MofLiteral::Kind::Null) return Value::null(type.type, type.array);
  if (l.kind == MofLiteral::Kind::Array) {
    if (!type.array) {
      return makeError(CimStatus::TypeMismatch, "an array value does not fit the single-valued type " +
                                                    std::string(cimTypeName(type.type)));
    }
    if (type.arraySize && l.elements.size() > *type.arraySize) {
      return makeError(CimStatus::TypeMismatch, std::to_string(l.elements.size()) + " elements exceed the array size " +
                                                    std::to_string(*type.arraySize));
    }
    std::vector<Scalar> elements;
    for (const MofLiteral& e : l.elements) {
      if (e.kind == MofLiteral::Kind::Array || e.kind == MofLiteral::Kind::Null) {
        return makeError(CimStatus::TypeMismatch, "array elements must be single non-null values");
      }
      auto s = typedScalar(e, type);
      if (!s) return s.error();
      elements.push_back(std::move(s).value());
    }
    return Value::array(type.type, std::move(elements));
  }
  auto s = typedScalar(l, type);
  if (!s) return s.error();
  if (type.array) {
    if (!lenientArrays) {
      return makeError(CimStatus::TypeMismatch, "type " + type.toString() + " needs an array value in braces {...}");
    }
    return Value::array(type.type, {std::move(s).value()});
  }
  return Value::fromScalar(type.type, std::move(s).value());
}

void MofCompiler::qualifierDecl(const MofQualifierDecl& d) {
  if (options_.instancesOnly) {
    error(d.position, "qualifier " + d.name + " is declared here, but this MOF may only declare instances");
    return;
  }
  QualifierDecl decl;
  decl.name = d.name;
  TypeSpec type;
  if (d.type.isReference) {
    error(d.type.position, "a qualifier cannot be of a reference type");
    return;
  }
  if (!typeOf(d.type, type)) return;
  decl.type = type.type;
  decl.array = type.array;
  decl.defaultValue = Value::null(type.type, type.array);
  if (d.defaultValue) {
    auto v = typedValue(*d.defaultValue, type, false);
    if (!v) {
      error(d.defaultValue->position, "default of qualifier " + d.name + ": " + v.error().message);
      return;
    }
    decl.defaultValue = std::move(v).value();
  }
  decl.scopes = 0;
  for (const std::string& s : d.scopes) {
    bool known = false;
    for (const NamedBit& b : kScopes) {
      if (iequals(s, b.name)) {
        decl.scopes |= b.bit;
        known = true;
      }
    }
    if (!known) {
      error(d.position, "unknown scope '" + s + "' in qualifier declaration " + d.name);
      return;
    }
  }
  if (d.scopes.empty()) decl.scopes = kScopeAny;
  for (const std::string& f : d.flavors) {
    if (!applyFlavor(f, decl.flavors)) {
      error(d.position, "unknown flavor '" + f + "' in qualifier declaration " + d.name);
      return;
    }
  }
  (void)repository_.addQualifierDecl(namespace_, std::move(decl));
}

void MofCompiler::classDecl(const MofClass& c) {
  if (options_.instancesOnly) {
    error(c.position, "class " + c.name + " is declared here, but this MOF may only declare instances");
    return;
  }
  ClassDecl cls;
  cls.name = c.name;
  cls.superclass = c.superclass;
  bool ok = qualifiers(c.qualifiers, kScopeClass, "class " + c.name, cls.qualifiers);

  auto knownClass = [&](const std::string& name) {
    return iequals(name, c.name) || repository_.findClass(namespace_, name) != nullptr;
  };
  for (const MofProperty& p : c.properties) {
    PropertyDecl prop;
    prop.name = p.name;
    if (!typeOf(p.type, prop.type)) {
      ok = false;
      continue;
    }
    if (prop.type.type == CimType::Reference && !knownClass(prop.type.referenceClass)) {
      error(p.type.position, "reference " + p.name + " names unknown class '" + prop.type.referenceClass + "'");
      ok = false;
      continue;
    }
    if (std::any_of(cls.properties.begin(), cls.properties.end(),
                    [&](const PropertyDecl& other) { return iequals(other.name, p.name); })) {
      error(p.position, "property " + p.name + " is declared twice in class " + c.name);
      ok = false;
      continue;
    }
    const unsigned scope = prop.type.type == CimType::Reference ? kScopeReference : kScopeProperty;
    ok = qualifiers(p.qualifiers, scope, "property " + p.name, prop.qualifiers) && ok;
    prop.defaultValue = Value::null(prop.type.type, prop.type.array);
    if (p.defaultValue) {
      auto v = typedValue(*p.defaultValue, prop.type, false);
      if (!v) {
        error(p.defaultValue->position, "default value of " + c.name + "." + p.name + ": " + v.error().message);
        ok = false;
        continue;
      }
      prop.defaultValue = std::move(v).value();
    }
    cls.properties.push_back(std::move(prop));
  }
  for (const MofMethod& m : c.methods) {
    MethodDecl method;
    method.name = m.name;
    TypeSpec returnType;
    if (!typeOf(m.returnType, returnType)) {
      ok = false;
      continue;
    }
    if (returnType.array) {
      error(m.returnType.position, "a method cannot return an array");
      ok = false;
    }
    method.returnType = returnType.type;
    if (cls.method(m.name)) {
      error(m.position, "method " + m.name + " is declared twice in class " + c.name);
      ok = false;
      continue;
    }
    ok = qualifiers(m.qualifiers, kScopeMethod, "method " + m.name, method.qualifiers) && ok;
    for (const MofParameter& p : m.parameters) {
      ParameterDecl param;
      param.name = p.name;
      if (!typeOf(p.type, param.type)) {
        ok = false;
        continue;
      }
      if (param.type.type == CimType::Reference && !knownClass(param.type.referenceClass)) {
        error(p.type.position, "parameter " + p.name + " references unknown class '" + param.type.referenceClass + "'");
        ok = false;
        continue;
      }
      if (method.parameter(p.name)) {
        error(p.position, "parameter " + p.name + " is declared twice in method " + m.name);
        ok = false;
        continue;
      }
      ok = qualifiers(p.qualifiers, kScopeParameter, "parameter " + p.name, param.qualifiers) && ok;
      method.parameters.push_back(std::move(param));
    }
    cls.methods.push_back(std::move(method));
  }
  if (!ok) return;  // errors already reported; a half-built class would cascade more
  auto added = repository_.addClass(namespace_, std::move(cls));
  if (!added) {
    const bool superclassProblem = added.error().status == CimStatus::InvalidSuperclass;
    error(superclassProblem ? c.superclassPosition : c.position, added.error().message);
  }
}

void MofCompiler::instanceDecl(const MofInstance& i) {
  ClassPtr cls = repository_.findClass(namespace_, i.className);
  if (!cls) {
    error(i.position, "instance of unknown class '" + i.className + "'");
    return;
  }
  Instance instance(cls->name, repository_.displayName(namespace_));
  bool ok = true;
  for (const MofPropertyValue& v : i.values) {
    const PropertyDecl* prop = cls->property(v.name);
    if (!prop) {
      error(v.position, "class " + cls->name + " has no property '" + v.name + "'");
      ok = false;
      continue;
    }
    if (instance.get(prop->name)) {
      error(v.position, "property " + v.name + " is given twice");
      ok = false;
      continue;
    }
    auto value = typedValue(v.value, prop->type, false);
    if (!value) {
      error(v.value.position, "value of " + cls->name + "." + prop->name + ": " + value.error().message);
      ok = false;
      continue;
    }
    instance.set(prop->name, std::move(value).value());
  }
  if (!ok) return;
  if (!i.alias.empty() && aliases_.count(aliasKey(i.alias))) {
    error(i.position, "alias $" + i.alias + " is already defined");
    return;
  }
  auto path = store_.create(namespace_, instance);
  if (!path) {
    error(i.position, path.error().status == CimStatus::AlreadyExists
                          ? "duplicate key: " + path.error().message
                          : path.error().message);
    return;
  }
  if (!i.alias.empty()) aliases_.emplace(aliasKey(i.alias), std::move(path).value());
}

}  // namespace cimdouble::cimom
