// A problem found in an input file, with where it is: what `mof check` and the fixture
// loader print as "file:line:col: message".
#pragma once

#include <string>
#include <utility>
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

  // A constructor, not an aggregate: at -O3 GCC 12 reports a false -Wmaybe-uninitialized on
  // the temporary that push_back({{file, 0, 0}, "message"}) builds for an aggregate.
  Diagnostic() = default;
  Diagnostic(SourcePosition where, std::string text) : position(std::move(where)), message(std::move(text)) {}

  std::string toString() const {
    return position.file + ":" + std::to_string(position.line) + ":" + std::to_string(position.column) + ": " +
           message;
  }
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace cimdouble::cimom
