#include "wsman/enumeration_contexts.h"

#include "wsman/message_id.h"

namespace cimdouble::wsman {

void EnumerationContexts::expire() {
  const int64_t now = clock_.nowMicros();
  for (auto it = states_.begin(); it != states_.end();) {
    if (now - it->second.lastUsedMicros > expiryMicros_) it = states_.erase(it);
    else ++it;
  }
}

std::optional<std::string> EnumerationContexts::open(EnumerationState state) {
  std::lock_guard lock(mutex_);
  expire();
  std::size_t mine = 0;
  for (const auto& [id, s] : states_) mine += s.user == state.user;
  if (mine >= maxPerUser_) return std::nullopt;
  state.lastUsedMicros = clock_.nowMicros();
  std::string id = newMessageId();
  states_.emplace(id, std::move(state));
  return id;
}

std::optional<EnumerationState> EnumerationContexts::take(const std::string& id, const std::string& user) {
  std::lock_guard lock(mutex_);
  expire();
  auto it = states_.find(id);
  if (it == states_.end() || it->second.user != user) return std::nullopt;
  EnumerationState state = std::move(it->second);
  states_.erase(it);
  return state;
}

void EnumerationContexts::putBack(const std::string& id, EnumerationState state) {
  std::lock_guard lock(mutex_);
  state.lastUsedMicros = clock_.nowMicros();
  states_.emplace(id, std::move(state));
}

bool EnumerationContexts::release(const std::string& id, const std::string& user) {
  std::lock_guard lock(mutex_);
  auto it = states_.find(id);
  if (it == states_.end() || it->second.user != user) return false;
  states_.erase(it);
  return true;
}

std::size_t EnumerationContexts::openBy(const std::string& user) {
  std::lock_guard lock(mutex_);
  expire();
  std::size_t mine = 0;
  for (const auto& [id, s] : states_) mine += s.user == user;
  return mine;
}

void EnumerationContexts::clear() {
  std::lock_guard lock(mutex_);
  states_.clear();
}

std::size_t EnumerationContexts::size() {
  std::lock_guard lock(mutex_);
  expire();
  return states_.size();
}

}  // namespace cimdouble::wsman
