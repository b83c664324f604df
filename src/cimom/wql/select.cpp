#include "cimom/wql/select.h"

#include <cmath>

#include "cimom/case_insensitive.h"
#include "cimom/wql/like_pattern.h"
#include "cimom/object_path.h"
#include "cimom/value_coercion.h"

namespace cimdouble::cimom {
namespace {

enum class Truth { False, True, Unknown };

Truth negate(Truth t) { return t == Truth::Unknown ? t : (t == Truth::True ? Truth::False : Truth::True); }

// A value reduced to what WQL compares: numbers by value, strings without regard to case,
// datetimes as instants or durations, references by their key bindings.
struct Comparable {
  enum class Kind { Null, Integer, Real, String, Boolean, DateTime, Path };
  Kind kind = Kind::Null;
  __int128 integer = 0;
  double real = 0;
  std::string text;  // String (folded) or Path (canonical keys)
  bool boolean = false;
  DateTime datetime;
};

enum class Family { Number, String, Boolean, DateTime, Path, Object };

Family familyOf(CimType type) {
  if (isInteger(type) || isReal(type)) return Family::Number;
  switch (type) {
    case CimType::Boolean: return Family::Boolean;
    case CimType::DateTime: return Family::DateTime;
    case CimType::Reference: return Family::Path;
    case CimType::Instance: return Family::Object;
    default: return Family::String;
  }
}

const char* familyName(Family f) {
  switch (f) {
    case Family::Number: return "a number";
    case Family::String: return "a string";
    case Family::Boolean: return "a boolean";
    case Family::DateTime: return "a datetime";
    case Family::Path: return "an object path";
    case Family::Object: return "an embedded object";
  }
  return "a value";
}

Comparable fromScalar(CimType type, const Scalar& s) {
  Comparable c;
  if (isInteger(type)) {
    c.kind = Comparable::Kind::Integer;
    c.integer = isSignedInteger(type) ? static_cast<__int128>(std::get<int64_t>(s))
                                      : static_cast<__int128>(std::get<uint64_t>(s));
  } else if (isReal(type)) {
    c.kind = Comparable::Kind::Real;
    c.real = std::get<double>(s);
  } else if (type == CimType::Boolean) {
    c.kind = Comparable::Kind::Boolean;
    c.boolean = std::get<bool>(s);
  } else if (type == CimType::DateTime) {
    c.kind = Comparable::Kind::DateTime;
    c.datetime = std::get<DateTime>(s);
  } else if (type == CimType::Reference) {
    c.kind = Comparable::Kind::Path;
    c.text = std::get<std::shared_ptr<const ObjectPath>>(s)->canonicalKeys();
  } else {
    c.kind = Comparable::Kind::String;
    c.text = toLowerAscii(scalarToText(type, s));
  }
  return c;
}

Comparable fromValue(const Value& v) {
  if (v.isNull() || v.isArray()) return {};
  return fromScalar(v.type(), v.scalar());
}

CimError bindError(std::size_t position, const std::string& message) {
  return makeError(CimStatus::InvalidQuery, "WQL error at position " + std::to_string(position) + ": " + message);
}

// Types a literal for comparison with a value of `family`.
Result<Comparable> literalFor(const WqlLiteral& lit, Family family, CimType type, std::size_t position,
                              const std::string& what) {
  Comparable c;
  if (lit.kind == WqlLiteral::Kind::Null) return c;
  auto mismatch = [&] {
    return bindError(position, what + " is " + familyName(family) + "; this value does not fit it");
  };
  switch (family) {
    case Family::Number:
      if (lit.kind == WqlLiteral::Kind::Integer) {
        c.kind = Comparable::Kind::Integer;
        c.integer = lit.negative ? -static_cast<__int128>(lit.magnitude) : static_cast<__int128>(lit.magnitude);
        return c;
      }
      if (lit.kind == WqlLiteral::Kind::Real) {
        c.kind = Comparable::Kind::Real;
        c.real = lit.real;
        return c;
      }
      if (lit.kind == WqlLiteral::Kind::String) {  // "4" for a number: WMI converts it
        const CimType wide = isReal(type) ? CimType::Real64
                                          : (lit.text.rfind('-', 0) == 0 ? CimType::SInt64 : CimType::UInt64);
        auto parsed = parseScalar(wide, lit.text);
        if (!parsed) return mismatch();
        return fromScalar(wide, *parsed);
      }
      return mismatch();
    case Family::Boolean:
      c.kind = Comparable::Kind::Boolean;
      if (lit.kind == WqlLiteral::Kind::Boolean) c.boolean = lit.boolean;
      else if (lit.kind == WqlLiteral::Kind::Integer) c.boolean = lit.magnitude != 0;  // WMI: TRUE is -1
      else if (lit.kind == WqlLiteral::Kind::String && parseScalar(CimType::Boolean, lit.text).ok()) {
        c.boolean = std::get<bool>(*parseScalar(CimType::Boolean, lit.text));
      } else {
        return mismatch();
      }
      return c;
    case Family::DateTime: {
      if (lit.kind != WqlLiteral::Kind::String) return mismatch();
      auto dt = DateTime::parseAny(lit.text);
      if (!dt) return bindError(position, dt.error().message);
      c.kind = Comparable::Kind::DateTime;
      c.datetime = *dt;
      return c;
    }
    case Family::Path: {
      if (lit.kind != WqlLiteral::Kind::String) return mismatch();
      auto path = ObjectPath::parse(lit.text);
      if (!path) return bindError(position, path.error().message);
      c.kind = Comparable::Kind::Path;
      c.text = path->canonicalKeys();
      return c;
    }
    case Family::String:
      if (lit.kind != WqlLiteral::Kind::String) return bindError(position, what + " is a string; quote the value");
      c.kind = Comparable::Kind::String;
      c.text = toLowerAscii(lit.text);
      return c;
    case Family::Object:
      return bindError(position, what + " is an embedded object; use ISA to test its class");
  }
  return mismatch();
}

Truth compare(WqlCompare op, const Comparable& a, const Comparable& b) {
  if (a.kind == Comparable::Kind::Null || b.kind == Comparable::Kind::Null) return Truth::Unknown;
  std::partial_ordering order = std::partial_ordering::unordered;
  bool equal = false;
  if ((a.kind == Comparable::Kind::Integer || a.kind == Comparable::Kind::Real) &&
      (b.kind == Comparable::Kind::Integer || b.kind == Comparable::Kind::Real)) {
    if (a.kind == Comparable::Kind::Integer && b.kind == Comparable::Kind::Integer) {
      order = a.integer <=> b.integer;
    } else {
      const double x = a.kind == Comparable::Kind::Integer ? static_cast<double>(a.integer) : a.real;
      const double y = b.kind == Comparable::Kind::Integer ? static_cast<double>(b.integer) : b.real;
      order = x <=> y;
    }
    equal = order == 0;
  } else if (a.kind == Comparable::Kind::DateTime) {
    if (a.datetime.hasWildcards() || b.datetime.hasWildcards()) {
      equal = a.datetime.matches(b.datetime) || b.datetime.matches(a.datetime);
      if (op != WqlCompare::Equal && op != WqlCompare::NotEqual) return Truth::Unknown;
    } else {
      order = a.datetime <=> b.datetime;
      if (order == std::partial_ordering::unordered) return Truth::Unknown;  // timestamp vs interval
      equal = order == 0;
    }
  } else if (a.kind == Comparable::Kind::Boolean) {
    order = a.boolean <=> b.boolean;
    equal = a.boolean == b.boolean;
  } else {
    order = a.text <=> b.text;
    equal = a.text == b.text;
  }
  bool result = false;
  switch (op) {
    case WqlCompare::Equal: result = equal; break;
    case WqlCompare::NotEqual: result = !equal; break;
    case WqlCompare::Less: result = order < 0; break;
    case WqlCompare::LessOrEqual: result = order <= 0; break;
    case WqlCompare::Greater: result = order > 0; break;
    case WqlCompare::GreaterOrEqual: result = order >= 0; break;
  }
  return result ? Truth::True : Truth::False;
}

// WMI's system properties ("WMI System Properties" in Microsoft's WMI documentation): every
// instance has them, WHERE and SELECT may name them. __DERIVATION is an array, which WQL does
// not query.
enum class SystemProperty {
  None, Class, Path, RelPath, Namespace, This, Server, Genus, Superclass, Dynasty, Derivation, PropertyCount
};

SystemProperty systemProperty(std::string_view name) {
  static constexpr std::pair<std::string_view, SystemProperty> kNames[] = {
      {"__CLASS", SystemProperty::Class},           {"__PATH", SystemProperty::Path},
      {"__RELPATH", SystemProperty::RelPath},       {"__NAMESPACE", SystemProperty::Namespace},
      {"__THIS", SystemProperty::This},             {"__SERVER", SystemProperty::Server},
      {"__GENUS", SystemProperty::Genus},           {"__SUPERCLASS", SystemProperty::Superclass},
      {"__DYNASTY", SystemProperty::Dynasty},       {"__DERIVATION", SystemProperty::Derivation},
      {"__PROPERTY_COUNT", SystemProperty::PropertyCount},
  };
  for (const auto& [text, property] : kNames) {
    if (iequals(name, text)) return property;
  }
  return SystemProperty::None;
}

bool isNumeric(SystemProperty p) { return p == SystemProperty::Genus || p == SystemProperty::PropertyCount; }

}  // namespace

// One bound operand: a property (by position in the query class), a system property or a
// typed literal.
struct BoundOperand {
  enum class Kind { Property, System, Literal };
  Kind kind = Kind::Literal;
  std::size_t index = 0;  // into the query class's properties; subclasses keep that position
  std::string name;
  CimType type = CimType::String;
  SystemProperty system = SystemProperty::None;
  Comparable literal;
};

struct BoundExpr {
  WqlExpr::Kind kind = WqlExpr::Kind::Compare;
  std::vector<std::unique_ptr<BoundExpr>> children;
  BoundOperand left;
  BoundOperand right;
  WqlCompare op = WqlCompare::Equal;
  std::string pattern;  // Like/NotLike: the pattern; Isa: the class
};

namespace {

struct Binder {
  const ClassRepository& repository;
  std::string nameSpace;
  const ClassDecl& cls;

  Result<BoundOperand> operand(const WqlOperand& o) {
    BoundOperand b;
    if (o.kind == WqlOperand::Kind::Literal) return b;  // typed later, against the other side
    b.system = systemProperty(o.property);
    if (b.system == SystemProperty::Derivation) {
      return bindError(o.position, "__DERIVATION is an array and cannot be used in a WHERE clause (WQL does not query arrays)");
    }
    if (b.system != SystemProperty::None) {
      b.kind = BoundOperand::Kind::System;
      b.name = o.property;
      b.type = b.system == SystemProperty::This ? CimType::Instance
               : isNumeric(b.system)            ? CimType::SInt32
                                                : CimType::String;
      return b;
    }
    auto index = cls.propertyIndex(o.property);
    if (!index) return bindError(o.position, "class " + cls.name + " has no property '" + o.property + "'");
    const PropertyDecl& p = cls.properties[*index];
    if (p.type.array) {
      return bindError(o.position, "array property " + p.name + " cannot be used in a WHERE clause (WQL does not query arrays)");
    }
    b.kind = BoundOperand::Kind::Property;
    b.index = *index;
    b.name = p.name;
    b.type = p.type.type;
    return b;
  }

  Result<std::unique_ptr<BoundExpr>> expr(const WqlExpr& e) {
    auto out = std::make_unique<BoundExpr>();
    out->kind = e.kind;
    out->op = e.op;
    for (const auto& child : e.children) {
      auto c = expr(*child);
      if (!c) return c.error();
      out->children.push_back(std::move(c).value());
    }
    if (e.kind == WqlExpr::Kind::And || e.kind == WqlExpr::Kind::Or || e.kind == WqlExpr::Kind::Not) {
      return out;
    }
    auto left = operand(e.left);
    if (!left) return left.error();
    out->left = std::move(left).value();
    switch (e.kind) {
      case WqlExpr::Kind::IsNull:
      case WqlExpr::Kind::IsNotNull:
        if (out->left.kind == BoundOperand::Kind::Literal) return bindError(e.position, "IS needs a property on its left");
        return out;
      case WqlExpr::Kind::Isa: {
        const bool object = out->left.system == SystemProperty::This ||
                            (out->left.kind == BoundOperand::Kind::Property &&
                             (cls.properties[out->left.index].type.type == CimType::Instance ||
                              cls.properties[out->left.index].embeddedInstanceClass()));
        if (!object) return bindError(e.position, "ISA needs __THIS or an embedded-object property on its left");
        if (!repository.findClass(nameSpace, e.right.literal.text)) {
          return makeError(CimStatus::InvalidClass, "WQL error at position " + std::to_string(e.right.position) +
                                                        ": no class '" + e.right.literal.text + "' for ISA");
        }
        out->pattern = e.right.literal.text;
        return out;
      }
      case WqlExpr::Kind::Like:
      case WqlExpr::Kind::NotLike:
        if (out->left.kind == BoundOperand::Kind::Literal || familyOf(out->left.type) != Family::String ||
            out->left.system == SystemProperty::This) {
          return bindError(e.position, "LIKE compares strings only");
        }
        out->pattern = e.right.literal.text;
        return out;
      default:
        break;
    }
    auto right = operand(e.right);
    if (!right) return right.error();
    out->right = std::move(right).value();
    BoundOperand& l = out->left;
    BoundOperand& r = out->right;
    if (l.system == SystemProperty::This || r.system == SystemProperty::This) {
      return bindError(e.position, "__THIS can only be used with ISA");
    }
    if (l.kind == BoundOperand::Kind::Literal && r.kind == BoundOperand::Kind::Literal) {
      return bindError(e.position, "a comparison needs a property on at least one side");
    }
    if (l.kind != BoundOperand::Kind::Literal && r.kind != BoundOperand::Kind::Literal) {
      if (familyOf(l.type) != familyOf(r.type)) {
        return bindError(e.position, "cannot compare " + l.name + " (" + familyName(familyOf(l.type)) + ") with " +
                                         r.name + " (" + familyName(familyOf(r.type)) + ")");
      }
      return out;
    }
    BoundOperand& property = l.kind == BoundOperand::Kind::Literal ? r : l;
    BoundOperand& literal = l.kind == BoundOperand::Kind::Literal ? l : r;
    const WqlOperand& source = l.kind == BoundOperand::Kind::Literal ? e.left : e.right;
    auto typed = literalFor(source.literal, familyOf(property.type), property.type, source.position, property.name);
    if (!typed) return typed.error();
    literal.literal = std::move(typed).value();
    return out;
  }
};

// The server answering the query (its view's, object_path.h), else the instance's own.
std::string serverOf(const Instance& instance, std::string_view nameSpace) {
  const std::string_view server = splitServer(nameSpace).server;
  return server.empty() ? instance.server() : std::string(server);
}

// WMI writes namespaces with '\' (__NAMESPACE = "root\virtualization\v2").
std::string backslashed(std::string text) {
  for (char& ch : text) {
    if (ch == '/') ch = '\\';
  }
  return text;
}

std::string relativePath(const Instance& instance, const ClassRepository& repository, std::string_view nameSpace) {
  ClassPtr cls = repository.findClass(nameSpace, instance.className());
  if (!cls) return instance.className();
  ObjectPath path = instance.path(*cls);
  path.setNameSpace({});
  return path.toString();
}

}  // namespace

BoundSelect::BoundSelect(BoundSelect&&) noexcept = default;
BoundSelect& BoundSelect::operator=(BoundSelect&&) noexcept = default;
BoundSelect::~BoundSelect() = default;

Result<BoundSelect> BoundSelect::bind(const WqlQuery& query, const ClassRepository& repository,
                                      std::string_view nameSpace) {
  if (!repository.hasNamespace(nameSpace)) {
    return makeError(CimStatus::InvalidNamespace, "namespace '" + std::string(nameSpace) + "' does not exist");
  }
  ClassPtr cls = repository.findClass(nameSpace, query.className);
  if (!cls) {
    return makeError(CimStatus::InvalidClass, "WQL error at position " + std::to_string(query.classPosition) +
                                                  ": no class '" + query.className + "' in namespace " +
                                                  repository.displayName(nameSpace));
  }
  BoundSelect bound;
  bound.repository_ = &repository;
  bound.namespace_ = std::string(nameSpace);
  bound.class_ = cls;
  for (std::size_t i = 0; i < query.properties.size(); ++i) {
    // A system property in the list selects nothing more: WinRM's items carry none of them.
    if (systemProperty(query.properties[i]) != SystemProperty::None) continue;
    const PropertyDecl* p = cls->property(query.properties[i]);
    if (!p) {
      return bindError(query.propertyPositions[i], "class " + cls->name + " has no property '" + query.properties[i] + "'");
    }
    bound.selected_.push_back(p->name);
  }
  if (query.where) {
    Binder binder{repository, std::string(nameSpace), *cls};
    auto where = binder.expr(*query.where);
    if (!where) return where.error();
    bound.where_ = std::move(where).value();

    // Key lookup: every key pinned by "Key = literal" in the top-level AND chain.
    std::vector<const WqlExpr*> conjuncts{query.where.get()};
    std::vector<KeyBinding> keys;
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      const WqlExpr* e = conjuncts[i];
      if (e->kind == WqlExpr::Kind::And) {
        for (const auto& child : e->children) conjuncts.push_back(child.get());
        continue;
      }
      if (e->kind != WqlExpr::Kind::Compare || e->op != WqlCompare::Equal) continue;
      const bool leftIsProperty = e->left.kind == WqlOperand::Kind::Property;
      const WqlOperand& prop = leftIsProperty ? e->left : e->right;
      const WqlOperand& lit = leftIsProperty ? e->right : e->left;
      if (prop.kind != WqlOperand::Kind::Property || lit.kind != WqlOperand::Kind::Literal) continue;
      const PropertyDecl* p = cls->property(prop.property);
      if (!p || !p->isKey()) continue;
      Value v;
      if (lit.literal.kind == WqlLiteral::Kind::String) v = Value::string(lit.literal.text);
      else if (lit.literal.kind == WqlLiteral::Kind::Integer && !lit.literal.negative) v = Value::unsignedInt(CimType::UInt64, lit.literal.magnitude);
      else continue;
      auto typed = coerceValue(v, p->type, p->name);
      if (typed) keys.push_back({p->name, std::move(typed).value()});
    }
    const auto keyDecls = cls->keyProperties();
    bool complete = !keyDecls.empty();
    for (const PropertyDecl* k : keyDecls) {
      bool found = false;
      for (const KeyBinding& b : keys) found = found || iequals(b.name, k->name);
      complete = complete && found;
    }
    if (complete) bound.keyPath_ = ObjectPath(std::string(nameSpace), cls->name, std::move(keys));
  }
  return bound;
}

namespace {

const Value* propertyAt(const Instance& instance, const BoundOperand& operand) {
  const auto& props = instance.properties();
  // Complete instances keep inherited properties at their ancestor's positions.
  if (operand.index < props.size() && iequals(props[operand.index].name, operand.name)) {
    return &props[operand.index].value;
  }
  return instance.get(operand.name);
}

Comparable operandValue(const BoundOperand& o, const Instance& instance, const ClassRepository& repository,
                        std::string_view nameSpace) {
  switch (o.kind) {
    case BoundOperand::Kind::Literal: return o.literal;
    case BoundOperand::Kind::Property: {
      const Value* v = propertyAt(instance, o);
      return v ? fromValue(*v) : Comparable{};
    }
    case BoundOperand::Kind::System: {
      Comparable c;
      if (isNumeric(o.system)) {
        c.kind = Comparable::Kind::Integer;
        c.integer = o.system == SystemProperty::Genus ? 2 : static_cast<__int128>(instance.propertyCount());  // 2: an instance
        return c;
      }
      c.kind = Comparable::Kind::String;
      switch (o.system) {
        case SystemProperty::Class: c.text = instance.className(); break;
        case SystemProperty::RelPath: c.text = relativePath(instance, repository, nameSpace); break;
        case SystemProperty::Path: {
          const std::string server = serverOf(instance, nameSpace);
          c.text = (server.empty() ? "" : "\\\\" + server + "\\") + backslashed(repository.displayName(nameSpace)) + ":" +
                   relativePath(instance, repository, nameSpace);
          break;
        }
        case SystemProperty::Namespace: c.text = backslashed(repository.displayName(nameSpace)); break;
        case SystemProperty::Server: c.text = serverOf(instance, nameSpace); break;
        case SystemProperty::Superclass:
        case SystemProperty::Dynasty: {
          ClassPtr cls = repository.findClass(nameSpace, instance.className());
          std::string top = cls ? cls->name : instance.className();
          std::string parent = cls ? cls->superclass : std::string();
          if (o.system == SystemProperty::Superclass) {
            if (parent.empty()) return {};  // NULL for a root class
            c.text = parent;
            break;
          }
          while (!parent.empty()) {
            top = parent;
            ClassPtr up = repository.findClass(nameSpace, parent);
            parent = up ? up->superclass : std::string();
          }
          c.text = top;
          break;
        }
        default: return {};
      }
      c.text = toLowerAscii(c.text);
      return c;
    }
  }
  return {};
}

Truth evaluate(const BoundExpr& e, const Instance& instance, const ClassRepository& repository,
               std::string_view nameSpace) {
  switch (e.kind) {
    case WqlExpr::Kind::And: {
      const Truth a = evaluate(*e.children[0], instance, repository, nameSpace);
      if (a == Truth::False) return a;
      const Truth b = evaluate(*e.children[1], instance, repository, nameSpace);
      if (b == Truth::False) return b;
      return (a == Truth::True && b == Truth::True) ? Truth::True : Truth::Unknown;
    }
    case WqlExpr::Kind::Or: {
      const Truth a = evaluate(*e.children[0], instance, repository, nameSpace);
      if (a == Truth::True) return a;
      const Truth b = evaluate(*e.children[1], instance, repository, nameSpace);
      if (b == Truth::True) return b;
      return (a == Truth::False && b == Truth::False) ? Truth::False : Truth::Unknown;
    }
    case WqlExpr::Kind::Not: return negate(evaluate(*e.children[0], instance, repository, nameSpace));
    case WqlExpr::Kind::IsNull:
    case WqlExpr::Kind::IsNotNull: {
      bool isNull = true;
      if (e.left.kind == BoundOperand::Kind::Property) {
        const Value* v = propertyAt(instance, e.left);
        isNull = !v || v->isNull();
      } else {
        isNull = operandValue(e.left, instance, repository, nameSpace).kind == Comparable::Kind::Null;
      }
      return (isNull == (e.kind == WqlExpr::Kind::IsNull)) ? Truth::True : Truth::False;
    }
    case WqlExpr::Kind::Isa: {
      if (e.left.system == SystemProperty::This) {
        return repository.isA(nameSpace, instance.className(), e.pattern) ? Truth::True : Truth::False;
      }
      const Value* v = propertyAt(instance, e.left);
      if (!v || v->isNull()) return Truth::Unknown;
      if (v->type() != CimType::Instance || !v->asInstance()) return Truth::Unknown;  // CIM-XML text: no class at hand
      return repository.isA(nameSpace, v->asInstance()->className(), e.pattern) ? Truth::True : Truth::False;
    }
    case WqlExpr::Kind::Like:
    case WqlExpr::Kind::NotLike: {
      std::string text;
      if (e.left.kind == BoundOperand::Kind::Property) {
        const Value* v = propertyAt(instance, e.left);
        if (!v || v->isNull()) return Truth::Unknown;
        text = scalarToText(v->type(), v->scalar());
      } else {
        text = operandValue(e.left, instance, repository, nameSpace).text;
      }
      const bool match = likeMatches(text, e.pattern);
      return (match == (e.kind == WqlExpr::Kind::Like)) ? Truth::True : Truth::False;
    }
    case WqlExpr::Kind::Compare:
      return compare(e.op, operandValue(e.left, instance, repository, nameSpace),
                     operandValue(e.right, instance, repository, nameSpace));
  }
  return Truth::Unknown;
}

}  // namespace

bool BoundSelect::matches(const Instance& instance) const {
  return !where_ || evaluate(*where_, instance, *repository_, namespace_) == Truth::True;
}

InstancePtr BoundSelect::project(const InstancePtr& instance) const {
  if (selected_.empty()) return instance;
  auto projected = std::make_shared<Instance>(instance->className(), instance->nameSpace());
  ClassPtr cls = repository_->findClass(namespace_, instance->className());
  for (const auto& p : instance->properties()) {
    bool keep = false;
    for (const std::string& name : selected_) keep = keep || iequals(name, p.name);
    if (!keep && cls) {
      const PropertyDecl* decl = cls->property(p.name);
      keep = decl && decl->isKey();
    }
    if (keep) projected->set(p.name, p.value);
  }
  return projected;
}

}  // namespace cimdouble::cimom
