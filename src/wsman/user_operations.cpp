#include "wsman/user_operations.h"

namespace cimdouble::wsman {

std::optional<UserOperations::Slot> UserOperations::begin(const std::string& user, std::size_t held,
                                                          std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::size_t& count = inProgress_[user];
  if (count + held >= limit) {
    if (count == 0) inProgress_.erase(user);
    return std::nullopt;
  }
  ++count;
  return Slot(*this, user);
}

void UserOperations::end(const std::string& user) {
  std::lock_guard lock(mutex_);
  auto it = inProgress_.find(user);
  if (it != inProgress_.end() && --it->second == 0) inProgress_.erase(it);
}

}  // namespace cimdouble::wsman
