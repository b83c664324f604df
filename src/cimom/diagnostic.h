// A problem found in an input file, with where it is: what `mof check` and the fixture
// loader print as "file:line:col: message".
#pragma once

#include <string>
#include <vector>

namespace cimdouble::cimom {

struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  SourcePosition position;
  std::string message;

  std::string toString() const {
    return position.file + ":" + std::to_string(position.line) + ":" + std::to_string(position.column) + ": " +
           message;
  }
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace cimdouble::cimom
