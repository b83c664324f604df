#include "cimom/mof/parser.h"

#include "cimom/case_insensitive.h"

namespace cimdouble::cimom {

MofParser::MofParser(std::string_view source, std::string fileName, Diagnostics& diagnostics)
    : lexer_(source), fileName_(std::move(fileName)), diagnostics_(diagnostics) {
  current_ = lexer_.next();
}

Token MofParser::take() {
  if (current_.isPunct('{')) ++braceDepth_;
  if (current_.isPunct('}') && braceDepth_ > 0) --braceDepth_;
  Token token = std::move(current_);
  current_ = lexer_.next();
  return token;
}

void MofParser::fail(const Token& at, const std::string& expected) {
  std::string message = at.kind == TokenKind::Error ? at.text : "expected " + expected + ", found " + at.describe();
  diagnostics_.push_back({position(at), std::move(message)});
  throw SyntaxError{};
}

bool MofParser::isKeyword(const Token& token, std::string_view keyword) const {
  return token.kind == TokenKind::Identifier && iequals(token.text, keyword);
}

void MofParser::expectPunct(char c, std::string_view context) {
  if (!peek().isPunct(c)) {
    // Appended, not "'" + std::string(...): GCC 12 at -O3 reports a false -Wrestrict there.
    std::string expected = "'";
    expected += c;
    expected += "' ";
    expected += context;
    fail(peek(), expected);
  }
  take();
}

std::string MofParser::expectIdentifier(std::string_view what) {
  if (peek().kind != TokenKind::Identifier) fail(peek(), std::string(what));
  return take().text;
}

void MofParser::recover() {
  // Skip to the end of the broken declaration: a ';' outside any braces, or the '}' that
  // closes its body (and the ';' after it). A declaration keyword in column 1 also ends the
  // skip, so a missing '}' or ';' costs one declaration, not the rest of the file.
  bool consumed = false;
  while (peek().kind != TokenKind::End) {
    const Token& t = peek();
    const bool startsDeclaration =
        t.column == 1 && (t.isPunct('#') || t.isPunct('[') || isKeyword(t, "class") || isKeyword(t, "instance") ||
                          isKeyword(t, "qualifier"));
    if (consumed && startsDeclaration) break;
    if (t.isPunct(';') && braceDepth_ == 0) {
      take();
      break;
    }
    if (t.isPunct('}') && braceDepth_ == 1) {
      take();
      if (peek().isPunct(';')) take();
      break;
    }
    take();
    consumed = true;
  }
  braceDepth_ = 0;
}

std::optional<MofDeclaration> MofParser::next() {
  while (peek().kind != TokenKind::End) {
    braceDepth_ = 0;
    try {
      if (peek().isPunct('#')) return pragma();
      if (isKeyword(peek(), "qualifier")) return qualifierDecl();
      std::vector<MofQualifier> qualifiers;
      if (peek().isPunct('[')) qualifiers = qualifierList();
      if (isKeyword(peek(), "class")) return classDecl(std::move(qualifiers));
      if (isKeyword(peek(), "instance")) return instanceDecl(std::move(qualifiers));
      fail(peek(), "a class, instance or qualifier declaration or a #pragma");
    } catch (const SyntaxError&) {
      recover();
    }
  }
  return std::nullopt;
}

MofPragma MofParser::pragma() {
  MofPragma p;
  p.position = position(take());  // '#'
  if (!isKeyword(peek(), "pragma")) fail(peek(), "'pragma' after '#'");
  take();
  p.name = expectIdentifier("a pragma name");
  expectPunct('(', "after the pragma name");
  if (peek().kind != TokenKind::String) fail(peek(), "a string argument to #pragma " + p.name);
  while (peek().kind == TokenKind::String) p.argument += take().text;
  expectPunct(')', "to close the pragma argument");
  return p;
}

std::vector<MofQualifier> MofParser::qualifierList() {
  std::vector<MofQualifier> out;
  expectPunct('[', "to open a qualifier list");
  out.push_back(qualifier());
  while (peek().isPunct(',')) {
    take();
    out.push_back(qualifier());
  }
  expectPunct(']', "to close the qualifier list");
  return out;
}

MofQualifier MofParser::qualifier() {
  MofQualifier q;
  q.position = position(peek());
  q.name = expectIdentifier("a qualifier name");
  if (peek().isPunct('(')) {
    take();
    q.value = literal();
    expectPunct(')', "after the qualifier value");
  } else if (peek().isPunct('{')) {
    q.value = literal();
  }
  if (peek().isPunct(':')) {
    take();
    if (peek().kind != TokenKind::Identifier) fail(peek(), "a flavor after ':'");
    while (peek().kind == TokenKind::Identifier) q.flavors.push_back(take().text);
  }
  return q;
}

std::optional<uint32_t> MofParser::arraySuffix(bool& isArray) {
  isArray = false;
  if (!peek().isPunct('[')) return std::nullopt;
  take();
  isArray = true;
  std::optional<uint32_t> size;
  if (peek().kind == TokenKind::Integer) {
    Token n = take();
    if (n.negative || n.magnitude > UINT32_MAX) fail(n, "an array size from 0 to 4294967295");
    size = static_cast<uint32_t>(n.magnitude);
  }
  expectPunct(']', "to close the array brackets");
  return size;
}

MofType MofParser::type() {
  MofType t;
  t.position = position(peek());
  t.name = expectIdentifier("a data type or class name");
  if (isKeyword(peek(), "ref")) {
    take();
    t.isReference = true;
  }
  return t;
}

MofClass MofParser::classDecl(std::vector<MofQualifier> qualifiers) {
  MofClass cls;
  cls.qualifiers = std::move(qualifiers);
  cls.position = position(take());  // 'class'
  cls.name = expectIdentifier("a class name");
  if (peek().isPunct(':')) {
    take();
    cls.superclassPosition = position(peek());
    cls.superclass = expectIdentifier("a superclass name after ':'");
  }
  expectPunct('{', "to open the class body");
  while (!peek().isPunct('}')) {
    if (peek().kind == TokenKind::End) fail(peek(), "'}' to close class " + cls.name);
    feature(cls);
  }
  take();
  expectPunct(';', "after the class body");
  return cls;
}

void MofParser::feature(MofClass& cls) {
  std::vector<MofQualifier> qualifiers;
  if (peek().isPunct('[')) qualifiers = qualifierList();
  MofType t = type();
  const Token nameToken = peek();
  std::string name = expectIdentifier("a property or method name");
  if (peek().isPunct('(')) {
    MofMethod m;
    m.qualifiers = std::move(qualifiers);
    m.returnType = std::move(t);
    m.name = std::move(name);
    m.position = position(nameToken);
    take();
    if (!peek().isPunct(')')) {
      m.parameters.push_back(parameter());
      while (peek().isPunct(',')) {
        take();
        m.parameters.push_back(parameter());
      }
    }
    expectPunct(')', "to close the parameter list of " + m.name);
    expectPunct(';', "after method " + m.name);
    cls.methods.push_back(std::move(m));
    return;
  }
  MofProperty p;
  p.qualifiers = std::move(qualifiers);
  p.type = std::move(t);
  p.name = std::move(name);
  p.position = position(nameToken);
  p.type.arraySize = arraySuffix(p.type.array);
  if (peek().isPunct('=')) {
    take();
    p.defaultValue = literal();
  }
  expectPunct(';', "after property " + p.name);
  cls.properties.push_back(std::move(p));
}

MofParameter MofParser::parameter() {
  MofParameter p;
  if (peek().isPunct('[')) p.qualifiers = qualifierList();
  p.type = type();
  p.position = position(peek());
  p.name = expectIdentifier("a parameter name");
  p.type.arraySize = arraySuffix(p.type.array);
  if (peek().isPunct('=')) {  // DSP0221 allows a default; it has no effect here
    take();
    (void)literal();
  }
  return p;
}

MofInstance MofParser::instanceDecl(std::vector<MofQualifier> qualifiers) {
  MofInstance inst;
  inst.qualifiers = std::move(qualifiers);
  inst.position = position(take());  // 'instance'
  if (!isKeyword(peek(), "of")) fail(peek(), "'of' after 'instance'");
  take();
  inst.className = expectIdentifier("a class name after 'instance of'");
  if (isKeyword(peek(), "as")) {
    take();
    if (peek().kind != TokenKind::Alias) fail(peek(), "an alias ($name) after 'as'");
    inst.alias = take().text;
  }
  expectPunct('{', "to open the instance body");
  while (!peek().isPunct('}')) {
    if (peek().kind == TokenKind::End) fail(peek(), "'}' to close the instance of " + inst.className);
    if (peek().isPunct('[')) (void)qualifierList();
    MofPropertyValue v;
    v.position = position(peek());
    v.name = expectIdentifier("a property name");
    expectPunct('=', "after property name " + v.name);
    v.value = literal();
    expectPunct(';', "after the value of " + v.name);
    inst.values.push_back(std::move(v));
  }
  take();
  expectPunct(';', "after the instance body");
  return inst;
}

std::vector<std::string> MofParser::nameList() {
  std::vector<std::string> out;
  expectPunct('(', "to open the list");
  out.push_back(expectIdentifier("a name"));
  while (peek().isPunct(',')) {
    take();
    out.push_back(expectIdentifier("a name"));
  }
  expectPunct(')', "to close the list");
  return out;
}

MofQualifierDecl MofParser::qualifierDecl() {
  MofQualifierDecl d;
  d.position = position(take());  // 'qualifier'
  d.name = expectIdentifier("a qualifier name");
  expectPunct(':', "before the qualifier type");
  d.type = type();
  d.type.arraySize = arraySuffix(d.type.array);
  if (peek().isPunct('=')) {
    take();
    d.defaultValue = literal();
  }
  while (peek().isPunct(',')) {
    take();
    if (isKeyword(peek(), "scope")) {
      take();
      d.scopes = nameList();
    } else if (isKeyword(peek(), "flavor")) {
      take();
      d.flavors = nameList();
    } else {
      fail(peek(), "'Scope' or 'Flavor'");
    }
  }
  expectPunct(';', "after the qualifier declaration");
  return d;
}

MofLiteral MofParser::literal() {
  MofLiteral lit;
  lit.position = position(peek());
  const Token& t = peek();
  if (t.isPunct('{')) {
    take();
    lit.kind = MofLiteral::Kind::Array;
    if (!peek().isPunct('}')) {
      lit.elements.push_back(literal());
      while (peek().isPunct(',')) {
        take();
        lit.elements.push_back(literal());
      }
    }
    expectPunct('}', "to close the array value");
    return lit;
  }
  switch (t.kind) {
    case TokenKind::String:
      lit.kind = MofLiteral::Kind::String;
      while (peek().kind == TokenKind::String) lit.text += take().text;  // "a" "b" is "ab"
      return lit;
    case TokenKind::Integer:
      lit.kind = MofLiteral::Kind::Integer;
      lit.negative = t.negative;
      lit.magnitude = t.magnitude;
      take();
      return lit;
    case TokenKind::Real:
      lit.kind = MofLiteral::Kind::Real;
      lit.real = t.real;
      take();
      return lit;
    case TokenKind::Char:
      lit.kind = MofLiteral::Kind::Char;
      lit.character = t.character;
      take();
      return lit;
    case TokenKind::Alias:
      lit.kind = MofLiteral::Kind::Alias;
      lit.text = take().text;
      return lit;
    case TokenKind::Identifier:
      if (iequals(t.text, "true") || iequals(t.text, "false")) {
        lit.kind = MofLiteral::Kind::Boolean;
        lit.boolean = iequals(t.text, "true");
        take();
        return lit;
      }
      if (iequals(t.text, "null")) {
        lit.kind = MofLiteral::Kind::Null;
        take();
        return lit;
      }
      break;
    default:
      break;
  }
  fail(t, "a value (string, number, boolean, null, alias or {array})");
}

}  // namespace cimdouble::cimom
