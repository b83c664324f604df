// The answer to a CIM-XML request (DSP0201 2.4 §3.2.6): CIM > MESSAGE (the request's ID) >
// SIMPLERSP > IMETHODRESPONSE or METHODRESPONSE named as the call, holding its IRETURNVALUE,
// RETURNVALUE and PARAMVALUEs, or an ERROR.
#pragma once

#include <string>

#include "cimxml/cimxml_error.h"
#include "cimxml/request.h"
#include "xml/xml.h"

namespace cimdouble::cimxml {

class ResponseWriter {
 public:
  explicit ResponseWriter(const Request& request);
  ResponseWriter(const ResponseWriter&) = delete;
  ResponseWriter& operator=(const ResponseWriter&) = delete;

  // The method response element (IMETHODRESPONSE or METHODRESPONSE).
  xmlNode* response() const { return response_; }
  // IRETURNVALUE, made on first use: an operation that returns nothing has none.
  xmlNode* returnValue();
  // An output parameter after the IRETURNVALUE (the pull operations' EnumerationContext and
  // EndOfSequence): <PARAMVALUE NAME PARAMTYPE><VALUE>text</VALUE></PARAMVALUE>.
  void outParameter(const char* name, const char* type, const std::string& text);
  // Replaces whatever was written with <ERROR CODE DESCRIPTION>.
  void error(const OperationError& error);
  // The document, with its XML declaration, as servers send it.
  std::string text() const;

 private:
  xml::XmlDoc doc_;
  xmlNode* response_ = nullptr;
  xmlNode* returnValue_ = nullptr;
};

}  // namespace cimdouble::cimxml
