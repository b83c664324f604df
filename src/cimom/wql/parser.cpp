#include "cimom/wql/parser.h"

#include <cctype>
#include <charconv>
#include <cstdlib>

#include "cimom/case_insensitive.h"
#include "cimom/utf8.h"

namespace cimdouble::cimom {
namespace {

// Deep enough for any real query, shallow enough that a hostile one cannot exhaust the stack.
constexpr int kMaxNesting = 64;
// ANDs and ORs in one query. They chain without nesting, but each makes the tree one level
// deeper, and binding, evaluating and freeing it recurse: 14,600 ORs in a 200 KB filter
// overflowed a connection thread's stack.
constexpr int kMaxConditions = 2048;

struct Token {
  enum class Kind { Identifier, String, Integer, Real, Symbol, End };
  Kind kind = Kind::End;
  std::string text;  // identifier, decoded string, or symbol
  bool negative = false;
  uint64_t magnitude = 0;
  double real = 0;
  std::size_t position = 0;  // 1-based

  std::string describe() const {
    switch (kind) {
      case Kind::End: return "end of query";
      case Kind::String: return "string '" + text + "'";
      case Kind::Integer:
      case Kind::Real: return "number " + text;
      default: return "'" + text + "'";
    }
  }
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) { advance(); }

  Result<WqlQuery> parse() {
    WqlQuery query;
    if (!error_ && keyword("SELECT")) {
      take();
      parseSelect(query);
    } else if (!error_ && (keyword("ASSOCIATORS") || keyword("REFERENCES"))) {
      query.kind = keyword("ASSOCIATORS") ? WqlQuery::Kind::Associators : WqlQuery::Kind::References;
      take();
      parseAssociation(query);
    } else {
      fail("expected SELECT, ASSOCIATORS OF or REFERENCES OF");
    }
    if (!error_ && current_.kind != Token::Kind::End) fail("expected end of query");
    if (error_) return *error_;
    return query;
  }

 private:
  // ---- lexer ----
  void advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    Token t;
    t.position = pos_ + 1;
    if (pos_ >= text_.size()) {
      current_ = t;
      return;
    }
    const char c = text_[pos_];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      t.kind = Token::Kind::Identifier;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        t.text += text_[pos_++];
      }
    } else if (c == '"' || c == '\'') {
      t.kind = Token::Kind::String;
      ++pos_;
      bool closed = false;
      while (pos_ < text_.size()) {
        char d = text_[pos_++];
        if (d == c) {
          closed = true;
          break;
        }
        if (d == '\\' && pos_ < text_.size()) d = text_[pos_++];  // \" \' \\ (WMI WHERE clause)
        t.text += d;
      }
      if (!closed) {
        current_ = t;
        failAt(t.position, "unterminated string");
        return;
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               ((c == '-' || c == '+' || c == '.') && pos_ + 1 < text_.size() &&
                std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      number(t);
      if (error_) return;
    } else {
      t.kind = Token::Kind::Symbol;
      const std::string_view two = text_.substr(pos_, 2);
      if (two == "<>" || two == "!=" || two == "<=" || two == ">=") {
        t.text = std::string(two);
        pos_ += 2;
      } else if (std::string_view("*,()=<>{}").find(c) != std::string_view::npos) {
        t.text = std::string(1, c);
        ++pos_;
      } else {
        current_ = t;
        failAt(t.position, "unexpected character '" + characterAt(text_, pos_) + "'");
        return;
      }
    }
    current_ = t;
  }

  void number(Token& t) {
    const std::size_t start = pos_;
    if (text_[pos_] == '-' || text_[pos_] == '+') ++pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
                                   ((text_[pos_] == '-' || text_[pos_] == '+') &&
                                    (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')))) {
      ++pos_;
    }
    t.text = std::string(text_.substr(start, pos_ - start));
    std::string_view body = t.text;
    t.negative = body[0] == '-';
    if (body[0] == '-' || body[0] == '+') body.remove_prefix(1);
    const bool hex = body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
    if (!hex && body.find_first_of(".eE") != std::string_view::npos) {
      t.kind = Token::Kind::Real;
      char* end = nullptr;
      t.real = std::strtod(t.text.c_str(), &end);
      if (end != t.text.c_str() + t.text.size()) failAt(t.position, "malformed number '" + t.text + "'");
      return;
    }
    t.kind = Token::Kind::Integer;
    if (hex) body.remove_prefix(2);
    auto [p, ec] = std::from_chars(body.data(), body.data() + body.size(), t.magnitude, hex ? 16 : 10);
    if (ec == std::errc::result_out_of_range) {
      failAt(t.position, "number '" + t.text + "' is out of range");
    } else if (body.empty() || ec != std::errc() || p != body.data() + body.size()) {
      failAt(t.position, "malformed number '" + t.text + "'");
    }
  }

  // ---- helpers ----
  bool keyword(std::string_view word) const {
    return current_.kind == Token::Kind::Identifier && iequals(current_.text, word);
  }
  bool symbol(std::string_view s) const { return current_.kind == Token::Kind::Symbol && current_.text == s; }
  Token take() {
    Token t = current_;
    if (!error_) advance();
    return t;
  }
  void failAt(std::size_t position, const std::string& message) {
    if (!error_) {
      error_ = makeError(CimStatus::InvalidQuery,
                         "WQL syntax error at position " + std::to_string(position) + ": " + message);
    }
  }
  void fail(const std::string& expected) { failAt(current_.position, expected + ", found " + current_.describe()); }
  std::string identifier(const std::string& what, std::size_t* position = nullptr) {
    if (current_.kind != Token::Kind::Identifier) {
      fail("expected " + what);
      return {};
    }
    if (position) *position = current_.position;
    return take().text;
  }

  // ---- grammar ----
  void parseSelect(WqlQuery& q) {
    if (symbol("*")) {
      take();
    } else {
      q.selectAll = false;
      do {
        if (symbol(",")) take();
        std::size_t position = 0;
        q.properties.push_back(identifier("a property name or '*'", &position));
        q.propertyPositions.push_back(position);
      } while (!error_ && symbol(","));
    }
    if (error_) return;
    if (!keyword("FROM")) return fail("expected FROM");
    take();
    q.className = identifier("a class name after FROM", &q.classPosition);
    if (error_ || current_.kind == Token::Kind::End) return;
    if (!keyword("WHERE")) return fail("expected WHERE or end of query");
    take();
    q.where = orExpr(0);
  }

  std::unique_ptr<WqlExpr> binary(WqlExpr::Kind kind, std::unique_ptr<WqlExpr> a, std::unique_ptr<WqlExpr> b,
                                  std::size_t position) {
    if (++conditions_ > kMaxConditions) {
      failAt(position, "more than " + std::to_string(kMaxConditions) + " ANDs and ORs in one query");
    }
    auto e = std::make_unique<WqlExpr>();
    e->kind = kind;
    e->position = position;
    e->children.push_back(std::move(a));
    e->children.push_back(std::move(b));
    return e;
  }

  std::unique_ptr<WqlExpr> orExpr(int depth) {
    auto left = andExpr(depth);
    while (!error_ && keyword("OR")) {
      const std::size_t at = take().position;
      left = binary(WqlExpr::Kind::Or, std::move(left), andExpr(depth), at);
    }
    return left;
  }

  std::unique_ptr<WqlExpr> andExpr(int depth) {
    auto left = notExpr(depth);
    while (!error_ && keyword("AND")) {
      const std::size_t at = take().position;
      left = binary(WqlExpr::Kind::And, std::move(left), notExpr(depth), at);
    }
    return left;
  }

  std::unique_ptr<WqlExpr> notExpr(int depth) {
    if (depth > kMaxNesting) {
      fail("expression nested deeper than " + std::to_string(kMaxNesting) + " levels");
      return std::make_unique<WqlExpr>();
    }
    if (keyword("NOT")) {
      auto e = std::make_unique<WqlExpr>();
      e->kind = WqlExpr::Kind::Not;
      e->position = take().position;
      e->children.push_back(notExpr(depth + 1));
      return e;
    }
    if (symbol("(")) {
      take();
      auto inner = orExpr(depth + 1);
      if (!error_ && !symbol(")")) fail("expected ')'");
      take();
      return inner;
    }
    return predicate();
  }

  WqlOperand operand() {
    WqlOperand o;
    o.position = current_.position;
    switch (current_.kind) {
      case Token::Kind::Identifier:
        if (keyword("NULL")) {
          o.literal.kind = WqlLiteral::Kind::Null;
        } else if (keyword("TRUE") || keyword("FALSE")) {
          o.literal.kind = WqlLiteral::Kind::Boolean;
          o.literal.boolean = keyword("TRUE");
        } else {
          o.kind = WqlOperand::Kind::Property;
          o.property = current_.text;
        }
        break;
      case Token::Kind::String:
        o.literal.kind = WqlLiteral::Kind::String;
        o.literal.text = current_.text;
        break;
      case Token::Kind::Integer:
        o.literal.kind = WqlLiteral::Kind::Integer;
        o.literal.negative = current_.negative;
        o.literal.magnitude = current_.magnitude;
        break;
      case Token::Kind::Real:
        o.literal.kind = WqlLiteral::Kind::Real;
        o.literal.real = current_.real;
        break;
      default:
        fail("expected a property name or a value");
        return o;
    }
    take();
    return o;
  }

  std::unique_ptr<WqlExpr> predicate() {
    auto e = std::make_unique<WqlExpr>();
    e->position = current_.position;
    e->left = operand();
    if (error_) return e;
    if (keyword("IS")) {
      take();
      e->kind = WqlExpr::Kind::IsNull;
      if (keyword("NOT")) {
        take();
        e->kind = WqlExpr::Kind::IsNotNull;
      }
      if (!keyword("NULL")) fail("expected NULL after IS (IS and IS NOT only compare with NULL)");
      take();
      return e;
    }
    if (keyword("ISA") || keyword("LIKE") || keyword("NOT")) {
      e->kind = keyword("ISA") ? WqlExpr::Kind::Isa : WqlExpr::Kind::Like;
      if (keyword("NOT")) {
        take();
        if (!keyword("LIKE")) {
          fail("expected LIKE after NOT");
          return e;
        }
        e->kind = WqlExpr::Kind::NotLike;
      }
      const std::string word = take().text;
      if (current_.kind != Token::Kind::String) {
        fail("expected a quoted string after " + toUpper(word));
        return e;
      }
      e->right = operand();
      return e;
    }
    static const std::pair<const char*, WqlCompare> kOps[] = {
        {"=", WqlCompare::Equal},        {"<>", WqlCompare::NotEqual},    {"!=", WqlCompare::NotEqual},
        {"<", WqlCompare::Less},         {"<=", WqlCompare::LessOrEqual}, {">", WqlCompare::Greater},
        {">=", WqlCompare::GreaterOrEqual}};
    for (const auto& [text, op] : kOps) {
      if (symbol(text)) {
        take();
        e->kind = WqlExpr::Kind::Compare;
        e->op = op;
        e->right = operand();
        return e;
      }
    }
    fail("expected a comparison operator (=, <>, !=, <, <=, >, >=), IS, ISA or LIKE");
    return e;
  }

  static std::string toUpper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }

  void parseAssociation(WqlQuery& q) {
    if (!keyword("OF")) return fail("expected OF");
    // The object path is raw text between braces (braces inside quoted key values do not
    // count), so it is scanned here rather than tokenized. pos_ is just past "OF".
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ >= text_.size() || text_[pos_] != '{') {
      take();
      return fail("expected '{' and an object path after OF");
    }
    const std::size_t open = pos_;
    ++pos_;
    std::size_t i = pos_;
    bool inQuotes = false;
    while (i < text_.size() && (inQuotes || text_[i] != '}')) {
      if (text_[i] == '\\' && inQuotes) ++i;
      else if (text_[i] == '"') inQuotes = !inQuotes;
      ++i;
    }
    if (i >= text_.size()) return failAt(open + 1, "unterminated object path: expected '}'");
    std::string_view path = text_.substr(pos_, i - pos_);
    while (!path.empty() && std::isspace(static_cast<unsigned char>(path.front()))) path.remove_prefix(1);
    while (!path.empty() && std::isspace(static_cast<unsigned char>(path.back()))) path.remove_suffix(1);
    q.objectPath = std::string(path);
    q.objectPathPosition = pos_ + 1;
    pos_ = i + 1;
    advance();
    if (current_.kind == Token::Kind::End) return;
    if (!keyword("WHERE")) return fail("expected WHERE or end of query");
    take();
    AssociationFilter& f = q.association;
    const bool associators = q.kind == WqlQuery::Kind::Associators;
    bool any = false;
    while (!error_ && current_.kind == Token::Kind::Identifier) {
      any = true;
      const Token word = take();
      auto value = [&](std::string& out) {
        if (!symbol("=")) return fail("expected '=' after " + word.text);
        take();
        out = identifier("a name after " + word.text + " =");
      };
      if (iequals(word.text, "ClassDefsOnly")) f.classDefsOnly = true;
      else if (iequals(word.text, "SchemaOnly")) f.schemaOnly = true;
      else if (iequals(word.text, "KeysOnly")) f.keysOnly = true;
      else if (iequals(word.text, "ResultClass")) value(f.resultClass);
      else if (iequals(word.text, "Role")) value(f.role);
      else if (iequals(word.text, "RequiredQualifier")) value(f.requiredQualifier);
      else if (associators && iequals(word.text, "AssocClass")) value(f.assocClass);
      else if (associators && iequals(word.text, "ResultRole")) value(f.resultRole);
      else if (associators && iequals(word.text, "RequiredAssocQualifier")) value(f.requiredAssocQualifier);
      else failAt(word.position, "unknown keyword '" + word.text + "' in the WHERE clause of " +
                                     (associators ? "ASSOCIATORS OF" : "REFERENCES OF"));
    }
    if (!error_ && !any) fail("expected a keyword after WHERE");
    if (!error_ && f.classDefsOnly && f.schemaOnly) failAt(q.objectPathPosition, "ClassDefsOnly and SchemaOnly exclude each other");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token current_;
  std::optional<CimError> error_;
  int conditions_ = 0;  // ANDs and ORs so far (kMaxConditions)
};

}  // namespace

Result<WqlQuery> parseWql(std::string_view text) { return Parser(text).parse(); }

}  // namespace cimdouble::cimom
