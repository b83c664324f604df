// gSOAP's global namespace table (libgsoap refers to it by name): used for prefixes of
// anything gSOAP itself writes (cimdouble writes its envelopes with libxml2) and to tell SOAP
// 1.1 from 1.2. gsoap-notes.md §1. Linked with the generated code, as a whole archive.
#include "envH.h"

SOAP_NMAC struct Namespace namespaces[] = {
    {"SOAP-ENV", "http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/soap/envelope/", nullptr},
    {"SOAP-ENC", "http://www.w3.org/2003/05/soap-encoding", "http://schemas.xmlsoap.org/soap/encoding/", nullptr},
    {"xsi", "http://www.w3.org/2001/XMLSchema-instance", nullptr, nullptr},
    {"xsd", "http://www.w3.org/2001/XMLSchema", nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr}};
