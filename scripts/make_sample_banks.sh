#!/usr/bin/env bash
# Makes the example banks that question_banks/examples/ ships in formats one
# does not write by hand, with the project's own converter
# (`reformquiz bank convert`), from the text files beside them:
#   demo.xlsx           the CSV example (demo.csv) as a workbook
#   template.xlsx       the workbook layout with its header row and one filled example (template.csv)
#   demo-cau-hoi.docx   the Word question set of demo-cau-hoi.txt
# Run it after changing any of those sources or the exporters; the unit tests
# check that each made file holds the same questions as its source.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build reformquiz
CLI="$BUILD_DIR/server/cli/reformquiz"
EX="$ROOT/question_banks/examples"
"$CLI" bank convert "$EX/demo.csv" --id demo --title "Demo: administrative reform (English)" --to xlsx --out "$EX/demo.xlsx"
"$CLI" bank convert "$EX/template.csv" --id mau --title "Mẫu ngân hàng câu hỏi" --to xlsx --out "$EX/template.xlsx"
"$CLI" bank convert "$EX/demo-cau-hoi.txt" --id demo-cau-hoi --to docx --out "$EX/demo-cau-hoi.docx"
log "Made demo.xlsx, template.xlsx and demo-cau-hoi.docx in question_banks/examples/"
