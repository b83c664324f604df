// Win32_Process in a node's root/cimv2 (Microsoft's cimwin32prov pages of the class and of each
// method): the static Create starts a "process" on the node that answers (the double runs
// nothing: the instance is the whole process, until Terminate ends it), SetPriority changes
// its priority and GetAvailableVirtualSize reports its free address space. Return codes are
// the pages' own: 0 success, 8 unknown failure, 9 path not found, 21 invalid parameter.
#include <algorithm>
#include <cctype>

#include "cimom/case_insensitive.h"
#include "cimom/datetime.h"
#include "cimom/object_path.h"
#include "jobs/cluster_lookup.h"
#include "jobs/method_results.h"
#include "jobs/providers.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::MethodCall;
using cimom::MethodResult;
using cimom::Value;

enum class ProcessReturn : uint32_t { Success = 0, UnknownFailure = 8, PathNotFound = 9, InvalidParameter = 21 };

constexpr const char* kProcessClass = "Win32_Process";
constexpr uint64_t kUserAddressSpace = 128ull << 40;  // 128 TiB: a 64-bit process's user space
constexpr uint64_t kVirtualSize = 2'203'318'222'848ull;  // what a small new 64-bit process reserves

Value u32(uint64_t v) { return Value::unsignedInt(CimType::UInt32, v); }
Value u64(uint64_t v) { return Value::unsignedInt(CimType::UInt64, v); }

// "C:\dir" or "\\server\share": the absolute forms a current directory resolves from.
bool absoluteWindowsPath(const std::string& path) {
  if (path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' &&
      (path[2] == '\\' || path[2] == '/')) {
    return true;
  }
  return path.rfind("\\\\", 0) == 0 && path.size() > 2;
}

// The executable a command line starts: its first token (quoted or not); a bare name is
// looked up where Windows would find it, %SystemRoot%\system32, with ".exe" when it has none.
std::string executableOf(const std::string& commandLine) {
  std::size_t start = commandLine.find_first_not_of(" \t");
  if (start == std::string::npos) return {};
  std::string token;
  if (commandLine[start] == '"') {
    const std::size_t end = commandLine.find('"', start + 1);
    token = commandLine.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
  } else {
    token = commandLine.substr(start, commandLine.find_first_of(" \t", start) - start);
  }
  const std::size_t slash = token.find_last_of("\\/");
  const std::string file = slash == std::string::npos ? token : token.substr(slash + 1);
  const std::string withExtension = file.find('.') == std::string::npos ? token + ".exe" : token;
  return absoluteWindowsPath(withExtension) ? withExtension : "C:\\Windows\\system32\\" + withExtension;
}

// Windows hands out process IDs in steps of 4; a new one is above every process of the node.
uint64_t freshProcessId(const std::vector<cimom::InstancePtr>& processes) {
  uint64_t highest = 4096;
  for (const cimom::InstancePtr& p : processes) {
    const Value* pid = p->get("ProcessId");
    if (pid && !pid->isNull()) highest = std::max(highest, pid->asUnsigned());
  }
  return highest + 4;
}

cimom::Result<MethodResult> create(const MethodCall& call, JobEngine& engine) {
  const ClusterLookup view = engine.cluster(call.nameSpace);
  const Value* commandLine = call.argument("CommandLine");
  if (!commandLine || commandLine->isNull() || commandLine->asString().find_first_not_of(" \t") == std::string::npos) {
    return methodResult(ProcessReturn::InvalidParameter);
  }
  if (const Value* directory = call.argument("CurrentDirectory");
      directory && !directory->isNull() && !absoluteWindowsPath(directory->asString())) {
    return methodResult(ProcessReturn::PathNotFound);
  }
  if (const Value* startup = call.argument("ProcessStartupInformation"); startup && !startup->isNull()) {
    if (startup->type() != CimType::Instance || !cimom::iequals(startup->asInstance()->className(), "Win32_ProcessStartup")) {
      return methodResult(ProcessReturn::InvalidParameter);
    }
  }
  auto processes = view.inView(kProcessClass);
  if (!processes) return processes.error();
  auto systems = view.inView("Win32_OperatingSystem");
  if (!systems) return systems.error();
  const std::string node(cimom::splitServer(call.nameSpace).server);
  const cimom::InstancePtr os = systems->empty() ? nullptr : systems->front();

  const std::string executable = executableOf(commandLine->asString());
  const std::string name = executable.substr(executable.find_last_of("\\/") + 1);
  const uint64_t pid = freshProcessId(*processes);
  cimom::Instance process(kProcessClass, view.nameSpace());
  process.set("CreationClassName", Value::string(kProcessClass));
  process.set("Handle", Value::string(std::to_string(pid)));
  process.set("ProcessId", u32(pid));
  process.set("Name", Value::string(name));
  process.set("Caption", Value::string(name));
  process.set("Description", Value::string(name));
  process.set("CommandLine", *commandLine);
  process.set("ExecutablePath", Value::string(executable));
  process.set("CreationDate", Value::datetime(cimom::DateTime::timestamp(engine.clock().nowMicros())));
  process.set("CSCreationClassName", Value::string("Win32_ComputerSystem"));
  process.set("CSName", Value::string(node.empty() && os ? text(*os, "CSName") : node));
  process.set("OSCreationClassName", Value::string("Win32_OperatingSystem"));
  if (os) {
    process.set("OSName", Value::string(text(*os, "Name")));
    process.set("WindowsVersion", Value::string(text(*os, "Version")));
  }
  // Started by the WMI provider host, in session 0 (remote processes are never interactive),
  // at normal priority with one thread: a process that has just begun.
  process.set("ParentProcessId", u32(3124));
  process.set("SessionId", u32(0));
  process.set("Priority", u32(8));
  process.set("ThreadCount", u32(1));
  process.set("HandleCount", u32(36));
  process.set("KernelModeTime", u64(0));
  process.set("UserModeTime", u64(0));
  process.set("WorkingSetSize", u64(4'096'000));
  process.set("PeakWorkingSetSize", u32(4000));
  process.set("MinimumWorkingSetSize", u32(200));
  process.set("MaximumWorkingSetSize", u32(1380));
  process.set("VirtualSize", u64(kVirtualSize));
  process.set("PeakVirtualSize", u64(kVirtualSize));
  process.set("PageFileUsage", u32(1024));
  process.set("PeakPageFileUsage", u32(1024));
  process.set("PrivatePageCount", u64(1'048'576));
  process.set("PageFaults", u32(1000));
  for (const char* counter : {"QuotaNonPagedPoolUsage", "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage",
                              "QuotaPeakPagedPoolUsage"}) {
    process.set(counter, u32(8));
  }
  for (const char* counter : {"ReadOperationCount", "ReadTransferCount", "WriteOperationCount", "WriteTransferCount",
                              "OtherOperationCount", "OtherTransferCount"}) {
    process.set(counter, u64(0));
  }
  if (!node.empty()) process.setServer(node);
  if (cimom::Status made = view.create(process); !made) return methodResult(ProcessReturn::UnknownFailure);
  return methodResult(ProcessReturn::Success, {{"ProcessId", u32(pid)}});
}

cimom::Result<MethodResult> terminate(const MethodCall& call, JobEngine& engine) {
  if (!call.instance) return methodResult(ProcessReturn::InvalidParameter);
  if (cimom::Status removed = engine.cluster(call.nameSpace).remove(call.target); !removed) {
    return methodResult(ProcessReturn::UnknownFailure);
  }
  return methodResult(ProcessReturn::Success);
}

// SetPriority's priority classes and the base priority (Priority) each gives.
constexpr std::pair<int64_t, uint32_t> kPriorityClasses[] = {
    {64, 4}, {16384, 6}, {32, 8}, {32768, 10}, {128, 13}, {256, 24},
};

cimom::Result<MethodResult> setPriority(const MethodCall& call, JobEngine& engine) {
  const Value* priority = call.argument("Priority");
  if (!call.instance || !priority || priority->isNull()) return methodResult(ProcessReturn::InvalidParameter);
  for (const auto& [priorityClass, base] : kPriorityClasses) {
    if (priority->asSigned() != priorityClass) continue;
    cimom::Instance changed = *call.instance;
    changed.set("Priority", u32(base));
    if (cimom::Status modified = engine.cluster(call.nameSpace).modify(changed); !modified) {
      return methodResult(ProcessReturn::UnknownFailure);
    }
    return methodResult(ProcessReturn::Success);
  }
  return methodResult(ProcessReturn::InvalidParameter);
}

cimom::Result<MethodResult> availableVirtualSize(const MethodCall& call) {
  if (!call.instance) return methodResult(ProcessReturn::InvalidParameter);
  const Value* used = call.instance->get("VirtualSize");
  const uint64_t reserved = used && !used->isNull() ? used->asUnsigned() : 0;
  return methodResult(ProcessReturn::Success,
                      {{"AvailableVirtualSize", u64(kUserAddressSpace - std::min(reserved, kUserAddressSpace))}});
}

}  // namespace

void registerProcessMethods(cimom::MethodDispatcher& methods, JobEngine& engine) {
  methods.registerHandler(kProcessClass, "Create", [&engine](const MethodCall& call) { return create(call, engine); });
  methods.registerHandler(kProcessClass, "Terminate", [&engine](const MethodCall& call) { return terminate(call, engine); });
  methods.registerHandler(kProcessClass, "SetPriority",
                          [&engine](const MethodCall& call) { return setPriority(call, engine); });
  methods.registerHandler(kProcessClass, "GetAvailableVirtualSize",
                          [](const MethodCall& call) { return availableVirtualSize(call); });
}

}  // namespace cimdouble::jobs
