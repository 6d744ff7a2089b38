#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test suite
# (CTest labels: unit, integration). Exits non-zero if anything fails.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
log "Building…"
build

cd "$BUILD_DIR"
status=0
for label in unit integration; do
  log "Running the $label tests…"
  ctest -L "^${label}\$" --output-on-failure -j"$JOBS" --timeout 300 || status=1
done
if [ $status -ne 0 ]; then
  log "Some tests failed."
else
  log "All tests passed."
fi
exit $status
