// The namespace URIs and fixed URIs of WS-Management as WinRM uses them
// (../shared/reference/wsman-wire.md §0). Parse by URI, never by prefix.
#pragma once

namespace cimdouble::wsman::ns {

inline constexpr const char* kSoap = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr const char* kAddressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
inline constexpr const char* kWsman = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
inline constexpr const char* kMsWsman = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
inline constexpr const char* kEnumeration = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
inline constexpr const char* kTransfer = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
inline constexpr const char* kCimBinding = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd";
inline constexpr const char* kIdentity = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";
inline constexpr const char* kCimCommon = "http://schemas.dmtf.org/wbem/wscim/1/common";
inline constexpr const char* kXsi = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr const char* kWsmanFault = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";

inline constexpr const char* kAnonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
inline constexpr const char* kFaultDetailPrefix = "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/";

// Resource URI prefixes (MS-WSMV 3.1.4.1.1).
inline constexpr const char* kDmtfClassPrefix = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";
inline constexpr const char* kMsDmtfClassPrefix = "http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/";
inline constexpr const char* kWmiPrefix = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";
inline constexpr const char* kAllClasses = "http://schemas.dmtf.org/wbem/wscim/1/*";
inline constexpr const char* kCimXmlSchema = "http://schemas.dmtf.org/wbem/cim-xml/2/cim-schema/2/*";

// Filter dialects.
inline constexpr const char* kWqlDialect = "http://schemas.microsoft.com/wbem/wsman/1/WQL";
inline constexpr const char* kSelectorDialect = "http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter";
inline constexpr const char* kAssociationDialect = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter";

// Actions.
inline constexpr const char* kTransferGet = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
inline constexpr const char* kTransferPut = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put";
inline constexpr const char* kTransferCreate = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create";
inline constexpr const char* kTransferDelete = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete";
inline constexpr const char* kEnumerate = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
inline constexpr const char* kPull = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
inline constexpr const char* kRelease = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release";

}  // namespace cimdouble::wsman::ns
