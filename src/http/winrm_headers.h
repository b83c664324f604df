// The header lines of an answer as http.sys writes them for WinRM (wsman-wire §1.4: a captured
// 401 says `Server: Microsoft-HTTPAPI/2.0`): gSOAP's own `Server: gSOAP/2.8`, its
// `X-Frame-Options` and `Keep-Alive` lines are not sent, a `Date` goes with every answer, and
// an answer without a body carries no Content-Type. Clients that fingerprint the server (or
// compare header sets with a capture) see WinRM's.
#pragma once

struct soap;

namespace cimdouble::http {

using HeaderWriter = int (*)(struct soap*, const char* key, const char* value);

// gSOAP's fposthdr with `write` (gSOAP's own) underneath; `emptyBody`: the answer has no body.
int writeWinrmHeader(struct soap* s, const char* key, const char* value, bool emptyBody, HeaderWriter write);

}  // namespace cimdouble::http
