// A bank laid out as a table, one question a row, as organisers keep it in
// Excel: the rows of a CSV file (bank_format_csv.cpp) or of a workbook's
// sheet (bank_format_xlsx.cpp) become a draft here, with one set of column
// names for both (question_banks/README.md). The header is the first row,
// or a later one when rows of title come first ("BỘ CÂU HỎI…"); a header
// cell that spans several columns ("Phương án" merged over four) is named
// by the row under it (A, B, C, D).
#pragma once

#include <string>
#include <vector>

#include "core/bank/bank_draft.hpp"

namespace rq::core {

struct TableCell {
  std::string text;
  bool number = false;  // an Excel number cell: a date column holds its serial day
};

struct TableRow {
  int line = 0;  // the file line where the row starts (CSV), or the row number (a sheet)
  std::vector<TableCell> cells;  // by column, from A; gaps are empty cells
};

// Cells merged into one across columns of a row (a sheet's <mergeCell>);
// only the first holds the text.
struct TableMerge {
  int line = 0;
  std::size_t first = 0, last = 0;  // 0-based columns
};

// The draft of the rows, adding to the problems already in `draft` (the
// container's or the CSV syntax's). Sets draft.field_columns.
void read_table(std::vector<TableRow> rows, const std::vector<TableMerge>& merges, BankDraft& draft);

// "A", "B", … "Z", "AA": the column letters of a 0-based index.
std::string column_letters(std::size_t index);

}  // namespace rq::core
