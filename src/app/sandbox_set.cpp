#include "app/sandbox_set.h"

namespace cimdouble::app {

SandboxSet::SandboxSet(cimom::ClassRepository& repository, Fixture schema, Fixture fixture, SandboxOptions options,
                       bool isolateByUser)
    : repository_(repository),
      schema_(std::move(schema)),
      fixture_(std::move(fixture)),
      options_(std::move(options)),
      isolateByUser_(isolateByUser) {
  shared_ = make();
}

std::unique_ptr<Sandbox> SandboxSet::make() {
  return std::make_unique<Sandbox>(repository_, schema_, fixture_, options_);
}

Sandbox& SandboxSet::forUser(const std::string& user) {
  if (!isolateByUser_ || user.empty()) return *shared_;
  std::lock_guard lock(mutex_);
  std::unique_ptr<Sandbox>& sandbox = byUser_[user];
  if (!sandbox) sandbox = make();  // only authenticated users get here, so the set stays bounded
  return *sandbox;
}

Sandbox* SandboxSet::existing(const std::string& user) {
  if (!isolateByUser_ || user.empty()) return shared_.get();
  std::lock_guard lock(mutex_);
  const auto found = byUser_.find(user);
  return found == byUser_.end() ? nullptr : found->second.get();
}

}  // namespace cimdouble::app
