// Fresh "uuid:..." MessageIDs for responses (WinRM generates one per response).
#pragma once

#include <string>

namespace cimdouble::wsman {

std::string newUuid();  // upper-case GUID text, no prefix
inline std::string newMessageId() { return "uuid:" + newUuid(); }

}  // namespace cimdouble::wsman
