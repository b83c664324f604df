// A pool of equal values: hands out one shared copy of each distinct value it is given.
//
// Values keep strings, datetimes, references and arrays in blocks that copies share
// (value.h); a fixture that stages 100,000 jobs gives each the same Caption, the same host
// name and the same status array, and the pool makes those one block each instead of
// 100,000. Embedded instances pass through unshared (they have no exact text form).
// Not thread-safe: one pool per builder.
#pragma once

#include <string>
#include <unordered_map>

#include "cimom/value.h"

namespace cimdouble::cimom {

class ValuePool {
 public:
  // `value` itself the first time an equal value comes; that first one's copy afterwards.
  Value share(const Value& value);

 private:
  std::unordered_map<std::string, Value> values_;  // by exact key (value_pool.cpp)
};

}  // namespace cimdouble::cimom
