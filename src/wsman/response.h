// A response envelope under construction: the standard header (Action, fresh MessageID, To
// anonymous, RelatesTo = the request's MessageID byte for byte) and the prefixes WinRM
// declares on the root.
#pragma once

#include <string>

#include "xml/xml.h"

namespace cimdouble::wsman {

// WS-Man reads and writes its documents with src/xml.
using namespace cimdouble::xml;


class ResponseEnvelope {
 public:
  // `action` empty: no WS-Addressing headers (Identify answers that way).
  ResponseEnvelope(const std::string& action, const std::string& relatesTo);

  xmlDoc* doc() { return doc_.get(); }
  xmlNode* header() { return header_; }
  xmlNode* body() { return body_; }
  xmlNs* soap() { return s_; }
  xmlNs* addressing() { return a_; }
  xmlNs* wsman() { return w_; }
  xmlNs* enumeration() { return n_; }
  xmlNs* transfer() { return x_; }

  std::string serialize() { return wsman::serialize(doc_.get()); }

 private:
  XmlDoc doc_;
  xmlNode* header_ = nullptr;
  xmlNode* body_ = nullptr;
  xmlNs* s_ = nullptr;
  xmlNs* a_ = nullptr;
  xmlNs* w_ = nullptr;
  xmlNs* n_ = nullptr;
  xmlNs* x_ = nullptr;
};

// Declares namespace `uri` with `prefix` on `node` and returns it.
xmlNs* declareNs(xmlNode* node, const char* uri, const char* prefix);

}  // namespace cimdouble::wsman
