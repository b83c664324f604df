// libxml2, made safe and short to use. Every XML document of cimdouble goes through here:
// requests are parsed with no network, no DTD, no entity expansion and libxml2's depth limit;
// responses are built as libxml2 trees and serialized without an XML declaration.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::xml {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const;  // the nodes and the text spliced into them (xml_text.h)
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

// A new, empty document to build an answer in. Its element and attribute names come from a
// dictionary of the document's own (one copy of "p:Caption" for a thousand instances, not a
// thousand allocations): building a Pull answer was half malloc and free.
XmlDoc newDocument();

// Parses untrusted bytes (UTF-8, or UTF-16 with a byte order mark). Returns nullptr and sets
// `error` for malformed XML, a DOCTYPE (SOAP 1.2 forbids one) or entity references.
// `encoding` names the charset when the transport knows it and the bytes carry no BOM.
XmlDoc parseUntrusted(std::string_view bytes, std::string& error, const char* encoding = nullptr);

bool isElement(const xmlNode* node, const char* nsUri, const char* localName);
// First child element with that namespace and local name (nullptr if none).
xmlNode* childElement(const xmlNode* parent, const char* nsUri, const char* localName);
std::vector<xmlNode*> childElements(const xmlNode* parent, const char* nsUri, const char* localName);
std::vector<xmlNode*> childElements(const xmlNode* parent);  // all element children
xmlNode* firstChildElement(const xmlNode* parent);           // the first of them (nullptr if none)
// Text content (concatenated text and CDATA children).
std::string textOf(const xmlNode* node);
// `text` without leading and trailing XML white space (values other than strings are read so).
std::string trimWhitespace(std::string text);
// Attribute by local name, in no namespace (nsUri == nullptr) or in the given one.
std::string attribute(const xmlNode* node, const char* localName, const char* nsUri = nullptr);
bool hasAttribute(const xmlNode* node, const char* localName, const char* nsUri = nullptr);
std::string localName(const xmlNode* node);
std::string namespaceOf(const xmlNode* node);

// Building: thin helpers over xmlNewNode / xmlNewTextChild (which escapes the text).
xmlNode* addElement(xmlNode* parent, xmlNs* ns, const char* name);
xmlNode* addText(xmlNode* parent, xmlNs* ns, const char* name, const std::string& text);
void setAttribute(xmlNode* node, const char* name, const std::string& value, xmlNs* ns = nullptr);

// How an element without content is written: <a/>, or <a></a> (what CIM-XML servers write,
// and what clients such as sblim's wbemcli expect).
enum class EmptyElements { SelfClosing, EndTag };
// The document as UTF-8, without "<?xml ...?>".
std::string serialize(xmlDoc* doc, EmptyElements empty = EmptyElements::SelfClosing);
std::string serializeNode(xmlNode* node, EmptyElements empty = EmptyElements::SelfClosing);
// How many octets serializeNode(node) makes, at most, without serializing: for fitting items
// into MaxEnvelopeSize (every character counted as if escaped where it might be).
std::size_t serializedSizeBound(const xmlNode* node);

}  // namespace cimdouble::xml
