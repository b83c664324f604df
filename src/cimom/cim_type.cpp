#include "cimom/cim_type.h"

#include <array>
#include <utility>

#include "cimom/case_insensitive.h"

namespace cimdouble::cimom {
namespace {

constexpr std::array<std::pair<CimType, std::string_view>, 16> kTypeNames{{
    {CimType::Boolean, "boolean"},
    {CimType::UInt8, "uint8"},
    {CimType::SInt8, "sint8"},
    {CimType::UInt16, "uint16"},
    {CimType::SInt16, "sint16"},
    {CimType::UInt32, "uint32"},
    {CimType::SInt32, "sint32"},
    {CimType::UInt64, "uint64"},
    {CimType::SInt64, "sint64"},
    {CimType::Real32, "real32"},
    {CimType::Real64, "real64"},
    {CimType::Char16, "char16"},
    {CimType::String, "string"},
    {CimType::DateTime, "datetime"},
    {CimType::Reference, "ref"},
    {CimType::Instance, "object"},
}};

}  // namespace

std::string_view cimTypeName(CimType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "?";
}

std::optional<CimType> parseCimTypeName(std::string_view name) {
  for (const auto& [t, typeName] : kTypeNames) {
    if (t != CimType::Reference && iequals(name, typeName)) return t;
  }
  return std::nullopt;
}

bool isInteger(CimType type) {
  switch (type) {
    case CimType::UInt8:
    case CimType::SInt8:
    case CimType::UInt16:
    case CimType::SInt16:
    case CimType::UInt32:
    case CimType::SInt32:
    case CimType::UInt64:
    case CimType::SInt64:
      return true;
    default:
      return false;
  }
}

bool isSignedInteger(CimType type) {
  return type == CimType::SInt8 || type == CimType::SInt16 || type == CimType::SInt32 ||
         type == CimType::SInt64;
}

bool isReal(CimType type) { return type == CimType::Real32 || type == CimType::Real64; }

}  // namespace cimdouble::cimom
