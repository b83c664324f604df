// libFuzzer target: the MOF compiler (lexer, parser, compiler) on arbitrary text, into an
// empty repository. Every input must end in diagnostics or a compiled repository.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/mof/compiler.h"
#include "cimom/mof/source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cimdouble::cimom::ClassRepository repository;
  cimdouble::cimom::InstanceStore store(repository);
  // An include of itself or of anything else finds only this one file.
  cimdouble::cimom::EmbeddedMofSource source({{"fuzz.mof", std::string(reinterpret_cast<const char*>(data), size)}});
  cimdouble::cimom::MofCompiler compiler(repository, store, source);
  compiler.compileFile("fuzz.mof");
  return 0;
}
