// CIM-XML on the listener: POST /cimom, and M-POST with DSP0200's Man header (DSP0200 1.4 §4),
// to the CimXmlService of the user who sent it, with the same accounts and sandboxes as WS-Man.
#pragma once

#include <functional>
#include <string>

#include "cimxml/cimxml_service.h"
#include "http/front_end.h"

namespace cimdouble::cimxml {

inline constexpr const char* kCimXmlPath = "/cimom";

using ServiceRouter = std::function<CimXmlService&(const std::string& user)>;

class CimXmlFrontEnd : public http::FrontEnd {
 public:
  explicit CimXmlFrontEnd(ServiceRouter router) : router_(std::move(router)) {}

  bool takes(std::string_view method) const override { return method == "POST"; }
  // M-POST is read as POST with its Man header's namespace (http::Request::extensionNamespace).
  bool takesExtendedPost() const override { return true; }
  std::vector<std::string> headers() const override {
    return {"CIMOperation", "CIMMethod", "CIMObject", "CIMProtocolVersion", "Host"};
  }
  http::Reply handle(const http::Request& request) override;

 private:
  ServiceRouter router_;
};

}  // namespace cimdouble::cimxml
