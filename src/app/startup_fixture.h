// What a server starts from: the built-in schema (mof/, compiled into the binary) and a
// fixture on top of it, the built-in default (fixtures/default.yaml) unless a file is given,
// with optional extra behaviour rules (`serve --behaviors FILE`).
#pragma once

#include <string>

#include "app/fixture/fixture.h"
#include "cimom/class_repository.h"
#include "cimom/diagnostic.h"

namespace cimdouble::app {

struct StartupFixture {
  Fixture schema;   // the schema's own instances: what a replacing fixture starts from
  Fixture fixture;  // what the server stages
};

// Every problem comes back with file:line:col; a non-empty result means: do not serve.
cimom::Diagnostics loadStartupFixture(const std::string& fixturePath, const std::string& behaviorsPath,
                                      cimom::ClassRepository& repository, StartupFixture& out);

}  // namespace cimdouble::app
