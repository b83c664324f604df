// What the listener hands a front end (WS-Man, the control plane, later CIM-XML and REST):
// one HTTP request, authenticated or not, and the reply it sends back. Front ends are mounted
// by path (HttpServer::mount); the listener knows none of their types, only this interface.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/stop_latch.h"

namespace cimdouble::http {

struct Request {
  std::string_view method;  // "GET" or "POST"
  std::string_view path;    // as requested, with its query string
  std::string_view body;
  std::string contentType;
  // The headers the mounted front ends asked for (FrontEnd::headers), as received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string user;  // the authenticated user; empty for an anonymous request
  bool authenticated = false;
  std::string scheme;      // how: "Basic", "Negotiate", "Kerberos" or "Certificate"; empty: anonymous
  bool sealed = false;     // the body came encrypted (MS-WSMV 2.2.9.1) and the answer goes so
  // M-POST (RFC 2774, DSP0200 §4.3): the Man header's namespace ("73"), whose prefixed headers
  // ("73-CIMMethod") are in `headers` under their plain names; empty for a plain request.
  std::string extensionNamespace;
  // The server's stopping state: what a front end that waits (an injected delay) waits on.
  const StopLatch* stopping = nullptr;

  // The value of a captured header ("" when absent); names compare case-insensitively.
  std::string_view header(std::string_view name) const;
};

struct Reply {
  int status = 200;
  std::string body;  // empty: no body (Content-Length: 0)
  std::string contentType = "application/soap+xml;charset=UTF-8";
  bool closeConnection = false;
  bool drop = false;  // close without answering (an injected dropped connection or lost answer)
  // Header lines of the front end's own (CIM-XML's CIMOperation, CIMError); names and values
  // are the front end's constants, never a client's text.
  std::vector<std::pair<std::string, std::string>> headers;
};

class FrontEnd {
 public:
  virtual ~FrontEnd() = default;
  // Whether it answers this method at all; the others get 404 before authentication.
  virtual bool takes(std::string_view method) const = 0;
  // Whether it takes M-POST with a Man header (CIM-XML's, DSP0200 §4.3); the others get 501.
  virtual bool takesExtendedPost() const { return false; }
  // Whether a request with no credentials may reach handle() (WS-Man's unauthenticated
  // Identify, DSP0226 §11.2). A request with wrong credentials never does.
  virtual bool admitsAnonymous(const Request&) const { return false; }
  // Header names, beyond Content-Type and Authorization, that handle() reads.
  virtual std::vector<std::string> headers() const { return {}; }
  virtual Reply handle(const Request& request) = 0;
};

}  // namespace cimdouble::http
