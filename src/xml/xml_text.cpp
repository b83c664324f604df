#include "xml/xml_text.h"

#include <cstdio>
#include <cstring>
#include <vector>

namespace cimdouble::xml {
namespace {

constexpr const char* kSpliceTarget = "cimdouble-splice";
constexpr std::string_view kSpliceMark = "<?cimdouble-splice ";

// The pieces of text a document's placeholders stand for, owned by the document
// (doc->_private, freed by XmlDocFree).
struct Splices {
  std::vector<std::string> pieces;
};

Splices* splicesOf(const xmlDoc* doc) { return doc ? static_cast<Splices*>(doc->_private) : nullptr; }

// One UTF-8 sequence starting at text[i] as a code point, as libxml2 decodes it for a
// character reference; `length` is set to the sequence's length.
unsigned codePoint(std::string_view text, std::size_t i, std::size_t& length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(k < text.size() ? text[k] : 0); };
  const unsigned char lead = byte(i);
  if (lead < 0xE0) {
    length = 2;
    return ((lead & 0x1Fu) << 6) | (byte(i + 1) & 0x3Fu);
  }
  if (lead < 0xF0) {
    length = 3;
    return ((lead & 0x0Fu) << 12) | ((byte(i + 1) & 0x3Fu) << 6) | (byte(i + 2) & 0x3Fu);
  }
  length = 4;
  return ((lead & 0x07u) << 18) | ((byte(i + 1) & 0x3Fu) << 12) | ((byte(i + 2) & 0x3Fu) << 6) | (byte(i + 3) & 0x3Fu);
}

}  // namespace

void appendEscapedText(std::string& out, std::string_view text) {
  std::size_t plain = 0;  // start of the run not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '\r': entity = "&#13;"; break;
      default: continue;
    }
    out.append(text, plain, i - plain);
    out += entity;
    plain = i + 1;
  }
  out.append(text, plain, text.size() - plain);
}

void appendEscapedAttribute(std::string& out, std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\r': out += "&#13;"; continue;
      case '\n': out += "&#10;"; continue;
      case '\t': out += "&#9;"; continue;
      default: break;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    std::size_t length = 1;
    char reference[16];
    std::snprintf(reference, sizeof reference, "&#x%X;", codePoint(value, i, length));
    out += reference;
    i += length - 1;
  }
}

xmlNode* addSplice(xmlNode* parent, std::string xml) {
  xmlDoc* doc = parent->doc;
  Splices* splices = splicesOf(doc);
  if (!splices) {
    splices = new Splices;
    doc->_private = splices;
  }
  splices->pieces.push_back(std::move(xml));
  const std::string index = std::to_string(splices->pieces.size() - 1);
  xmlNode* placeholder = xmlNewDocPI(doc, reinterpret_cast<const xmlChar*>(kSpliceTarget),
                                     reinterpret_cast<const xmlChar*>(index.c_str()));
  return xmlAddChild(parent, placeholder);
}

const std::string* splicedText(const xmlNode* node) {
  if (!node || node->type != XML_PI_NODE || !node->name || std::strcmp(reinterpret_cast<const char*>(node->name), kSpliceTarget) != 0) {
    return nullptr;
  }
  const Splices* splices = splicesOf(node->doc);
  if (!splices || !node->content) return nullptr;
  const std::size_t index = std::strtoul(reinterpret_cast<const char*>(node->content), nullptr, 10);
  return index < splices->pieces.size() ? &splices->pieces[index] : nullptr;
}

std::string spliceIn(const xmlDoc* doc, std::string serialized) {
  const Splices* splices = splicesOf(doc);
  std::size_t mark = splices ? serialized.find(kSpliceMark) : std::string::npos;
  if (mark == std::string::npos) return serialized;
  std::size_t total = serialized.size();
  for (const std::string& piece : splices->pieces) total += piece.size();
  std::string out;
  out.reserve(total);
  std::size_t copied = 0;
  while (mark != std::string::npos) {
    out.append(serialized, copied, mark - copied);
    // A placeholder is "<?cimdouble-splice N?>"; nothing else in an answer can look like one
    // (a '<' in text or attribute values is always escaped).
    const std::size_t digits = mark + kSpliceMark.size();
    const std::size_t end = serialized.find("?>", digits);
    const std::size_t index = std::strtoul(serialized.c_str() + digits, nullptr, 10);
    out += splices->pieces.at(index);
    copied = end + 2;
    mark = serialized.find(kSpliceMark, copied);
  }
  out.append(serialized, copied, std::string::npos);
  return out;
}

void freeSplices(xmlDoc* doc) {
  delete splicesOf(doc);
  if (doc) doc->_private = nullptr;
}

}  // namespace cimdouble::xml
