#include "wsman/response.h"

#include "wsman/message_id.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {

xmlNs* declareNs(xmlNode* node, const char* uri, const char* prefix) {
  return xmlNewNs(node, reinterpret_cast<const xmlChar*>(uri), reinterpret_cast<const xmlChar*>(prefix));
}

ResponseEnvelope::ResponseEnvelope(const std::string& action, const std::string& relatesTo)
    : doc_(newDocument()) {
  xmlNode* envelope = xmlNewDocNode(doc_.get(), nullptr, reinterpret_cast<const xmlChar*>("Envelope"), nullptr);
  xmlDocSetRootElement(doc_.get(), envelope);
  s_ = declareNs(envelope, ns::kSoap, "s");
  xmlSetNs(envelope, s_);
  a_ = declareNs(envelope, ns::kAddressing, "a");
  x_ = declareNs(envelope, ns::kTransfer, "x");
  n_ = declareNs(envelope, ns::kEnumeration, "n");
  w_ = declareNs(envelope, ns::kWsman, "w");
  setAttribute(envelope, "lang", "en-US", xmlSearchNs(doc_.get(), envelope, reinterpret_cast<const xmlChar*>("xml")));
  header_ = addElement(envelope, s_, "Header");
  if (!action.empty()) {
    addText(header_, a_, "To", ns::kAnonymous);
    addText(header_, a_, "Action", action);
    addText(header_, a_, "MessageID", newMessageId());
    addText(header_, a_, "RelatesTo", relatesTo);
  }
  body_ = addElement(envelope, s_, "Body");
}

}  // namespace cimdouble::wsman
