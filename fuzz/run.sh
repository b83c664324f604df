#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets with clang into build-fuzz/ and runs each for a given
# time, seeded from the test suite's envelopes, MOF files, fixtures and fuzz/corpus/.
#
#   fuzz/run.sh SECONDS [TARGET...]     targets: envelope mof wql fixture control negotiate cimxml (default: all)
#
# Prints how many inputs each target ran; exits non-zero on a crash, a leak or a hang, with
# the input kept in build-fuzz/artifacts/ (turn it into a regression test, then fix it).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(envelope mof wql fixture control negotiate cimxml)
jobs=$(nproc)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIMDOUBLE_WERROR=ON -DCIMDOUBLE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$jobs" --target "${targets[@]/#/fuzz_}"

# Seeds from the tests: recorded envelopes (with the charset byte the target expects first),
# every MOF file of the schema and the broken-MOF corpus, every shipped fixture.
seeds=build-fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{envelope,mof,wql,fixture,control,negotiate,cimxml} build-fuzz/artifacts
for f in tests/integration/envelopes/*.xml; do { printf '\0'; cat "$f"; } > "$seeds/envelope/$(basename "$f")"; done
cp mof/*.mof mof/schema/*.mof tests/data/bad_mof/*.mof "$seeds/mof/"
cp fuzz/corpus/wql/* "$seeds/wql/"
cp fuzz/corpus/control/* "$seeds/control/"
cp fuzz/corpus/negotiate/* "$seeds/negotiate/"
cp fuzz/corpus/cimxml/* "$seeds/cimxml/"
cp fixtures/*.yaml fixtures/examples/*.yaml "$seeds/fixture/"

status=0
passed=0
failed=0
for target in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$target
  mkdir -p "$corpus"
  log=build-fuzz/fuzz_$target.log
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "build-fuzz/fuzz/fuzz_$target" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target-" "$corpus" "$seeds/$target" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz_$target: $runs executions in ${seconds} s, no crash"
    passed=$((passed + 1))
  else
    echo "fuzz_$target: FAILED; see $log and build-fuzz/artifacts/" >&2
    tail -40 "$log" >&2
    status=1
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
