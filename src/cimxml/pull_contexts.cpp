#include "cimxml/pull_contexts.h"

#include <algorithm>

namespace cimdouble::cimxml {

void PullContexts::expire() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = contexts_.begin(); it != contexts_.end();) {
    it = it->second.expires <= now ? contexts_.erase(it) : std::next(it);
  }
}

PullContexts::Piece PullContexts::take(const std::string& id, Context& context, std::size_t count) {
  Piece piece;
  const std::size_t end = std::min(context.items.size(), context.next + count);
  piece.items.assign(context.items.begin() + static_cast<long>(context.next), context.items.begin() + static_cast<long>(end));
  context.next = end;
  piece.endOfSequence = context.next == context.items.size();
  if (piece.endOfSequence) {
    contexts_.erase(id);  // §5.3.2.27: a context that reached its end is closed
  } else {
    context.expires = std::chrono::steady_clock::now() + context.timeout;
    piece.context = id;
  }
  return piece;
}

std::optional<PullContexts::Piece> PullContexts::open(PullKind kind, std::vector<PullItem> items, std::size_t count,
                                                      uint32_t timeoutSeconds) {
  std::lock_guard lock(mutex_);
  expire();
  if (contexts_.size() >= kMaxOpen) return std::nullopt;
  const std::string id = "cimdouble-pull-" + std::to_string(nextId_++);
  Context& context = contexts_[id];
  context.kind = kind;
  context.items = std::move(items);
  context.timeout = std::chrono::seconds(timeoutSeconds == 0 ? kDefaultTimeoutSeconds : timeoutSeconds);
  return take(id, context, count);
}

std::optional<PullContexts::Piece> PullContexts::pull(const std::string& id, PullKind kind, std::size_t count) {
  std::lock_guard lock(mutex_);
  expire();
  auto found = contexts_.find(id);
  if (found == contexts_.end() || found->second.kind != kind) return std::nullopt;
  return take(id, found->second, count);
}

bool PullContexts::close(const std::string& id) {
  std::lock_guard lock(mutex_);
  expire();
  return contexts_.erase(id) > 0;
}

std::optional<std::size_t> PullContexts::remaining(const std::string& id) {
  std::lock_guard lock(mutex_);
  expire();
  auto found = contexts_.find(id);
  if (found == contexts_.end()) return std::nullopt;
  return found->second.items.size() - found->second.next;
}

}  // namespace cimdouble::cimxml
