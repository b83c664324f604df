// glibc's allocator, tuned for how cimdouble allocates: every answer is many small blocks
// (document nodes, strings) allocated and freed at once. glibc keeps 7 freed chunks per size
// in its per-thread cache; the rest go the slow way through its bins. A cache of 100 per
// size takes a Get from ~71-78 to ~57 µs of CPU; 1,000 was no faster but, with 200
// connection threads each keeping its cache, held ~40 MB more and kept creeping in a soak.
//
// glibc reads such tunables only at start-up, from GLIBC_TUNABLES, so the one way to set
// them from inside is to set the variable and exec the same binary again (same pid, same
// arguments and descriptors). Done only when GLIBC_TUNABLES is unset (a user's own setting
// wins) and not under sanitizers, which bring their own allocator.
#pragma once

namespace cimdouble::app {

// Returns only when no re-exec happened (already tuned, not glibc, or exec failed).
void tuneAllocator(char** argv);

}  // namespace cimdouble::app
