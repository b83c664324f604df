#include "xml/xml.h"

#include "xml/xml_text.h"

#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include <cstring>

namespace cimdouble::xml {
namespace {

bool hasEntityReference(const xmlNode* node) {
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE) return true;
    if (n->children && hasEntityReference(n->children)) return true;
  }
  return false;
}

}  // namespace

void XmlDocFree::operator()(xmlDoc* doc) const {
  freeSplices(doc);
  xmlFreeDoc(doc);
}

XmlDoc parseUntrusted(std::string_view bytes, std::string& error, const char* encoding) {
  // libxml2 sets up its globals on first use, racily when two threads parse first at once
  // (ThreadSanitizer caught it in the sandbox concurrency test); this runs it exactly once,
  // for every caller, not only for the binary's main().
  static const bool initialized = (xmlInitParser(), true);
  (void)initialized;
  // NONET: never fetch anything. No NOENT/DTDLOAD/DTDATTR/XINCLUDE/HUGE: entities stay
  // unexpanded references, external subsets are not loaded, depth stays at libxml2's 256.
  // An encoding the caller knows overrides the declaration's: text already decoded to UTF-8
  // may still begin <?xml ... encoding="utf-16"?> (CIM-XML from .NET's GetText).
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | (encoding ? XML_PARSE_IGNORE_ENC : 0);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    error = "out of memory";
    return nullptr;
  }
  XmlDoc doc(xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), nullptr, encoding, options));
  if (!doc) {
    const xmlError* e = xmlCtxtGetLastError(ctxt);
    error = e && e->message ? e->message : "not well-formed XML";
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
    if (e) error += " (line " + std::to_string(e->line) + ")";
    xmlFreeParserCtxt(ctxt);
    return nullptr;
  }
  // libxml2 recovers from an undefined prefix (the element just loses its namespace); a SOAP
  // processor must not, or "w:SelectorSet" without xmlns:w would silently lose the selectors.
  const bool namespacesOk = ctxt->nsWellFormed;
  const xmlError* nsError = xmlCtxtGetLastError(ctxt);
  std::string nsMessage = nsError && nsError->message ? nsError->message : "";
  xmlFreeParserCtxt(ctxt);
  if (!namespacesOk) {
    while (!nsMessage.empty() && (nsMessage.back() == '\n' || nsMessage.back() == ' ')) nsMessage.pop_back();
    error = "namespace error: " + (nsMessage.empty() ? std::string("undefined prefix") : nsMessage);
    return nullptr;
  }
  if (doc->intSubset || doc->extSubset) {
    error = "a DOCTYPE is not allowed in a SOAP message";
    return nullptr;
  }
  if (hasEntityReference(xmlDocGetRootElement(doc.get()))) {
    error = "entity references are not allowed";
    return nullptr;
  }
  return doc;
}

std::string localName(const xmlNode* node) { return node && node->name ? reinterpret_cast<const char*>(node->name) : ""; }

std::string namespaceOf(const xmlNode* node) {
  return node && node->ns && node->ns->href ? reinterpret_cast<const char*>(node->ns->href) : "";
}

bool isElement(const xmlNode* node, const char* nsUri, const char* name) {
  if (!node || node->type != XML_ELEMENT_NODE) return false;
  if (std::strcmp(reinterpret_cast<const char*>(node->name), name) != 0) return false;
  if (!nsUri) return true;
  return node->ns && node->ns->href && std::strcmp(reinterpret_cast<const char*>(node->ns->href), nsUri) == 0;
}

xmlNode* childElement(const xmlNode* parent, const char* nsUri, const char* name) {
  if (!parent) return nullptr;
  for (xmlNode* n = parent->children; n; n = n->next) {
    if (isElement(n, nsUri, name)) return n;
  }
  return nullptr;
}

std::vector<xmlNode*> childElements(const xmlNode* parent, const char* nsUri, const char* name) {
  std::vector<xmlNode*> out;
  if (!parent) return out;
  for (xmlNode* n = parent->children; n; n = n->next) {
    if (isElement(n, nsUri, name)) out.push_back(n);
  }
  return out;
}

xmlNode* firstChildElement(const xmlNode* parent) {
  return parent ? xmlFirstElementChild(const_cast<xmlNode*>(parent)) : nullptr;
}

std::vector<xmlNode*> childElements(const xmlNode* parent) {
  std::vector<xmlNode*> out;
  if (!parent) return out;
  for (xmlNode* n = parent->children; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) out.push_back(n);
  }
  return out;
}

std::string textOf(const xmlNode* node) {
  std::string out;
  if (!node) return out;
  for (const xmlNode* n = node->children; n; n = n->next) {
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
      out += reinterpret_cast<const char*>(n->content);
    }
  }
  return out;
}

std::string trimWhitespace(std::string text) {
  const char* space = " \t\r\n";
  text.erase(0, text.find_first_not_of(space));
  text.erase(text.find_last_not_of(space) + 1);
  return text;
}

std::string attribute(const xmlNode* node, const char* name, const char* nsUri) {
  if (!node) return {};
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0) continue;
    const bool nsMatches = nsUri ? (a->ns && std::strcmp(reinterpret_cast<const char*>(a->ns->href), nsUri) == 0) : !a->ns;
    if (!nsMatches) continue;
    std::string value;
    for (const xmlNode* t = a->children; t; t = t->next) {
      if (t->content) value += reinterpret_cast<const char*>(t->content);
    }
    return value;
  }
  return {};
}

bool hasAttribute(const xmlNode* node, const char* name, const char* nsUri) {
  if (!node) return false;
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0) continue;
    if (nsUri ? (a->ns && std::strcmp(reinterpret_cast<const char*>(a->ns->href), nsUri) == 0) : !a->ns) return true;
  }
  return false;
}

XmlDoc newDocument() {
  XmlDoc doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  doc->dict = xmlDictCreate();  // freed with the document
  return doc;
}

xmlNode* addElement(xmlNode* parent, xmlNs* ns, const char* name) {
  return xmlNewChild(parent, ns, reinterpret_cast<const xmlChar*>(name), nullptr);
}

xmlNode* addText(xmlNode* parent, xmlNs* ns, const char* name, const std::string& text) {
  return xmlNewTextChild(parent, ns, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(text.c_str()));
}

void setAttribute(xmlNode* node, const char* name, const std::string& value, xmlNs* ns) {
  if (ns) {
    xmlSetNsProp(node, ns, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(value.c_str()));
  } else {
    xmlSetProp(node, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(value.c_str()));
  }
}

std::string serialize(xmlDoc* doc, EmptyElements empty) { return serializeNode(xmlDocGetRootElement(doc), empty); }

std::string serializeNode(xmlNode* node, EmptyElements empty) {
  xmlBufferPtr buffer = xmlBufferCreate();
  xmlSaveCtxtPtr save =
      xmlSaveToBuffer(buffer, "UTF-8", XML_SAVE_NO_DECL | (empty == EmptyElements::EndTag ? XML_SAVE_NO_EMPTY : 0));
  xmlSaveTree(save, node);
  xmlSaveClose(save);
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(buffer)), static_cast<std::size_t>(xmlBufferLength(buffer)));
  xmlBufferFree(buffer);
  return spliceIn(node->doc, std::move(out));
}

namespace {

std::size_t escapedLength(const xmlChar* text) {
  std::size_t n = 0;
  for (const xmlChar* c = text; c && *c; ++c) {
    switch (*c) {
      case '&': n += 5; break;   // &amp;
      case '<': case '>': n += 4; break;
      case '"': n += 6; break;   // &quot; (attributes)
      case '\r': case '\n': case '\t': n += 5; break;  // &#13; &#10; &#9;
      default: n += 1;
    }
  }
  return n;
}

std::size_t qnameLength(const xmlNs* ns, const xmlChar* name) {
  return (ns && ns->prefix ? xmlStrlen(ns->prefix) + 1 : 0) + static_cast<std::size_t>(xmlStrlen(name));
}

}  // namespace

std::size_t serializedSizeBound(const xmlNode* node) {
  if (!node) return 0;
  if (node->type == XML_TEXT_NODE) return escapedLength(node->content);
  if (const std::string* spliced = splicedText(node)) return spliced->size();  // exact
  if (node->type == XML_CDATA_SECTION_NODE) return 12 + static_cast<std::size_t>(xmlStrlen(node->content));
  if (node->type != XML_ELEMENT_NODE) return static_cast<std::size_t>(xmlStrlen(node->content)) + 16;
  const std::size_t name = qnameLength(node->ns, node->name);
  std::size_t n = 1 + name;  // <name
  for (const xmlNs* d = node->nsDef; d; d = d->next) {
    n += 7 + (d->prefix ? xmlStrlen(d->prefix) + 1 : 0) + 2 + escapedLength(d->href) + 1;  //  xmlns:p="..."
  }
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    n += 1 + qnameLength(a->ns, a->name) + 2 + 1;
    for (const xmlNode* v = a->children; v; v = v->next) n += escapedLength(v->content);
  }
  n += 1 + 2 + name + 1;  // >  </name>  (or "/>": shorter)
  for (const xmlNode* c = node->children; c; c = c->next) n += serializedSizeBound(c);
  return n;
}

}  // namespace cimdouble::xml
