// The WinRM service settings that bound a request, under WinRM's own names and with its
// defaults (`winrm get winrm/config`; MS-WSMV 2.2.4.10 ConfigType, 2.2.4.36 ServiceType).
// `serve --winrm NAME=VALUE` and a start-up fixture's `winrm:` set them; names compare
// case-insensitively, as WinRM's configuration does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::wsman {

struct WinrmSettings {
  // Largest envelope, in KiB, either way: the MaxEnvelopeSize a client may ask for (larger is
  // clamped, MS-WSMV 3.1.4.1.7) and the largest request read (3.1.4.1.2; beyond it
  // w:EncodingLimit, and beyond four times it the transport answers 413 unread).
  uint64_t maxEnvelopeSizekb = 500;
  uint64_t maxTimeoutms = 60000;      // OperationTimeout is clamped to it (3.1.4.1.6)
  uint64_t maxBatchItems = 32000;     // items in one Enumerate or Pull answer, whatever MaxElements says
  // Operations a user has at once: requests in progress plus open enumeration contexts;
  // beyond it w:QuotaLimit, WinRM's ERROR_WSMAN_QUOTA_MAX_OPERATIONS.
  uint64_t maxConcurrentOperationsPerUser = 1500;
  // An unused enumeration context lives this long. MS-WSMV's schema says 60000; WinRM on
  // Windows Server 2012 R2 and later ships 240000, which is what a Hyper-V host shows.
  uint64_t enumerationTimeoutms = 240000;
  uint64_t maxConnections = 300;      // requests served at once; beyond it HTTP 503
};

// Sets one setting from its text. Returns "" or the error to show, which names the valid
// settings (or WinRM's range for the value).
std::string setWinrmSetting(WinrmSettings& settings, std::string_view name, std::string_view value);

// "NAME=VALUE", as the command line gives it.
std::string setWinrmSetting(WinrmSettings& settings, std::string_view assignment);

std::vector<std::string> winrmSettingNames();

}  // namespace cimdouble::wsman
