// Fitting a value to a declared type: what the instance store and the method dispatcher do
// with values that arrive as text or as a wider type (a key parsed from a path is a uint64
// until the class says uint16).
#pragma once

#include "cimom/class_decl.h"
#include "cimom/result.h"
#include "cimom/value.h"

namespace cimdouble::cimom {

// NULL becomes a NULL of the target type. Integers convert between widths with range checks,
// integers to reals, strings are parsed as text of the target type; an embedded instance is
// accepted for a string with EmbeddedInstance and for an Instance type. Anything else, or an
// array where a scalar is declared (and the reverse), is TypeMismatch, naming `what`.
Result<Value> coerceValue(const Value& value, const TypeSpec& type, std::string_view what);

}  // namespace cimdouble::cimom
