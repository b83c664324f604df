#include "cimom/wql/like_pattern.h"

#include <string>
#include <vector>

#include "cimom/utf8.h"

namespace cimdouble::cimom {
namespace {

char32_t fold(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

std::u32string codePoints(std::string_view utf8) {
  std::u32string out;
  auto units = decodeUtf8(utf8);
  if (!units) {  // not UTF-8: compare bytes
    for (unsigned char c : utf8) out += static_cast<char32_t>(c);
    return out;
  }
  for (std::size_t i = 0; i < units->size(); ++i) {
    char32_t c = (*units)[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units->size()) {
      c = 0x10000 + ((c - 0xD800) << 10) + ((*units)[++i] - 0xDC00);
    }
    out += fold(c);
  }
  return out;
}

struct Element {
  enum class Kind { Literal, AnyOne, AnyRun, Set };
  Kind kind = Kind::Literal;
  char32_t literal = 0;
  std::vector<std::pair<char32_t, char32_t>> ranges;
  bool negated = false;

  bool accepts(char32_t c) const {
    switch (kind) {
      case Kind::Literal: return c == literal;
      case Kind::AnyOne: return true;
      case Kind::AnyRun: return true;
      case Kind::Set: {
        bool in = false;
        for (const auto& [lo, hi] : ranges) in = in || (c >= lo && c <= hi);
        return in != negated;
      }
    }
    return false;
  }
};

std::vector<Element> compile(const std::u32string& pattern) {
  std::vector<Element> out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    Element e;
    const char32_t c = pattern[i];
    if (c == U'%') {
      if (!out.empty() && out.back().kind == Element::Kind::AnyRun) continue;
      e.kind = Element::Kind::AnyRun;
    } else if (c == U'_') {
      e.kind = Element::Kind::AnyOne;
    } else if (c == U'[' && i + 2 <= pattern.size() && pattern.find(U']', i + 2) != std::u32string::npos) {
      // A set runs to the next "]" after its first member, so "[]x]" is a set holding "]" and
      // "x"; a "[" that no set closes is itself (a fuzzer found "[]" at the end looping here).
      const std::size_t close = pattern.find(U']', i + 2);
      std::u32string body = pattern.substr(i + 1, close - i - 1);
      e.kind = Element::Kind::Set;
      std::size_t k = 0;
      if (body.size() > 1 && body[0] == U'^') {
        e.negated = true;
        k = 1;
      }
      for (; k < body.size(); ++k) {
        if (k + 2 < body.size() && body[k + 1] == U'-') {
          e.ranges.emplace_back(body[k], body[k + 2]);
          k += 2;
        } else {
          e.ranges.emplace_back(body[k], body[k]);
        }
      }
      i = close;
    } else {
      e.literal = c;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

bool likeMatches(std::string_view value, std::string_view pattern) {
  const std::u32string text = codePoints(value);
  const std::vector<Element> elements = compile(codePoints(pattern));
  // Greedy matching with one backtrack point (the last %): linear for most patterns and never
  // worse than text x pattern, so a hostile pattern cannot blow up.
  std::size_t t = 0;
  std::size_t p = 0;
  std::size_t starP = std::string::npos;
  std::size_t starT = 0;
  while (t < text.size()) {
    if (p < elements.size() && elements[p].kind == Element::Kind::AnyRun) {
      starP = p++;
      starT = t;
    } else if (p < elements.size() && elements[p].accepts(text[t])) {
      ++p;
      ++t;
    } else if (starP != std::string::npos) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < elements.size() && elements[p].kind == Element::Kind::AnyRun) ++p;
  return p == elements.size();
}

}  // namespace cimdouble::cimom
