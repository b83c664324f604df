// The WS-Management operations. Each reads a parsed Request and returns the response body
// envelope text; each throws WsmanFault when WinRM would fault.
#pragma once

#include <string>

#include "wsman/operation_context.h"

namespace cimdouble::wsman {

std::string identify(const ServiceOptions& options, const std::string& relatesTo, bool authenticated);

std::string transferGet(OperationContext& ctx, const Request& request);
std::string transferPut(OperationContext& ctx, const Request& request);
std::string transferDelete(OperationContext& ctx, const Request& request);
std::string transferCreate(OperationContext& ctx, const Request& request);

std::string enumerate(OperationContext& ctx, const Request& request);
std::string pull(OperationContext& ctx, const Request& request);
std::string release(OperationContext& ctx, const Request& request);

// Any other action: a method of the resource's class (action = resource URI + "/" + method).
std::string invoke(OperationContext& ctx, const Request& request);

}  // namespace cimdouble::wsman
