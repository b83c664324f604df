#include "app/built_in_schema.h"

#include <map>
#include <string>

#include "cimom/mof_compiler.h"

namespace cimdouble::embedded {
const std::map<std::string, std::string>& schemaFiles();
}

namespace cimdouble::app {

cimom::Diagnostics loadBuiltInSchema(cimom::ClassRepository& repository, cimom::InstanceStore& store) {
  cimom::EmbeddedMofSource source(embedded::schemaFiles());
  cimom::MofCompiler compiler(repository, store, source);
  compiler.compileFile(kBuiltInSchemaEntry);
  return compiler.diagnostics();
}

}  // namespace cimdouble::app
