// soapcpp2 interface header, compiled at build time (src/wsman/CMakeLists.txt).
//
// cimdouble uses gSOAP only as the HTTP/TLS transport: envelopes are parsed and built with
// libxml2 and dispatched on wsa:Action (../shared/reference/gsoap-notes.md §2). libgsoap
// still needs the header and fault serializers that soapcpp2 generates, so this declares the
// one type they need and nothing else. The namespace table lives in src/wsman/http_server.cpp.
struct SOAP_ENV__Detail { _XML __any; };
