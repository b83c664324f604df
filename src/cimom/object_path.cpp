#include "cimom/object_path.h"

#include <algorithm>
#include <cctype>

#include "cimom/case_insensitive.h"

namespace cimdouble::cimom {
namespace {

CimError pathError(std::string_view text, std::string_view why) {
  return makeError(CimStatus::InvalidParameter, "invalid object path '" + std::string(text) + "': " + std::string(why));
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// How a key value appears in the text form: strings, datetimes and references are quoted.
std::string keyText(const Value& v, bool canonicalForm) {
  if (v.isNull()) return "NULL";
  switch (v.type()) {
    case CimType::Boolean: return v.asBool() ? "TRUE" : "FALSE";
    case CimType::String:
    case CimType::Char16: {
      const std::string s = scalarToText(v.type(), v.scalar());
      return quote(canonicalForm ? toLowerAscii(s) : s);
    }
    case CimType::DateTime: return quote(v.asDateTime().toDmtf());
    case CimType::Reference:
      return quote(canonicalForm ? v.asReference().canonical() : v.asReference().toString());
    default: return v.toText();
  }
}

// Reads one key value at `pos`; advances `pos` past it. Strings may be in double or single
// quotes, as WMI takes both ({Win32_Service.Name='wmi'} in ASSOCIATORS OF).
Result<Value> readKeyValue(std::string_view text, std::size_t& pos) {
  if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
    const char quote = text[pos];
    std::string s;
    ++pos;
    while (pos < text.size() && text[pos] != quote) {
      if (text[pos] == '\\' && pos + 1 < text.size()) ++pos;
      s += text[pos++];
    }
    if (pos >= text.size()) return pathError(text, "unterminated string key value");
    ++pos;
    return Value::string(std::move(s));
  }
  const std::size_t end = std::min(text.find(',', pos), text.size());
  std::string_view token = text.substr(pos, end - pos);
  pos = end;
  if (iequals(token, "TRUE")) return Value::boolean(true);
  if (iequals(token, "FALSE")) return Value::boolean(false);
  const CimType type = (!token.empty() && token[0] == '-') ? CimType::SInt64 : CimType::UInt64;
  auto v = parseValue(type, token);
  if (!v) return pathError(text, "key value '" + std::string(token) + "' is neither quoted nor a number or boolean");
  return v;
}

}  // namespace

ServerNamespace splitServer(std::string_view nameSpace) {
  auto separator = [](char c) { return c == '/' || c == '\\'; };
  if (nameSpace.size() < 3 || !separator(nameSpace[0]) || !separator(nameSpace[1])) return {{}, nameSpace};
  std::size_t end = 2;
  while (end < nameSpace.size() && !separator(nameSpace[end])) ++end;
  return {nameSpace.substr(2, end - 2), nameSpace.substr(std::min(end + 1, nameSpace.size()))};
}

std::string onServer(std::string_view server, std::string_view nameSpace) {
  const std::string_view bare = splitServer(nameSpace).nameSpace;
  if (server.empty()) return std::string(bare);
  return "//" + std::string(server) + "/" + std::string(bare);
}

std::string canonicalNamespace(std::string_view nameSpace) {
  nameSpace = splitServer(nameSpace).nameSpace;
  std::string out;
  out.reserve(nameSpace.size());
  for (char c : nameSpace) {
    const char folded = c == '\\' ? '/' : asciiLower(c);
    if (folded == '/' && (out.empty() || out.back() == '/')) continue;
    out += folded;
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

ObjectPath::ObjectPath(std::string nameSpace, std::string className, std::vector<KeyBinding> keys)
    : namespace_(std::move(nameSpace)), className_(std::move(className)), keys_(std::move(keys)) {}

Result<ObjectPath> ObjectPath::parse(std::string_view text) {
  std::string_view rest = text;
  // Optional \\host\ or //host/ prefix: the double never checks the host name.
  if (rest.size() > 2 && (rest.substr(0, 2) == "\\\\" || rest.substr(0, 2) == "//")) {
    const std::size_t sep = rest.find_first_of("\\/", 2);
    if (sep == std::string_view::npos) return pathError(text, "host without a namespace");
    rest.remove_prefix(sep + 1);
  }
  const std::size_t keysAt = rest.find_first_of(".=");
  std::string_view head = rest.substr(0, keysAt);
  std::string nameSpace;
  const std::size_t colon = head.rfind(':');
  if (colon != std::string_view::npos) {
    nameSpace = std::string(head.substr(0, colon));
    head.remove_prefix(colon + 1);
  }
  if (head.empty()) return pathError(text, "no class name");
  for (char c : head) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return pathError(text, "bad class name");
  }
  ObjectPath path(std::move(nameSpace), std::string(head));
  if (keysAt == std::string_view::npos) return path;

  std::size_t pos = keysAt;
  if (rest.substr(pos) == "=@") return path;  // singleton
  if (rest[pos] == '=') {
    // Class="value": the only key, name left out (WMI allows it for single-key classes).
    ++pos;
    auto v = readKeyValue(rest, pos);
    if (!v) return v.error();
    if (pos != rest.size()) return pathError(text, "trailing characters after the key value");
    path.keys_.push_back({"", std::move(v).value()});
    return path;
  }
  ++pos;  // '.'
  while (true) {
    const std::size_t eq = rest.find('=', pos);
    if (eq == std::string_view::npos) return pathError(text, "expected name=value");
    std::string name(rest.substr(pos, eq - pos));
    if (name.empty()) return pathError(text, "empty key name");
    pos = eq + 1;
    auto v = readKeyValue(rest, pos);
    if (!v) return v.error();
    if (path.key(name)) return pathError(text, "key '" + name + "' given twice");
    path.keys_.push_back({std::move(name), std::move(v).value()});
    if (pos == rest.size()) break;
    if (rest[pos] != ',') return pathError(text, "expected ',' between keys");
    ++pos;
  }
  return path;
}

const Value* ObjectPath::key(std::string_view name) const {
  for (const KeyBinding& k : keys_) {
    if (iequals(k.name, name)) return &k.value;
  }
  return nullptr;
}

void ObjectPath::setKey(std::string name, Value value) {
  for (KeyBinding& k : keys_) {
    if (iequals(k.name, name)) {
      k.value = std::move(value);
      return;
    }
  }
  keys_.push_back({std::move(name), std::move(value)});
}

std::string ObjectPath::toString() const {
  std::string out;
  if (!namespace_.empty()) out = namespace_ + ":";
  out += className_;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    out += i == 0 ? "." : ",";
    out += keys_[i].name + "=" + keyText(keys_[i].value, false);
  }
  return out;
}

std::string ObjectPath::canonical() const {
  return canonicalNamespace(namespace_) + ":" + toLowerAscii(className_) + canonicalKeys();
}

std::string ObjectPath::canonicalKeys() const {
  std::vector<const KeyBinding*> sorted;
  sorted.reserve(keys_.size());
  for (const KeyBinding& k : keys_) sorted.push_back(&k);
  std::sort(sorted.begin(), sorted.end(),
            [](const KeyBinding* a, const KeyBinding* b) { return CaseInsensitiveLess{}(a->name, b->name); });
  std::string out;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    out += i == 0 ? "." : ",";
    out += toLowerAscii(sorted[i]->name) + "=" + keyText(sorted[i]->value, true);
  }
  return out;
}

}  // namespace cimdouble::cimom
