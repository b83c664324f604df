// The sandboxes a server answers from: one shared by every user, or, with
// --isolate-by-user, one per user, made on the user's first request from the loaded fixture,
// so parallel CI workers (each with its own credentials) never see each other's state,
// clock, journal or fault rules.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/sandbox.h"

namespace cimdouble::app {

class SandboxSet {
 public:
  SandboxSet(cimom::ClassRepository& repository, Fixture schema, Fixture fixture, SandboxOptions options,
             bool isolateByUser);

  // The sandbox that answers `user` ("" for an unauthenticated Identify).
  Sandbox& forUser(const std::string& user);
  // The sandbox `user` already has (the shared one without --isolate-by-user); never makes one.
  Sandbox* existing(const std::string& user);

 private:
  std::unique_ptr<Sandbox> make();

  cimom::ClassRepository& repository_;
  Fixture schema_;
  Fixture fixture_;
  SandboxOptions options_;
  bool isolateByUser_;
  std::mutex mutex_;
  std::unique_ptr<Sandbox> shared_;
  std::map<std::string, std::unique_ptr<Sandbox>> byUser_;
};

}  // namespace cimdouble::app
