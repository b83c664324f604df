// The MOF compiler: parses MOF (mof_parser.h), types every literal against the schema,
// adds qualifier declarations and classes to a ClassRepository and instances to an
// InstanceStore. It reports every problem as a Diagnostic and keeps going; a declaration
// with an error is left out, the rest still compiles.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/diagnostic.h"
#include "cimom/instance_store.h"
#include "cimom/mof/ast.h"
#include "cimom/mof/source.h"

namespace cimdouble::cimom {

struct MofCompileOptions {
  // Where declarations go before any "#pragma namespace".
  std::string defaultNamespace = "root/cimv2";
  int maxIncludeDepth = 32;
  // Refuse class and qualifier declarations: a fixture loaded into a running server adds
  // instances only, because the class repository is shared by everything serving.
  bool instancesOnly = false;
};

class MofCompiler {
 public:
  MofCompiler(ClassRepository& repository, InstanceStore& store, const MofSource& source,
              MofCompileOptions options = {});

  // Compiles one file (and what it includes). Problems accumulate in diagnostics().
  void compileFile(const std::string& path);

  const Diagnostics& diagnostics() const { return diagnostics_; }
  bool ok() const { return diagnostics_.empty(); }

 private:
  void compileText(const std::string& text, const std::string& path, int depth);
  void pragma(const MofPragma& p, const std::string& path, int depth);
  void qualifierDecl(const MofQualifierDecl& d);
  void classDecl(const MofClass& c);
  void instanceDecl(const MofInstance& i);

  bool typeOf(const MofType& t, TypeSpec& out);
  bool qualifiers(const std::vector<MofQualifier>& given, unsigned scope, std::string_view where, QualifierList& out);
  Result<Value> typedValue(const MofLiteral& literal, const TypeSpec& type, bool lenientArrays);
  Result<Scalar> typedScalar(const MofLiteral& literal, const TypeSpec& type);
  // Aliases are scoped to a namespace, so one instance file can be staged in several.
  std::string aliasKey(const std::string& alias) const;
  void error(const SourcePosition& at, std::string message) { diagnostics_.push_back({at, std::move(message)}); }

  ClassRepository& repository_;
  InstanceStore& store_;
  const MofSource& source_;
  MofCompileOptions options_;
  std::string namespace_;
  std::vector<std::string> includeStack_;
  std::map<std::string, ObjectPath> aliases_;  // by aliasKey()
  Diagnostics diagnostics_;
};

}  // namespace cimdouble::cimom
