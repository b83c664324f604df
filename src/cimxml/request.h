// A CIM-XML request (DSP0200 1.4 §5.3, DSP0201 2.4 §3.2.6): one SIMPLEREQ holding an
// intrinsic IMETHODCALL on a namespace, or an extrinsic METHODCALL on an instance or class,
// read from untrusted bytes with the hardening of every XML parse (xml/xml.h). The document
// stays alive with the request: parameters are read from its nodes as each operation types them.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "cimom/object_path.h"
#include "xml/xml.h"

namespace cimdouble::cimxml {

struct Request {
  xml::XmlDoc doc;
  std::string messageId;
  std::string protocolVersion;  // of the MESSAGE
  bool intrinsic = true;
  std::string method;           // IMETHODCALL or METHODCALL NAME
  std::string nameSpace;        // "root/cimv2"
  cimom::ObjectPath target;     // extrinsic: the instance (keys) or the class (none)
  // IPARAMVALUE or PARAMVALUE elements by name, names compared without case (DSP0201 3.2.6.8).
  std::map<std::string, xmlNode*> parameters;

  xmlNode* parameter(std::string_view name) const;
};

// The headers DSP0200 §4 puts on a request, as received ("" when absent).
struct OperationHeaders {
  std::string operation;        // CIMOperation
  std::string method;           // CIMMethod
  std::string object;           // CIMObject (URL-encoded)
  std::string protocolVersion;  // CIMProtocolVersion
};

// Throws ProtocolError for what is no request (§7.5: not well formed, not valid, another CIM
// or DTD version, several requests, headers that contradict the body).
Request readRequest(std::string_view body, const OperationHeaders& headers);

}  // namespace cimdouble::cimxml
