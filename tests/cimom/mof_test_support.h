// Compiles MOF text held in memory, for the tests.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "cimom/mof/compiler.h"

namespace cimdouble::cimom::testing {

struct CompiledMof {
  ClassRepository repository;
  std::unique_ptr<InstanceStore> store = std::make_unique<InstanceStore>(repository);
  Diagnostics diagnostics;

  bool hasError(const std::string& position, const std::string& fragment) const {
    for (const Diagnostic& d : diagnostics) {
      const std::string text = d.toString();
      if (text.rfind(position, 0) == 0 && text.find(fragment) != std::string::npos) return true;
    }
    return false;
  }
  std::string all() const {
    std::string out;
    for (const Diagnostic& d : diagnostics) out += d.toString() + "\n";
    return out;
  }
};

// Compiles `files["main.mof"]` (which may include the others) into namespace root/test.
inline std::unique_ptr<CompiledMof> compileMof(std::map<std::string, std::string> files) {
  auto result = std::make_unique<CompiledMof>();
  EmbeddedMofSource source(std::move(files));
  MofCompileOptions options;
  options.defaultNamespace = "root/test";
  MofCompiler compiler(result->repository, *result->store, source, options);
  compiler.compileFile("main.mof");
  result->diagnostics = compiler.diagnostics();
  return result;
}

inline std::unique_ptr<CompiledMof> compileMof(const std::string& text) { return compileMof({{"main.mof", text}}); }

}  // namespace cimdouble::cimom::testing
