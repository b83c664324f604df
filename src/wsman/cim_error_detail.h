// The CIM-error form of a fault's detail, for MI clients (PowerShell's CIM cmdlets, OMI's
// client): an MSFT_WmiError instance marked b:IsCIM_Error="true" directly in s:Detail, in
// place of WSManFault (wire reference §9.1, as WinRM sent it to captured clients). The MI
// client builds the CimException the user sees from it: CIMStatusCode, MessageID
// ("HRESULT 0x80041010"), error_Code, error_Category and the message.
#pragma once

#include <cstdint>
#include <string>

#include "wsman/fault.h"
#include "xml/xml.h"

namespace cimdouble::wsman {

// WS-Man reads and writes its documents with src/xml.
using namespace cimdouble::xml;


struct CimErrorFields {
  uint32_t cimStatus = 1;  // DSP0200 status code (CIM_Error.CIMStatusCode)
  uint32_t errorCode = 0;  // the HRESULT: WMI's for a CIMOM error, WinRM's own otherwise
  uint32_t category = 0;   // MI_ErrorCategory (the PowerShell ErrorCategory numbers)
};

CimErrorFields cimErrorFields(const WsmanFault& fault);

// Appends the MSFT_WmiError instance for `fault`, worded `message`, to `detail`.
void appendCimErrorDetail(xmlNode* detail, const WsmanFault& fault, const std::string& message);

}  // namespace cimdouble::wsman
