// A small HTTP/1.1 client on gSOAP (the transport the server uses too): one keep-alive
// connection to one server, Basic credentials, bounded by timeouts. What `cimdouble run`
// talks to its in-process server with, as a real client would.
#pragma once

#include <string>

struct soap;

namespace cimdouble::http {

struct HttpResult {
  int status = 0;           // 0: no answer (refused, dropped, timed out)
  std::string body;
  std::string error;        // why there was no answer
};

class HttpClient {
 public:
  HttpClient(std::string baseUrl, std::string user, std::string password, int timeoutSeconds = 30);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `path` is appended to the base URL ("/wsman", "/cimdouble/v1/jobs"); `extraHeaders` are
  // header lines of the caller's, CRLF-joined (CIM-XML's CIMOperation, CIMMethod, ...).
  HttpResult post(const std::string& path, const std::string& contentType, const std::string& body,
                  const std::string& extraHeaders = {});
  HttpResult get(const std::string& path);
  // The host the Host header names from now on, instead of the URL's ("" for the URL's): a
  // client that reaches a cluster node by a hosts-file entry ("hv-node2") sends its name.
  void setHostHeader(std::string host) { hostHeader_ = std::move(host); }

 private:
  void beginRequest();  // frees the last answer, sets the credentials
  HttpResult receive();

  std::string baseUrl_;
  std::string user_;
  std::string password_;
  std::string hostHeader_;
  struct soap* soap_;
  void (*defaultPost_)() = nullptr;  // gSOAP's fpost, as a function pointer of no type (stdsoap2.h stays out)
};

}  // namespace cimdouble::http
