// How many requests each user has in progress, for WinRM's MaxConcurrentOperationsPerUser
// (with the user's open enumeration contexts, which WinRM counts as operations too).
// Safe for concurrent use.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace cimdouble::wsman {

class UserOperations {
 public:
  // One request in progress; it ends when the slot goes.
  class Slot {
   public:
    Slot(UserOperations& owner, std::string user) : owner_(&owner), user_(std::move(user)) {}
    Slot(Slot&& other) noexcept : owner_(other.owner_), user_(std::move(other.user_)) { other.owner_ = nullptr; }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&& other) noexcept {
      if (this != &other) {
        release();
        owner_ = other.owner_;
        user_ = std::move(other.user_);
        other.owner_ = nullptr;
      }
      return *this;
    }
    ~Slot() { release(); }

   private:
    void release() {
      if (owner_) owner_->end(user_);
      owner_ = nullptr;
    }

    UserOperations* owner_;
    std::string user_;
  };

  // A slot for one more of `user`'s requests; nullopt when the requests in progress plus
  // `held` (the user's other operations) are at `limit` already.
  std::optional<Slot> begin(const std::string& user, std::size_t held, std::size_t limit);

 private:
  void end(const std::string& user);

  std::mutex mutex_;
  std::map<std::string, std::size_t> inProgress_;
};

}  // namespace cimdouble::wsman
