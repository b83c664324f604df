#include "http/request_framing.h"

#include <algorithm>

namespace cimdouble::http {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr unsigned kMaxSizeDigits = 15;  // 2^60 octets: far beyond any cap, never an overflow

}  // namespace

bool RequestFraming::endSizeLine() {
  if (digits_ == 0) return false;
  if (size_ == 0) {
    state_ = State::Trailer;
    lineHasContent_ = false;
  } else {
    remaining_ = size_;
    state_ = State::Data;
  }
  return true;
}

std::size_t RequestFraming::accept(const char* bytes, std::size_t n, bool chunked) {
  std::size_t i = 0;
  while (i < n) {
    switch (state_) {
      case State::Head: {
        const char c = bytes[i++];
        if (c == '\n') {
          // Empty lines before the request line are allowed (RFC 9112 §2.2); after it, the
          // first empty line ends the head.
          if (!lineHasContent_ && headHasLine_) {
            state_ = State::BodyStart;
            return i;
          }
          headHasLine_ = headHasLine_ || lineHasContent_;
          lineHasContent_ = false;
        } else if (c != '\r') {
          lineHasContent_ = true;
        }
        break;
      }
      case State::BodyStart:
        if (!chunked) {
          state_ = State::Untracked;
          return n;
        }
        state_ = State::Size;
        size_ = 0;
        digits_ = 0;
        break;
      case State::Size:
      case State::Extension: {
        const char c = bytes[i++];
        if (c == '\n') {
          if (!endSizeLine()) {
            state_ = State::Untracked;
            return n;
          }
        } else if (c == '\r' || state_ == State::Extension) {
          // a chunk extension (";name=value") runs to the end of the line
        } else if (const int v = hexValue(c); v >= 0) {
          if (++digits_ > kMaxSizeDigits) {
            state_ = State::Untracked;
            return n;
          }
          size_ = size_ * 16 + static_cast<uint64_t>(v);
        } else if (c == ';' || c == ' ' || c == '\t') {
          state_ = State::Extension;
        } else {
          state_ = State::Untracked;
          return n;
        }
        break;
      }
      case State::Data: {
        const std::size_t take = static_cast<std::size_t>(std::min<uint64_t>(remaining_, n - i));
        i += take;
        remaining_ -= take;
        if (remaining_ == 0) state_ = State::DataEnd;
        break;
      }
      case State::DataEnd: {
        const char c = bytes[i++];
        if (c == '\n') {
          state_ = State::Size;
          size_ = 0;
          digits_ = 0;
        } else if (c != '\r') {
          state_ = State::Untracked;
          return n;
        }
        break;
      }
      case State::Trailer: {
        const char c = bytes[i++];
        if (c == '\n') {
          if (!lineHasContent_) {
            state_ = State::Done;
            return i;
          }
          lineHasContent_ = false;
        } else if (c != '\r') {
          lineHasContent_ = true;
        }
        break;
      }
      case State::Done:
        return i;
      case State::Untracked:
        return n;
    }
  }
  return n;
}

}  // namespace cimdouble::http
