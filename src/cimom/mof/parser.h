// DSP0221 MOF parser: turns source text into declarations, one at a time, in file order
// (the compiler must see "#pragma namespace" and "#pragma include" where they stand).
//
// A syntax error is reported as a Diagnostic with file:line:col and what was expected; the
// parser then skips to the end of that declaration and carries on, so one pass reports every
// error. It never throws to its caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cimom/diagnostic.h"
#include "cimom/mof/ast.h"
#include "cimom/mof/lexer.h"

namespace cimdouble::cimom {

using MofDeclaration = std::variant<MofPragma, MofQualifierDecl, MofClass, MofInstance>;

class MofParser {
 public:
  MofParser(std::string_view source, std::string fileName, Diagnostics& diagnostics);

  // The next declaration, or nullopt at the end of the source.
  std::optional<MofDeclaration> next();

 private:
  struct SyntaxError {};  // unwinds to next(), which resynchronises; never leaves the parser

  const Token& peek() const { return current_; }
  Token take();
  SourcePosition position(const Token& token) const { return {fileName_, token.line, token.column}; }
  [[noreturn]] void fail(const Token& at, const std::string& expected);
  bool isKeyword(const Token& token, std::string_view keyword) const;
  void expectPunct(char c, std::string_view context);
  std::string expectIdentifier(std::string_view what);
  void recover();

  MofPragma pragma();
  std::vector<MofQualifier> qualifierList();
  MofQualifier qualifier();
  MofClass classDecl(std::vector<MofQualifier> qualifiers);
  void feature(MofClass& cls);
  MofType type();
  MofParameter parameter();
  MofInstance instanceDecl(std::vector<MofQualifier> qualifiers);
  MofQualifierDecl qualifierDecl();
  std::vector<std::string> nameList();
  MofLiteral literal();
  std::optional<uint32_t> arraySuffix(bool& isArray);

  MofLexer lexer_;
  std::string fileName_;
  Diagnostics& diagnostics_;
  Token current_;
  int braceDepth_ = 0;  // '{' minus '}' consumed since the current declaration began
};

}  // namespace cimdouble::cimom
