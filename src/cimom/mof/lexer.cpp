#include "cimom/mof/lexer.h"

#include <cctype>
#include <charconv>
#include <cstdlib>

#include "cimom/utf8.h"

namespace cimdouble::cimom {
namespace {

bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

Token makeError(Token token, std::string message) {
  token.kind = TokenKind::Error;
  token.text = std::move(message);
  return token;
}

}  // namespace

std::string Token::describe() const {
  switch (kind) {
    case TokenKind::End: return "end of file";
    case TokenKind::Identifier: return "'" + text + "'";
    case TokenKind::Integer: return "integer " + std::string(negative ? "-" : "") + std::to_string(magnitude);
    case TokenKind::Real: return "real number";
    case TokenKind::String: return "string \"" + text + "\"";
    case TokenKind::Char: return "char literal";
    case TokenKind::Alias: return "alias $" + text;
    case TokenKind::Punct: return "'" + text + "'";
    case TokenKind::Error: return text;
  }
  return "?";
}

void MofLexer::advance() {
  if (pos_ >= source_.size()) return;
  if (source_[pos_] == '\n') {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  ++pos_;
}

bool MofLexer::skipSpaceAndComments(Token& error) {
  while (pos_ < source_.size()) {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      advance();
    } else if (c == '/' && peek(1) == '/') {
      while (pos_ < source_.size() && peek() != '\n') advance();
    } else if (c == '/' && peek(1) == '*') {
      error.line = line_;
      error.column = column_;
      advance();
      advance();
      while (pos_ < source_.size() && !(peek() == '*' && peek(1) == '/')) advance();
      if (pos_ >= source_.size()) {
        error = makeError(error, "unterminated comment");
        return false;
      }
      advance();
      advance();
    } else if (static_cast<unsigned char>(c) == 0xEF && static_cast<unsigned char>(peek(1)) == 0xBB &&
               static_cast<unsigned char>(peek(2)) == 0xBF && pos_ == 0) {
      pos_ += 3;  // UTF-8 byte order mark
    } else {
      break;
    }
  }
  return true;
}

Token MofLexer::next() {
  Token token;
  if (!skipSpaceAndComments(token)) return token;
  token.line = line_;
  token.column = column_;
  if (pos_ >= source_.size()) {
    token.kind = TokenKind::End;
    return token;
  }
  const char c = peek();
  if (isIdentStart(c)) {
    token.kind = TokenKind::Identifier;
    while (isIdentChar(peek())) {
      token.text += peek();
      advance();
    }
    return token;
  }
  if (c == '$') {
    advance();
    if (!isIdentStart(peek())) return makeError(token, "expected an alias name after '$'");
    token.kind = TokenKind::Alias;
    while (isIdentChar(peek())) {
      token.text += peek();
      advance();
    }
    return token;
  }
  if (isDigit(c) || ((c == '-' || c == '+') && (isDigit(peek(1)) || (peek(1) == '.' && isDigit(peek(2))))) ||
      (c == '.' && isDigit(peek(1)))) {
    return number(token);
  }
  if (c == '"') return string(token);
  if (c == '\'') return character(token);
  if (std::string_view("{}[]();,:=#").find(c) != std::string_view::npos) {
    token.kind = TokenKind::Punct;
    token.text = std::string(1, c);
    advance();
    return token;
  }
  // The whole character, not its first byte: messages stay valid UTF-8.
  const std::string shown = characterAt(source_, pos_);
  const std::size_t bytes = shown.rfind("\\x", 0) == 0 ? 1 : shown.size();
  for (std::size_t i = 0; i < bytes; ++i) advance();
  return makeError(token, "unexpected character '" + shown + "'");
}

Token MofLexer::number(Token token) {
  std::string lexeme;
  while (isIdentChar(peek()) || peek() == '.' || peek() == '-' || peek() == '+') {
    // A sign is only part of the number at its start or right after an exponent marker.
    if ((peek() == '-' || peek() == '+') && !lexeme.empty() && lexeme.back() != 'e' && lexeme.back() != 'E') break;
    if ((peek() == '-' || peek() == '+') && !lexeme.empty() &&
        (lexeme.size() > 1 && (lexeme[0] == '0' && (lexeme[1] == 'x' || lexeme[1] == 'X')))) {
      break;
    }
    lexeme += peek();
    advance();
  }
  std::string_view body = lexeme;
  token.negative = !body.empty() && body[0] == '-';
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);

  const bool isHex = body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  if (!isHex && (body.find('.') != std::string_view::npos || body.find_first_of("eE") != std::string_view::npos)) {
    token.kind = TokenKind::Real;
    char* end = nullptr;
    const std::string text(lexeme);
    token.real = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return makeError(token, "malformed real number '" + lexeme + "'");
    return token;
  }
  token.kind = TokenKind::Integer;
  int base = 10;
  std::string_view digits = body;
  if (isHex) {
    base = 16;
    digits.remove_prefix(2);
  } else if (!digits.empty() && (digits.back() == 'b' || digits.back() == 'B')) {
    base = 2;
    digits.remove_suffix(1);
  } else if (digits.size() > 1 && digits[0] == '0') {
    base = 8;
    digits.remove_prefix(1);
  }
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), token.magnitude, base);
  if (ec == std::errc::result_out_of_range) return makeError(token, "integer '" + lexeme + "' is out of range");
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) {
    return makeError(token, "malformed integer '" + lexeme + "'");
  }
  return token;
}

bool MofLexer::escape(std::string& out, Token& error) {
  advance();  // the backslash
  const char e = peek();
  switch (e) {
    case 'b': out += '\b'; break;
    case 't': out += '\t'; break;
    case 'n': out += '\n'; break;
    case 'f': out += '\f'; break;
    case 'r': out += '\r'; break;
    case '"': out += '"'; break;
    case '\'': out += '\''; break;
    case '\\': out += '\\'; break;
    case 'x':
    case 'X': {
      advance();
      std::string hex;
      while (hex.size() < 4 && std::isxdigit(static_cast<unsigned char>(peek()))) {
        hex += peek();
        advance();
      }
      if (hex.empty()) {
        error = makeError(error, "expected hex digits after \\x");
        return false;
      }
      out += encodeUtf8(std::u16string(1, static_cast<char16_t>(std::strtoul(hex.c_str(), nullptr, 16))));
      return true;
    }
    default:
      error = makeError(error, std::string("unknown escape sequence '\\") + e + "'");
      return false;
  }
  advance();
  return true;
}

Token MofLexer::string(Token token) {
  token.kind = TokenKind::String;
  advance();  // opening quote
  while (true) {
    const char c = peek();
    if (pos_ >= source_.size() || c == '\n') return makeError(token, "unterminated string");
    if (c == '"') break;
    if (c == '\\') {
      Token error = token;
      error.line = line_;
      error.column = column_;
      if (!escape(token.text, error)) return error;
      continue;
    }
    token.text += c;
    advance();
  }
  advance();  // closing quote
  if (!decodeUtf8(token.text)) return makeError(token, "string is not valid UTF-8");
  return token;
}

Token MofLexer::character(Token token) {
  token.kind = TokenKind::Char;
  advance();
  std::string text;
  if (peek() == '\\') {
    Token error = token;
    if (!escape(text, error)) return error;
  } else {
    while (pos_ < source_.size() && peek() != '\'' && peek() != '\n') {
      text += peek();
      advance();
    }
  }
  if (peek() != '\'') return makeError(token, "unterminated char literal");
  advance();
  auto units = decodeUtf8(text);
  if (!units || units->size() != 1) return makeError(token, "a char16 literal holds exactly one character");
  token.character = units->front();
  return token;
}

}  // namespace cimdouble::cimom
