// A front end heard as if every request named one host: what a listener of one cluster node
// mounts (`serve --node-listeners`), so the request reaches the node the port stands for,
// whatever the client's Host header says. Everything else is the wrapped front end's.
#pragma once

#include <strings.h>

#include <string>
#include <utility>
#include <vector>

#include "http/front_end.h"

namespace cimdouble::http {

class FixedHostFrontEnd : public FrontEnd {
 public:
  FixedHostFrontEnd(FrontEnd& inner, std::string host) : inner_(inner), host_(std::move(host)) {}

  bool takes(std::string_view method) const override { return inner_.takes(method); }
  bool admitsAnonymous(const Request& request) const override { return inner_.admitsAnonymous(request); }
  std::vector<std::string> headers() const override { return inner_.headers(); }
  Reply handle(const Request& request) override {
    Request named = request;
    std::erase_if(named.headers, [](const auto& h) { return h.first.size() == 4 && strncasecmp(h.first.c_str(), "Host", 4) == 0; });
    named.headers.emplace_back("Host", host_);
    return inner_.handle(named);
  }

 private:
  FrontEnd& inner_;
  std::string host_;
};

}  // namespace cimdouble::http
