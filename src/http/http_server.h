// The HTTP and HTTPS listeners, on gSOAP (../shared/reference/gsoap-notes.md): gSOAP does the
// socket, HTTP/1.1, keep-alive, chunked bodies, TLS and Basic credentials; this file checks
// the credentials and hands each request to the front end mounted on its path (front_end.h),
// whose types it does not know.
//
// Worker model: one thread per connection, up to `maxConnections` at once (WinRM's
// MaxConnections, 300 by default; an idle keep-alive connection holds its thread); a
// connection beyond the cap gets 503, as HTTP.sys answers a full queue, and is closed, so
// idle clients never starve the listener itself. Receive and send timeouts bound every read
// and write; a whole request must arrive within
// `requestTimeoutSeconds` (slow clients cannot pin a thread forever).
#pragma once

#include <atomic>
#include <functional>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http/accounts.h"
#include "http/client_certificate.h"
#include "http/cross_origin.h"
#include "http/front_end.h"

struct soap;

namespace cimdouble::http {

// Why credentials were refused, as metrics label them; the detail goes to the journal only.
struct AuthenticationRefusal {
  std::string scheme;  // "Basic", "Negotiate", "Kerberos", "Certificate", or the one sent
  std::string user;    // who the request claimed to be, where it says (Basic, certificates)
  std::string reason;  // bad-credentials, bad-token, scheme-not-offered, bare-ntlm, unencrypted,
                       // channel-binding, unknown-principal, no-certificate, unmapped-certificate
  std::string detail;  // what the mechanism said
};

struct HttpServerOptions {
  std::vector<Credentials> users;  // the accounts, fixed for the server's life (accounts.h)
  std::vector<std::string> allowOrigins;  // web origins admitted (cross_origin.h); none by default
  std::size_t maxConnections = 300;  // WinRM's MaxConnections
  int idleTimeoutSeconds = 30;      // keep-alive idle time, and each read
  int sendTimeoutSeconds = 10;
  int requestTimeoutSeconds = 60;   // a whole request
  std::size_t maxRequestBytes = 4 * 512000;  // beyond: 413 and close, without buffering it
  bool negotiate = true;  // offer Negotiate (NTLM through gss-ntlmssp) (negotiate.h)
  bool basic = true;      // offer Basic (RFC 7617)
  // The domains a local account answers to in NTLM: none, ".", and the hosts' names.
  std::vector<std::string> ntlmDomains = {"", "."};
  std::string ntlmTarget;  // the NetBIOS name NTLM challenges name (the default node)
  // Kerberos (a keytab was given, negotiate.h): offered as its own scheme too, and a
  // principal authenticates as the account of its name (accounts.h).
  bool kerberos = false;
  // WinRM's AllowUnencrypted=false: over HTTP, Basic is refused and a Negotiate or Kerberos
  // request must come sealed (MS-WSMV 2.2.9.1).
  bool requireEncryption = false;
  // Client certificates over HTTPS (WinRM's certificate mapping): who each one is.
  std::vector<CertificateMapping> certificates;
  // Told of every refused authentication, from the worker that refused it.
  std::function<void(const AuthenticationRefusal&)> onRefusal;
};

// What authenticating a request came to.
struct Authentication {
  enum class Kind {
    User,       // `user` is who sent it
    Anonymous,  // no credentials
    Challenge,  // a Negotiate handshake goes on: 401 with its next token
    Refused,    // wrong credentials, a bad token, or a scheme not offered
  } kind = Kind::Anonymous;
  std::string user;
  std::string mutualToken;  // a last handshake token to send with the answer: "Negotiate <base64>" (Kerberos)
  std::string scheme;       // "Basic", "Negotiate", "Kerberos" or "Certificate", for a user
  AuthenticationRefusal refusal;  // why, when Refused
};

// A connection's request state (http_server.cpp).
struct RequestHeaders;

struct Listener {
  std::string host;
  int port = 0;
  bool tls = false;
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves `frontEnd` at `path` exactly, or (`prefix`) at every path that starts with it; the
  // first mount that matches answers, other paths get 404. Mount before listening; the front
  // end must outlive the server.
  void mount(std::string path, bool prefix, FrontEnd& frontEnd);
  // Binds a listener (port 0: ephemeral) and starts accepting; returns the bound port.
  // `pemPath` (key + certificate) makes it HTTPS. Throws std::runtime_error when it cannot bind.
  int listen(const std::string& host, int port, const std::string& pemPath = {});
  // Stops accepting, closes every connection and waits for the workers.
  void stop();
  // The WWW-Authenticate lines of a 401 to a request without credentials.
  const std::string& challenge() const { return challenge_; }

 private:
  struct ListenerState;
  struct Mount {
    std::string path;
    bool prefix;
    FrontEnd* frontEnd;
  };
  void acceptLoop(ListenerState* listener);
  // Serves one connection's requests until it closes, times out or is not kept alive.
  void serveConnection(struct soap* connection);
  // Who the TLS client's certificate is, if it sent one (client_certificate.h).
  void notePeerCertificate(struct soap* connection, RequestHeaders& headers) const;
  // Answers a POST whose head has been read (`emptyBody`: gSOAP found no body to read);
  // false: close the connection.
  bool servePost(struct soap* s, bool emptyBody);
  friend int answerGet(struct soap* s);
  friend int answerOptions(struct soap* s);
  friend int answerHead(struct soap* s);
  friend int answerNotAllowed(struct soap* s);
  // Hands one request to its front end and sends the reply; false: close the connection.
  bool serveRequest(struct soap* s, std::string_view method, std::string_view body);
  FrontEnd* frontEndFor(std::string_view path) const;
  // Who the request is from: Basic credentials, a Negotiate handshake's leg (the connection's
  // context, kept in `headers`), or the connection a handshake authenticated.
  Authentication authenticate(RequestHeaders& headers) const;
  // A leg of a Negotiate (or Kerberos) handshake on the connection's context.
  Authentication acceptNegotiate(RequestHeaders& headers, const std::string& scheme, std::string_view token) const;
  // A refusal, told to options_.onRefusal.
  Authentication refuse(std::string scheme, std::string reason, std::string detail, std::string user = {}) const;

  HttpServerOptions options_;
  std::string challenge_;
  const Accounts accounts_;  // never changes: workers read it without a lock
  const OriginPolicy origins_;
  std::vector<Mount> mounts_;
  std::vector<std::string> capturedHeaders_;  // what the mounted front ends read
  std::vector<std::unique_ptr<ListenerState>> listeners_;
  std::vector<std::thread> acceptThreads_;
  std::atomic<bool> stopping_{false};
  StopLatch stopLatch_;  // wakes requests that wait (injected delays) when the server stops
  std::mutex connectionsMutex_;
  std::condition_variable connectionsDone_;
  std::set<int> openSockets_;
  std::size_t activeConnections_ = 0;
};

}  // namespace cimdouble::http
