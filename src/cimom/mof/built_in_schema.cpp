#include "cimom/mof/built_in_schema.h"

#include <map>
#include <string>

#include "cimom/mof/compiler.h"

namespace cimdouble::embedded {
const std::map<std::string, std::string>& schemaFiles();
}

namespace cimdouble::cimom {

cimom::Diagnostics compileEmbedded(const std::map<std::string, std::string>& files, const std::string& entry,
                                   cimom::ClassRepository& repository, cimom::InstanceStore& store) {
  cimom::EmbeddedMofSource source(files);
  cimom::MofCompiler compiler(repository, store, source);
  compiler.compileFile(entry);
  return compiler.diagnostics();
}

cimom::Diagnostics loadBuiltInSchema(cimom::ClassRepository& repository, cimom::InstanceStore& store) {
  return compileEmbedded(embedded::schemaFiles(), kBuiltInSchemaEntry, repository, store);
}

}  // namespace cimdouble::cimom
