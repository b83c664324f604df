#include "cimom/class_decl.h"

namespace cimdouble::cimom {

const Qualifier* findQualifier(const QualifierList& list, std::string_view name) {
  for (const Qualifier& q : list) {
    if (iequals(q.name, name)) return &q;
  }
  return nullptr;
}

bool hasBoolQualifier(const QualifierList& list, std::string_view name) {
  const Qualifier* q = findQualifier(list, name);
  if (!q) return false;
  if (q->value.isNull() || q->value.isArray() || q->value.type() != CimType::Boolean) return true;
  return q->value.asBool();
}

std::optional<std::string> stringQualifier(const QualifierList& list, std::string_view name) {
  const Qualifier* q = findQualifier(list, name);
  if (!q || q->value.isNull() || q->value.isArray() || q->value.type() != CimType::String) return std::nullopt;
  return q->value.asString();
}

std::vector<std::string> stringArrayQualifier(const QualifierList& list, std::string_view name) {
  std::vector<std::string> out;
  const Qualifier* q = findQualifier(list, name);
  if (!q || q->value.isNull() || q->value.type() != CimType::String) return out;
  if (!q->value.isArray()) {
    out.push_back(q->value.asString());
    return out;
  }
  for (const Scalar& s : q->value.elements()) out.push_back(std::get<std::string>(s));
  return out;
}

std::string TypeSpec::toString() const {
  std::string out = type == CimType::Reference ? referenceClass + " REF" : std::string(cimTypeName(type));
  if (array) {
    // Appended piece by piece: at -O3 GCC 12 reports a false -Wrestrict (an overlapping
    // memcpy of 2^63 bytes) in the prepend of "[" + std::to_string(n) (GCC bug 105329).
    out += '[';
    if (arraySize) out += std::to_string(*arraySize);
    out += ']';
  }
  return out;
}

bool ParameterDecl::isIn() const {
  const Qualifier* in = findQualifier(qualifiers, "In");
  if (in) return hasBoolQualifier(qualifiers, "In");
  return !isOut();
}

const ParameterDecl* MethodDecl::parameter(std::string_view parameterName) const {
  for (const ParameterDecl& p : parameters) {
    if (iequals(p.name, parameterName)) return &p;
  }
  return nullptr;
}

const PropertyDecl* ClassDecl::property(std::string_view propertyName) const {
  auto index = propertyIndex(propertyName);
  return index ? &properties[*index] : nullptr;
}

std::optional<std::size_t> ClassDecl::propertyIndex(std::string_view propertyName) const {
  if (propertyIndex_.size() != properties.size()) {
    // Not indexed (a declaration still being built): fall back to a scan.
    for (std::size_t i = 0; i < properties.size(); ++i) {
      if (iequals(properties[i].name, propertyName)) return i;
    }
    return std::nullopt;
  }
  auto it = propertyIndex_.find(propertyName);
  if (it == propertyIndex_.end()) return std::nullopt;
  return it->second;
}

const MethodDecl* ClassDecl::method(std::string_view methodName) const {
  for (const MethodDecl& m : methods) {
    if (iequals(m.name, methodName)) return &m;
  }
  return nullptr;
}

std::vector<const PropertyDecl*> ClassDecl::keyProperties() const {
  std::vector<const PropertyDecl*> keys;
  for (const PropertyDecl& p : properties) {
    if (p.isKey()) keys.push_back(&p);
  }
  return keys;
}

namespace {

std::shared_ptr<const std::vector<std::string>> namesOf(const std::vector<PropertyDecl>& properties) {
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(properties.size());
  for (const PropertyDecl& p : properties) names->push_back(p.name);
  return names;
}

}  // namespace

std::shared_ptr<const std::vector<std::string>> ClassDecl::propertyNames() const {
  if (propertyNames_ && propertyNames_->size() == properties.size()) return propertyNames_;
  return namesOf(properties);  // not indexed: a declaration still being built
}

void ClassDecl::reindex() {
  propertyIndex_.clear();
  for (std::size_t i = 0; i < properties.size(); ++i) propertyIndex_.emplace(properties[i].name, i);
  propertyNames_ = namesOf(properties);
}

}  // namespace cimdouble::cimom
