#!/usr/bin/env bash
# Runs one fuzzer for a few seconds from the shipped example files, in a
# scratch corpus, and prints how many inputs it tried.
#   run_fuzzer.sh BINARY SECONDS QUESTION_BANKS_DIR FORMAT
set -euo pipefail
binary=$1 seconds=$2 banks=$3 format=$4
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
case $format in
  json) cp "$banks"/reform-demo.en.json "$banks"/examples/broken/broken.json "$corpus"/ ;;
  csv) cp "$banks"/examples/*.csv "$banks"/examples/broken/broken.csv "$corpus"/ ;;
  gift) cp "$banks"/examples/demo.gift "$corpus"/ ;;
  aiken) cp "$banks"/examples/demo.aiken "$banks"/examples/broken/broken.aiken "$corpus"/ ;;
esac
# -timeout: an input that takes over 10 s is a hang; -max_len lets the
# shipped banks (about 150 KB) seed the search.
"$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 2>&1 | tee "$corpus/log" | grep -E "^(==|SUMMARY|stat::number_of_executed_units|Done )" || true
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  tail -50 "$corpus/log"
  exit "$status"
fi
