#!/usr/bin/env bash
# Runs one fuzzer for a few seconds from seed files (the shipped example
# banks, tests/fuzz/seeds/), in a scratch corpus, and prints how many inputs
# it tried.
#   run_fuzzer.sh BINARY SECONDS SOURCE_DIR TARGET
set -euo pipefail
binary=$1 seconds=$2 source=$3 target=$4
banks=$source/question_banks seeds=$source/tests/fuzz/seeds
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
case $target in
  bank_json) cp "$banks"/reform-demo.en.json "$banks"/examples/broken/broken.json "$corpus"/ ;;
  bank_csv) cp "$banks"/examples/*.csv "$banks"/examples/broken/broken.csv "$corpus"/ ;;
  bank_gift) cp "$banks"/examples/demo.gift "$corpus"/ ;;
  bank_aiken) cp "$banks"/examples/demo.aiken "$banks"/examples/broken/broken.aiken "$corpus"/ ;;
  bank_xml) cp "$source"/tests/fixtures/banks/moodle_export.xml "$corpus"/ ;;
  bank_txt) cp "$banks"/examples/demo-cau-hoi.txt "$corpus"/ ;;
  bank_xlsx) cp "$banks"/examples/demo.xlsx "$seeds"/xlsx/* "$corpus"/ ;;
  bank_docx) cp "$banks"/examples/demo-cau-hoi.docx "$seeds"/docx/* "$corpus"/ ;;
  ws_request) cp "$seeds"/ws/* "$corpus"/ ;;
  contest_config) cp "$seeds"/contest/* "$corpus"/ ;;
  profile) cp "$seeds"/profile/* "$corpus"/ ;;
  *) echo "run_fuzzer.sh: no seeds for $target" >&2; exit 2 ;;
esac
# -timeout: an input that takes over 10 s is a hang; -max_len lets the
# shipped banks (about 150 KB) seed the search.
# The fuzzer's own exit status decides (a crash, a leak or a hang is not 0);
# the log is read afterwards, so no pipeline can hide it.
status=0
"$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 >"$corpus/log" 2>&1 || status=$?
grep -E "^(==|SUMMARY|stat::number_of_executed_units|Done )" "$corpus/log" || true
if [ "$status" -ne 0 ]; then
  tail -50 "$corpus/log"
  exit "$status"
fi
