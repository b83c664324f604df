// Every gSOAP context of ours (listeners, their connections' copies, clients) starts here.
#pragma once

struct soap;

namespace cimdouble::http {

// soap_new1(mode), with the serializers soapcpp2 generated from wsdl/env.h linked in.
struct soap* newGsoapContext(int mode);

}  // namespace cimdouble::http
