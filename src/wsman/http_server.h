// The HTTP and HTTPS listeners, on gSOAP (../shared/reference/gsoap-notes.md): gSOAP does the
// socket, HTTP/1.1, keep-alive, chunked bodies, TLS and Basic credentials; WsmanService does
// everything WS-Man.
//
// Worker model: one thread per connection, up to `maxConnections` at once (an idle keep-alive
// connection holds its thread, so the cap is sized for 400 pollers); a connection beyond the
// cap gets 503 and is closed, so idle clients never starve the listener itself. Receive and
// send timeouts bound every read and write; a whole request must arrive within
// `requestTimeoutSeconds` (slow clients cannot pin a thread forever).
#pragma once

#include <atomic>
#include <functional>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "wsman/control_plane.h"
#include "wsman/wsman_service.h"

struct soap;

namespace cimdouble::wsman {

struct Credentials {
  std::string user;
  std::string password;
};

struct HttpServerOptions {
  std::string path = "/wsman";
  std::vector<Credentials> users;
  std::size_t maxConnections = 400;
  int idleTimeoutSeconds = 30;      // keep-alive idle time, and each read
  int sendTimeoutSeconds = 10;
  int requestTimeoutSeconds = 60;   // a whole request
  std::size_t maxRequestBytes = 4 * 512000;  // beyond: 413 and close, without buffering it
  // The control plane under /cimdouble/v1/ (GET and POST), with the same credentials; none: 404.
  std::function<ControlReply(const std::string& user, const std::string& method, const std::string& path,
                             const std::string& body)>
      control;
};

// Which WS-Man service answers an authenticated user ("" for an unauthenticated Identify):
// one for everyone, or one per user (serve --isolate-by-user).
using ServiceRouter = std::function<WsmanService&(const std::string& user)>;

struct Listener {
  std::string host;
  int port = 0;
  bool tls = false;
};

class HttpServer {
 public:
  HttpServer(ServiceRouter router, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds a listener (port 0: ephemeral) and starts accepting; returns the bound port.
  // `pemPath` (key + certificate) makes it HTTPS. Throws std::runtime_error when it cannot bind.
  int listen(const std::string& host, int port, const std::string& pemPath = {});
  // Stops accepting, closes every connection and waits for the workers.
  void stop();
  // Accepts another user from now on (a fixture loaded at run time declares users).
  void addUser(Credentials credentials);

 private:
  struct ListenerState;
  void acceptLoop(ListenerState* listener);
  void serveConnection(struct soap* connection);
  friend int controlGet(struct soap* s);
  void serveControl(struct soap* s, const char* method, const std::string& body);
  bool authenticate(const std::string& user, const std::string& password) const;

  ServiceRouter router_;
  HttpServerOptions options_;
  mutable std::shared_mutex usersMutex_;  // options_.users grows at run time
  std::vector<std::unique_ptr<ListenerState>> listeners_;
  std::vector<std::thread> acceptThreads_;
  std::atomic<bool> stopping_{false};
  std::mutex connectionsMutex_;
  std::condition_variable connectionsDone_;
  std::set<int> openSockets_;
  std::size_t activeConnections_ = 0;
};

}  // namespace cimdouble::wsman
