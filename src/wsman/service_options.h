// Knobs of the WS-Man service, with WinRM's defaults. Tests shorten them; nothing is global.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "wsman/request.h"
#include "wsman/winrm_settings.h"

namespace cimdouble::wsman {

// Which requests get a fault's CIM-error detail (MSFT_WmiError, wire reference §9.1) rather
// than WSManFault. WinRM's exact rule is unconfirmed: by default the MI client's requests
// (a wsmv:OperationID header, msftwinrm:/wmi:__MI options, or User-Agent "Microsoft WinRM Client").
enum class CimErrorFaults { MiClients, Always, Never };

struct ServiceOptions {
  std::string machine = "cimdouble";                        // WSManFault/@Machine
  std::string defaultNamespace = "root/virtualization/v2";  // DMTF URI without __cimnamespace
  WinrmSettings winrm;  // the limits, under WinRM's names
  bool unauthenticatedIdentify = true;           // answer "WSMANIDENTIFY: unauthenticated"
  CimErrorFaults cimErrorFaults = CimErrorFaults::MiClients;
  std::string productVendor = "Microsoft Corporation";
  std::string productVersion = "OS: 10.0.20348 SP: 0.0 Stack: 3.0";
};

// The limits a request is read under (request.h), from the WinRM settings.
inline RequestLimits requestLimits(const WinrmSettings& winrm) {
  return RequestLimits{winrm.maxEnvelopeSizekb * 1024, static_cast<int64_t>(winrm.maxTimeoutms) * 1000};
}

}  // namespace cimdouble::wsman
