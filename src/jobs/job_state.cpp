#include "jobs/job_state.h"

#include "cimom/case_insensitive.h"

namespace cimdouble::jobs {

bool isFinished(JobState state) {
  return state == JobState::Completed || state == JobState::Terminated || state == JobState::Killed ||
         state == JobState::Exception;
}

bool endedInFailure(JobState state) {
  return state == JobState::Exception || state == JobState::Terminated || state == JobState::Killed;
}

namespace {

constexpr JobState kAllStates[] = {JobState::New,       JobState::Starting,   JobState::Running, JobState::Suspended,
                                   JobState::ShuttingDown, JobState::Completed, JobState::Terminated,
                                   JobState::Killed,    JobState::Exception,  JobState::Service};

std::string withoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ') out += c;
  }
  return out;
}

}  // namespace

const char* jobStateName(JobState state) {
  switch (state) {
    case JobState::New: return "New";
    case JobState::Starting: return "Starting";
    case JobState::Running: return "Running";
    case JobState::Suspended: return "Suspended";
    case JobState::ShuttingDown: return "Shutting Down";
    case JobState::Completed: return "Completed";
    case JobState::Terminated: return "Terminated";
    case JobState::Killed: return "Killed";
    case JobState::Exception: return "Exception";
    case JobState::Service: return "Service";
  }
  return "?";
}

std::optional<JobState> jobStateNamed(std::string_view name) {
  const std::string wanted = withoutSpaces(name);
  for (JobState state : kAllStates) {
    if (cimom::iequals(wanted, withoutSpaces(jobStateName(state)))) return state;
  }
  return std::nullopt;
}

StatusTable::StatusTable() {
  // OperationalStatus: 2 OK, 6 Error, 10 Stopped, 14 Aborted, 15 Dormant, 17 Completed.
  looks_[JobState::New] = {"Job is queued", {2}, 5, 1};
  looks_[JobState::Starting] = {"Job is starting", {2, 8}, 5, 1};
  looks_[JobState::Running] = {"Job is running", {2}, 5, 1};
  looks_[JobState::Suspended] = {"Job is suspended", {2, 15}, 5, 1};
  looks_[JobState::ShuttingDown] = {"Job is stopping", {2, 9}, 5, 1};
  looks_[JobState::Completed] = {"Job completed successfully", {2, 17}, 5, 1};
  looks_[JobState::Terminated] = {"Job was cancelled", {10, 17}, 5, 1};
  looks_[JobState::Killed] = {"Job was killed", {14, 17}, 5, 1};
  looks_[JobState::Exception] = {"Job failed", {6, 17}, 20, 3};
  looks_[JobState::Service] = {"Job is in service", {11}, 5, 1};
}

const StateLook& StatusTable::look(JobState state) const { return looks_.at(state); }

}  // namespace cimdouble::jobs
