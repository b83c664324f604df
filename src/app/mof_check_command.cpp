#include "app/mof_check_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cimom/mof/built_in_schema.h"
#include "cimom/mof/compiler.h"

namespace cimdouble::app {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> expand(const std::string& path, bool& ok) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".mof") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      std::cerr << path << ": no .mof files in this folder\n";
      ok = false;
    }
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    std::cerr << path << ":0:0: cannot read file\n";
    ok = false;
  }
  return files;
}

}  // namespace

int runMofCheck(const MofCheckOptions& options) {
  bool ok = true;
  std::size_t errors = 0;
  for (const std::string& path : options.paths) {
    for (const std::string& file : expand(path, ok)) {
      cimom::ClassRepository repository;
      cimom::InstanceStore store(repository);
      cimom::MofCompileOptions compileOptions;
      std::size_t schemaClasses = 0;
      std::size_t schemaInstances = 0;
      if (!options.standalone) {
        if (cimom::Diagnostics broken = cimom::loadBuiltInSchema(repository, store); !broken.empty()) {
          for (const cimom::Diagnostic& d : broken) std::cerr << d.toString() << "\n";
          return 1;
        }
        for (const std::string& ns : repository.namespaces()) schemaClasses += repository.classes(ns).size();
        schemaInstances = store.size();
        compileOptions.defaultNamespace = options.nameSpace;
      }
      cimom::FileMofSource source;
      cimom::MofCompiler compiler(repository, store, source, compileOptions);
      compiler.compileFile(file);
      for (const cimom::Diagnostic& d : compiler.diagnostics()) std::cerr << d.toString() << "\n";
      errors += compiler.diagnostics().size();
      if (compiler.ok()) {
        std::size_t classes = 0;
        for (const std::string& ns : repository.namespaces()) classes += repository.classes(ns).size();
        // What the file itself declares, beyond the built-in schema it was checked on.
        std::cout << file << ": ok (" << repository.namespaces().size() << " namespaces, " << classes - schemaClasses
                  << " classes, " << store.size() - schemaInstances << " instances"
                  << (options.standalone ? "" : ", on the built-in schema") << ")\n";
      }
    }
  }
  if (errors) std::cerr << errors << (errors == 1 ? " error\n" : " errors\n");
  return ok && errors == 0 ? 0 : 1;
}

}  // namespace cimdouble::app
