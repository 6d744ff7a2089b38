#!/usr/bin/env bash
# Builds and runs the benchmarks, printing their figures. Not a pass/fail
# gate: compare the figures with the aims in the issues and docs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
build bench_bank_import bench_finalize
"$BUILD_DIR/tests/load/bench_bank_import"
"$BUILD_DIR/tests/load/bench_finalize"
