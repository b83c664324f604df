// XML written as text instead of built as nodes, for the large parts of answers.
//
// An instance is a few hundred elements; building them as libxml2 nodes, serializing and
// freeing them was most of the CPU of a Get and of a Pull of a thousand jobs. The writers in
// instance_xml.cpp append text instead, escaped exactly as libxml2's serializer escapes (so
// the bytes on the wire do not change), and splice it into the document: addSplice() leaves a
// placeholder node that serialize() replaces with the text.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>

namespace cimdouble::xml {

// Text content: & < > and carriage return escaped (libxml2 with UTF-8 output).
void appendEscapedText(std::string& out, std::string_view text);
// An attribute value: also " and tab/newline, and (in a document without a declared
// encoding, as ours are) every non-ASCII character as a hexadecimal character reference.
void appendEscapedAttribute(std::string& out, std::string_view value);

// Puts `xml` (well-formed content, namespace prefixes in scope at `parent`) under `parent`.
xmlNode* addSplice(xmlNode* parent, std::string xml);
// The text a placeholder stands for; nullptr for any other node.
const std::string* splicedText(const xmlNode* node);
// `serialized` (the document or a node of it) with every placeholder replaced.
std::string spliceIn(const xmlDoc* doc, std::string serialized);
// Frees what a document carries besides its nodes (see XmlDocFree).
void freeSplices(xmlDoc* doc);

}  // namespace cimdouble::xml
