// The ceiling for the WS-Man benchmark: an HTTP/1.1 keep-alive server that reads a request
// (headers + Content-Length body) and answers a fixed ~600-byte SOAP response, one thread per
// connection like cimdouble. Whatever cimdouble costs beyond this is XML, auth and CIM work.
//
//   fixed_response_server PORT_FILE   (binds 127.0.0.1:0, writes the port to PORT_FILE)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

const std::string kBody(600, 'x');
const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: " +
                              std::to_string(kBody.size()) + "\r\n\r\n" + kBody;

void serve(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::string buffer;
  char chunk[65536];
  while (true) {
    std::size_t headerEnd;
    while ((headerEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return close(fd), void();
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    std::size_t length = 0;
    const std::size_t at = buffer.find("Content-Length:");
    if (at != std::string::npos && at < headerEnd) length = std::strtoul(buffer.c_str() + at + 15, nullptr, 10);
    while (buffer.size() < headerEnd + 4 + length) {
      const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return close(fd), void();
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    buffer.erase(0, headerEnd + 4 + length);
    if (send(fd, kResponse.data(), kResponse.size(), MSG_NOSIGNAL) < 0) return close(fd), void();
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) || listen(listener, 256)) return 1;
  socklen_t size = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  if (FILE* f = std::fopen(argv[1], "w")) {
    std::fprintf(f, "%d\n", ntohs(address.sin_port));
    std::fclose(f);
  }
  while (true) {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd >= 0) std::thread(serve, fd).detach();
  }
}
