#include "app/node_directory.h"

#include "cimom/case_insensitive.h"

namespace cimdouble::app {
namespace {

// The host part of a Host header (RFC 9110 §7.2): without the port, an IPv6 literal's
// brackets or a trailing dot.
std::string_view hostPart(std::string_view header) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  if (!header.empty() && header.front() == '[') return header.substr(1, header.find(']') - 1);
  if (const std::size_t colon = header.rfind(':'); colon != std::string_view::npos) header = header.substr(0, colon);
  if (!header.empty() && header.back() == '.') header.remove_suffix(1);
  return header;
}

}  // namespace

void NodeDirectory::set(std::vector<std::string> nodes, std::string defaultNode) {
  std::lock_guard lock(mutex_);
  nodes_ = std::move(nodes);
  default_ = defaultNode.empty() && !nodes_.empty() ? nodes_.front() : std::move(defaultNode);
}

std::string NodeDirectory::resolve(std::string_view hostHeader) const {
  const std::string_view host = hostPart(hostHeader);
  const std::string_view label = host.substr(0, host.find('.'));
  std::lock_guard lock(mutex_);
  for (const std::string& node : nodes_) {
    if (cimom::iequals(node, host)) return node;
  }
  // "hv-node2.contoso.com": a node's FQDN. An IPv4 address's first label is a number, never a
  // computer name.
  for (const std::string& node : nodes_) {
    if (cimom::iequals(node, label)) return node;
  }
  return default_;
}

std::vector<std::string> NodeDirectory::nodes() const {
  std::lock_guard lock(mutex_);
  return nodes_;
}

std::string NodeDirectory::defaultNode() const {
  std::lock_guard lock(mutex_);
  return default_;
}

}  // namespace cimdouble::app
