#include "app/schema_show_command.h"

#include <iostream>

#include "cimom/mof/built_in_schema.h"
#include "cimom/case_insensitive.h"

namespace cimdouble::app {
namespace {

using cimom::CimType;
using cimom::QualifierList;

std::string qualifierText(const cimom::Qualifier& q) {
  if (q.value.type() == CimType::Boolean && !q.value.isArray() && !q.value.isNull() && q.value.asBool()) return q.name;
  if (q.value.type() == CimType::String && !q.value.isArray() && !q.value.isNull()) {
    return q.name + "(\"" + q.value.asString() + "\")";
  }
  if (q.value.isArray()) return q.name + q.value.toText();
  return q.name + "(" + q.value.toText() + ")";
}

// Qualifiers other than the ones printed on lines of their own.
std::string qualifierLine(const QualifierList& qualifiers) {
  std::string out;
  for (const cimom::Qualifier& q : qualifiers) {
    if (cimom::iequals(q.name, "Description") || cimom::iequals(q.name, "ValueMap") ||
        cimom::iequals(q.name, "Values")) {
      continue;
    }
    out += (out.empty() ? "[" : ", ") + qualifierText(q);
  }
  return out.empty() ? out : out + "]";
}

void printValueMap(std::ostream& out, const QualifierList& qualifiers, const char* indent) {
  const auto valueMap = cimom::stringArrayQualifier(qualifiers, "ValueMap");
  const auto values = cimom::stringArrayQualifier(qualifiers, "Values");
  if (valueMap.empty() && values.empty()) return;
  out << indent << "values:";
  const std::size_t n = std::max(valueMap.size(), values.size());
  for (std::size_t i = 0; i < n; ++i) {
    out << (i ? ", " : " ");
    if (i < valueMap.size()) out << valueMap[i];
    if (i < values.size()) out << (i < valueMap.size() ? " " : "") << "(" << values[i] << ")";
  }
  out << "\n";
}

}  // namespace

void printClass(std::ostream& out, const cimom::ClassDecl& cls) {
  out << "class " << cls.name;
  if (!cls.superclass.empty()) out << " : " << cls.superclass;
  out << "\n";
  if (!cls.superclassChain.empty()) {
    out << "  superclasses:";
    for (std::size_t i = 0; i < cls.superclassChain.size(); ++i) out << (i ? " -> " : " ") << cls.superclassChain[i];
    out << "\n";
  }
  const std::string classQualifiers = qualifierLine(cls.qualifiers);
  if (!classQualifiers.empty()) out << "  qualifiers: " << classQualifiers << "\n";
  if (auto description = cimom::stringQualifier(cls.qualifiers, "Description")) {
    out << "  description: " << *description << "\n";
  }
  out << "  properties (" << cls.properties.size() << "):\n";
  for (const cimom::PropertyDecl& p : cls.properties) {
    out << "    " << p.type.toString() << " " << p.name;
    if (!p.defaultValue.isNull()) {
      const bool quoted = p.defaultValue.type() == CimType::String || p.defaultValue.type() == CimType::DateTime;
      out << " = ";
      if (quoted && !p.defaultValue.isArray()) out << '"' << p.defaultValue.toText() << '"';
      else out << p.defaultValue.toText();
    }
    out << "  (from " << p.classOrigin << ")\n";
    const std::string q = qualifierLine(p.qualifiers);
    if (!q.empty()) out << "      qualifiers: " << q << "\n";
    printValueMap(out, p.qualifiers, "      ");
  }
  out << "  methods (" << cls.methods.size() << "):\n";
  for (const cimom::MethodDecl& m : cls.methods) {
    out << "    " << cimom::cimTypeName(m.returnType) << " " << m.name << "(";
    for (std::size_t i = 0; i < m.parameters.size(); ++i) {
      const cimom::ParameterDecl& param = m.parameters[i];
      out << (i ? ", " : "");
      const std::string q = qualifierLine(param.qualifiers);
      if (!q.empty()) out << q << " ";
      out << param.type.toString() << " " << param.name;
    }
    out << ")  (from " << m.classOrigin << ")\n";
    const std::string q = qualifierLine(m.qualifiers);
    if (!q.empty()) out << "      qualifiers: " << q << "\n";
    printValueMap(out, m.qualifiers, "      return ");
    for (const cimom::ParameterDecl& param : m.parameters) {
      const auto valueMap = cimom::stringArrayQualifier(param.qualifiers, "ValueMap");
      if (valueMap.empty()) continue;
      out << "      " << param.name << " ";
      printValueMap(out, param.qualifiers, "");
    }
  }
}

int runSchemaShow(const std::string& nameSpace, const std::string& className) {
  cimom::ClassRepository repository;
  cimom::InstanceStore store(repository);
  const cimom::Diagnostics problems = loadBuiltInSchema(repository, store);
  for (const cimom::Diagnostic& d : problems) std::cerr << d.toString() << "\n";
  if (!problems.empty()) return 2;
  if (!repository.hasNamespace(nameSpace)) {
    std::cerr << "cimdouble: no namespace '" << nameSpace << "'; there are:";
    for (const std::string& ns : repository.namespaces()) std::cerr << " " << ns;
    std::cerr << "\n";
    return 1;
  }
  cimom::ClassPtr cls = repository.findClass(nameSpace, className);
  if (!cls) {
    std::cerr << "cimdouble: no class '" << className << "' in namespace " << repository.displayName(nameSpace) << "\n";
    return 1;
  }
  printClass(std::cout, *cls);
  return 0;
}

}  // namespace cimdouble::app
