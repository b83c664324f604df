// Which cluster node a request means. Every node of a Hyper-V cluster runs its own WinRM; on
// the double's shared listener the Host header tells them apart (a client that reaches
// "hv-node2:5985" through a hosts-file entry talks to HV-NODE2), and a request that names no
// node is answered by the fixture's default node.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::app {

class NodeDirectory {
 public:
  // The cluster's nodes, and the one that answers for none (the first, when `defaultNode` is
  // empty).
  void set(std::vector<std::string> nodes, std::string defaultNode);
  // The node a Host header names: the whole host name or its first DNS label
  // ("hv-node2.contoso.com:5985"), compared case-insensitively; the default node otherwise
  // ("127.0.0.1:5985", "localhost", no header). "" when the cluster has no nodes.
  std::string resolve(std::string_view hostHeader) const;
  std::vector<std::string> nodes() const;
  std::string defaultNode() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> nodes_;
  std::string default_;
};

}  // namespace cimdouble::app
