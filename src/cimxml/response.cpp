#include "cimxml/response.h"

namespace cimdouble::cimxml {

ResponseWriter::ResponseWriter(const Request& request) : doc_(xml::newDocument()) {
  xmlNode* root = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("CIM"));
  xmlDocSetRootElement(doc_.get(), root);
  xml::setAttribute(root, "CIMVERSION", "2.0");
  xml::setAttribute(root, "DTDVERSION", "2.0");
  xmlNode* message = xml::addElement(root, nullptr, "MESSAGE");
  xml::setAttribute(message, "ID", request.messageId);
  xml::setAttribute(message, "PROTOCOLVERSION", "1.0");
  xmlNode* simple = xml::addElement(message, nullptr, "SIMPLERSP");
  response_ = xml::addElement(simple, nullptr, request.intrinsic ? "IMETHODRESPONSE" : "METHODRESPONSE");
  xml::setAttribute(response_, "NAME", request.method);
}

xmlNode* ResponseWriter::returnValue() {
  if (!returnValue_) returnValue_ = xml::addElement(response_, nullptr, "IRETURNVALUE");
  return returnValue_;
}

void ResponseWriter::outParameter(const char* name, const char* type, const std::string& text) {
  returnValue();
  xmlNode* node = xml::addElement(response_, nullptr, "PARAMVALUE");
  xml::setAttribute(node, "NAME", name);
  xml::setAttribute(node, "PARAMTYPE", type);
  xml::addText(node, nullptr, "VALUE", text);
}

void ResponseWriter::error(const OperationError& error) {
  while (xmlNode* child = response_->children) {
    xmlUnlinkNode(child);
    xmlFreeNode(child);
  }
  returnValue_ = nullptr;
  xmlNode* node = xml::addElement(response_, nullptr, "ERROR");
  xml::setAttribute(node, "CODE", std::to_string(static_cast<int>(error.status)));
  xml::setAttribute(node, "DESCRIPTION", error.description);
}

std::string ResponseWriter::text() const { return "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n" + xml::serialize(doc_.get(), xml::EmptyElements::EndTag); }

}  // namespace cimdouble::cimxml
