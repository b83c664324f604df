// Tokens of DSP0221 MOF: identifiers (keywords are identifiers compared case-insensitively
// by the parser), integer literals (decimal, 0x hex, binary "101b", octal "017"), reals,
// strings with escapes, char literals, $aliases and punctuation. Comments are skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cimom/diagnostic.h"

namespace cimdouble::cimom {

enum class TokenKind { Identifier, Integer, Real, String, Char, Alias, Punct, End, Error };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;  // identifier/alias name, decoded string, punctuation, or the error message
  bool negative = false;
  uint64_t magnitude = 0;  // Integer
  double real = 0;         // Real
  char16_t character = 0;  // Char
  int line = 1;
  int column = 1;

  bool isPunct(char c) const { return kind == TokenKind::Punct && text.size() == 1 && text[0] == c; }
  std::string describe() const;  // for "expected X, found Y"
};

class MofLexer {
 public:
  explicit MofLexer(std::string_view source) : source_(source) {}
  Token next();

 private:
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < source_.size() ? source_[pos_ + ahead] : '\0'; }
  void advance();
  bool skipSpaceAndComments(Token& error);
  Token number(Token token);
  Token string(Token token);
  Token character(Token token);
  bool escape(std::string& out, Token& error);

  std::string_view source_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace cimdouble::cimom
