// Strict UTF-8 <-> UTF-16 conversion. CIM strings are sequences of UCS characters
// (DSP0004 §5.2.2); char16 is one UTF-16 code unit. Invalid input (overlong forms, encoded
// surrogates, unpaired surrogates, code points past U+10FFFF) is refused, never repaired.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cimdouble::cimom {

std::optional<std::u16string> decodeUtf8(std::string_view text);
// Unpaired surrogates have no UTF-8 form: nullopt.
std::optional<std::string> encodeUtf8Checked(std::u16string_view units);
// For text known to be valid (e.g. one char16 value): unpaired surrogates become U+FFFD.
std::string encodeUtf8(std::u16string_view units);
// The character that starts at `pos`, fit for a message: its whole UTF-8 sequence when that
// is valid, else the byte as "\xC3" (so an error message never carries broken UTF-8).
std::string characterAt(std::string_view text, std::size_t pos);

}  // namespace cimdouble::cimom
