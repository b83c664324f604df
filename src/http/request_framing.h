// Where one request ends in the bytes of its connection (RFC 9112 §2.2, §6.3, §7.1): its
// head up to the empty line, then, for a chunked body, the chunks, the last chunk and the
// trailer section. gSOAP forgets whatever it has read past the end of a chunked body (at the
// last chunk its soap_recv zeroes the buffer indices), so a pipelined request behind one
// would be lost: the receive hook hands gSOAP no byte beyond the end of the current request,
// and keeps the rest for the next. A Content-Length body is gSOAP's to delimit (the hook keeps
// what gSOAP read ahead of it). Anything that is not well-formed chunking stops the tracking
// and leaves the bytes to gSOAP, which refuses them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cimdouble::http {

class RequestFraming {
 public:
  // A new request begins.
  void reset() { *this = RequestFraming(); }
  // How many of the `n` bytes that arrived belong to the current request; `chunked` is
  // whether its body is chunked (known once its head has been parsed, before the body is read).
  std::size_t accept(const char* bytes, std::size_t n, bool chunked);

 private:
  enum class State { Head, BodyStart, Size, Extension, Data, DataEnd, Trailer, Done, Untracked };
  // A chunk-size line has ended; false when it had no size.
  bool endSizeLine();

  State state_ = State::Head;
  bool lineHasContent_ = false;  // the line being read is not empty
  bool headHasLine_ = false;     // the head has had its request line
  uint64_t size_ = 0;
  unsigned digits_ = 0;
  uint64_t remaining_ = 0;  // chunk data still to come
};

}  // namespace cimdouble::http
