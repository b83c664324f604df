// CIM_ConcreteJob states and what Hyper-V shows with each (JobStatus, StatusDescriptions,
// OperationalStatus, HealthState, PrimaryStatus). Every such string lives in StatusTable, one
// table the fixtures can override.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::jobs {

// CIM_ConcreteJob.JobState ValueMap.
enum class JobState : uint16_t {
  New = 2,
  Starting = 3,
  Running = 4,
  Suspended = 5,
  ShuttingDown = 6,
  Completed = 7,
  Terminated = 8,
  Killed = 9,
  Exception = 10,
  Service = 11,
};

bool isFinished(JobState state);
// Finished, but not Completed: Exception, Terminated or Killed. Such a job carries ErrorCode,
// ErrorDescription and ErrorSummaryDescription, and GetErrorEx has its Msvm_Error.
bool endedInFailure(JobState state);

// The ValueMap's Values, as CIM_ConcreteJob's MOF spells them ("Shutting Down", with a space).
const char* jobStateName(JobState state);
// A state by the name people write in fixtures and YAML: any case, with or without the space
// ("ShuttingDown", "shutting down"). nullopt for anything else.
std::optional<JobState> jobStateNamed(std::string_view name);

struct StateLook {
  std::string jobStatus;                 // JobStatus and StatusDescriptions[0]
  std::vector<uint16_t> operationalStatus;
  uint16_t healthState = 5;
  uint16_t primaryStatus = 1;
};

class StatusTable {
 public:
  StatusTable();  // Hyper-V's look for each state
  const StateLook& look(JobState state) const;
  void set(JobState state, StateLook look) { looks_[state] = std::move(look); }

 private:
  std::map<JobState, StateLook> looks_;
};

}  // namespace cimdouble::jobs
