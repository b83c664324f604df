#include "wsman/winrm_settings.h"

#include <charconv>

#include "cimom/name_suggestions.h"
#include "cimom/case_insensitive.h"

namespace cimdouble::wsman {
namespace {

struct SettingSpec {
  const char* name;
  uint64_t WinrmSettings::*field;
  uint64_t minimum;  // WinRM's lower bound for the value
};

// WinRM's ranges: MaxEnvelopeSizekb at least 32, MaxTimeoutms at least 500 (MS-WSMV
// 2.2.4.10); every value an xs:unsignedInt.
constexpr SettingSpec kSettings[] = {
    {"MaxEnvelopeSizekb", &WinrmSettings::maxEnvelopeSizekb, 32},
    {"MaxTimeoutms", &WinrmSettings::maxTimeoutms, 500},
    {"MaxBatchItems", &WinrmSettings::maxBatchItems, 1},
    {"MaxConcurrentOperationsPerUser", &WinrmSettings::maxConcurrentOperationsPerUser, 1},
    {"EnumerationTimeoutms", &WinrmSettings::enumerationTimeoutms, 1},
    {"MaxConnections", &WinrmSettings::maxConnections, 1},
};

constexpr uint64_t kMaximum = 4294967295u;

}  // namespace

std::vector<std::string> winrmSettingNames() {
  std::vector<std::string> names;
  for (const SettingSpec& spec : kSettings) names.emplace_back(spec.name);
  return names;
}

std::string setWinrmSetting(WinrmSettings& settings, std::string_view name, std::string_view value) {
  for (const SettingSpec& spec : kSettings) {
    if (!cimom::iequals(name, spec.name)) continue;
    uint64_t number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size() || number < spec.minimum ||
        number > kMaximum) {
      return std::string("WinRM's ") + spec.name + " is a whole number from " + std::to_string(spec.minimum) +
             " to " + std::to_string(kMaximum) + ", not '" + std::string(value) + "'";
    }
    settings.*spec.field = number;
    return {};
  }
  std::string message = "'" + std::string(name) + "' is not a WinRM setting cimdouble knows";
  const std::vector<std::string> close = cimom::closestNames(name, winrmSettingNames(), 1);
  if (!close.empty()) message += " (did you mean " + close.front() + "?)";
  return message + "; the settings are " + cimom::joinNames(winrmSettingNames(), " and ");
}

std::string setWinrmSetting(WinrmSettings& settings, std::string_view assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return "--winrm wants NAME=VALUE (e.g. MaxEnvelopeSizekb=500), not '" + std::string(assignment) + "'";
  }
  return setWinrmSetting(settings, assignment.substr(0, equals), assignment.substr(equals + 1));
}

}  // namespace cimdouble::wsman
