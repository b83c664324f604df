// The DSP0004 intrinsic data types.
#pragma once

#include <cstdint>

#include <optional>
#include <ostream>
#include <string_view>

namespace cimdouble::cimom {

enum class CimType : uint8_t {
  Boolean,
  UInt8,
  SInt8,
  UInt16,
  SInt16,
  UInt32,
  SInt32,
  UInt64,
  SInt64,
  Real32,
  Real64,
  Char16,
  String,
  DateTime,
  Reference,
  // An embedded instance held as an instance, not as text (DSP0004 "object" values; the
  // EmbeddedInstance qualifier on a string property also allows this form).
  Instance,
};

// The MOF spelling: "uint16", "datetime", "ref" for references, "object" for instances.
std::string_view cimTypeName(CimType type);

// Parses a MOF data type keyword, case-insensitively ("UInt16", "string", "DateTime").
// References are not spelled this way in MOF (they are "ClassName REF"), so "ref" is not
// accepted here.
std::optional<CimType> parseCimTypeName(std::string_view name);

bool isInteger(CimType type);
bool isSignedInteger(CimType type);
bool isReal(CimType type);

inline std::ostream& operator<<(std::ostream& out, CimType type) { return out << cimTypeName(type); }

}  // namespace cimdouble::cimom
