// CIM names (namespaces, classes, properties, qualifiers, methods) compare case-insensitively
// (DSP0004 §5.5.1). These helpers fold ASCII only: CIM names are ASCII identifiers.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace cimdouble::cimom {

inline char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string toLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = asciiLower(c);
  return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  }
  return true;
}

struct CaseInsensitiveHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    // FNV-1a over the folded bytes.
    std::size_t hash = 1469598103934665603ull;
    for (char c : text) {
      hash ^= static_cast<unsigned char>(asciiLower(c));
      hash *= 1099511628211ull;
    }
    return hash;
  }
};

struct CaseInsensitiveEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return iequals(a, b); }
};

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
      const char x = asciiLower(a[i]);
      const char y = asciiLower(b[i]);
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  }
};

}  // namespace cimdouble::cimom
