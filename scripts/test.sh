#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test suite:
# CTest labels unit, integration and e2e (the web pages in Chromium; their
# screenshots land in build/e2e-screenshots/) in build/, asan (the
# integration tests against AddressSanitizer builds) in build-asan/, and fuzz
# (libFuzzer targets, a clang build of the core) in build-fuzz/. Exits non-zero if anything fails
# and ends with one line counting every test: "N passed, M failed".
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
log "Building…"
build

# The gateway, the CLI and the integration tests again with AddressSanitizer
# and LeakSanitizer (label asan): any leak or memory error a gateway or CLI
# reports when it exits fails its test. -O0 keeps the build short.
ASAN_DIR="${ASAN_BUILD_DIR:-$ROOT/build-asan}"
log "Building the sanitizer build (AddressSanitizer, LeakSanitizer)…"
if [ ! -f "$ASAN_DIR/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$ASAN_DIR" -DREFORMQUIZ_SANITIZE=address -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1" >/dev/null
fi
cmake --build "$ASAN_DIR" -j"$JOBS" --target rq_integration_tests

FUZZ_DIR="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
log "Building the fuzz targets (clang)…"
if [ ! -f "$FUZZ_DIR/CMakeCache.txt" ]; then
  CXX=clang++ cmake -S "$ROOT" -B "$FUZZ_DIR" -DREFORMQUIZ_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$FUZZ_DIR" -j"$JOBS"

passed=0
failed=0
status=0
# Runs one CTest label in a build folder and adds its counts to the totals.
run_label() {
  local dir=$1 label=$2 out
  out="$dir/ctest-$label.log"
  log "Running the $label tests…"
  if (cd "$dir" && ctest -L "^${label}\$" --output-on-failure -j"$JOBS" --timeout 300 -V) >"$out" 2>&1; then
    :
  else
    status=1
    grep -E "^[0-9]+: |Failure|Expected|Which is|SUMMARY|ERROR" "$out" | tail -80 || true
  fi
  # One line per test result, and the fuzzers' execution counts.
  grep -E "Test +#[0-9]+: .*(Passed|Failed|\*\*\*)|executed_units|^[0-9]+: ℹ (tests|pass|fail) " "$out" || true
  local summary total bad
  summary=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$out" | tail -1 || true)
  echo "$summary"
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$summary")
  if [ -z "$summary" ]; then status=1; return; fi
  passed=$((passed + total - bad))
  failed=$((failed + bad))
}

run_label "$BUILD_DIR" unit
run_label "$BUILD_DIR" integration
run_label "$BUILD_DIR" e2e
run_label "$ASAN_DIR" asan
run_label "$FUZZ_DIR" fuzz

if [ $status -ne 0 ]; then log "Some tests failed."; else log "All tests passed."; fi
echo "$passed passed, $failed failed"
exit $status
