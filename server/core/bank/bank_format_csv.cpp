// CSV as Excel writes it (QUESTION_BANKS.md): UTF-8 with or without a BOM
// (removed before this parser sees the text), CRLF or LF, quoted cells with
// delimiters, doubled quotes and line breaks inside, and the delimiter, ','
// or ';', detected from the header row. Quoting is handled by libcsv; the
// rows become questions in bank_table.cpp, as a sheet's do. A row's
// problems are reported at the line where the row starts.
#include <array>
#include <map>

#include <csv.h>

#include "core/bank/bank_import.hpp"
#include "core/bank/bank_table.hpp"

namespace rq::core {
namespace {

struct Row {
  int line = 0;
  std::vector<std::string> cells;
};

// ';' when the header row has more semicolons than commas outside quotes.
char detect_delimiter(std::string_view text) {
  int commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) break;
    else if (!quoted && c == ',') ++commas;
    else if (!quoted && c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

struct RowCollector {
  std::vector<Row> rows;
  Row current;

  static void on_cell(void* data, std::size_t len, void* self_ptr) {
    auto* self = static_cast<RowCollector*>(self_ptr);
    self->current.cells.emplace_back(data ? static_cast<const char*>(data) : "", data ? len : 0);
  }
  static void on_row(int, void* self_ptr) {
    auto* self = static_cast<RowCollector*>(self_ptr);
    self->rows.push_back(std::move(self->current));
    self->current = Row{};
  }
};

}  // namespace

BankDraft parse_csv_bank(std::string_view text) {
  BankDraft draft;
  draft.letter_option_ids = true;

  csv_parser parser;
  csv_init(&parser, CSV_APPEND_NULL);
  csv_set_delim(&parser, static_cast<unsigned char>(detect_delimiter(text)));
  RowCollector rows;
  int row_start = 1;
  int line = 1;
  // Fed one physical line at a time, so that each row knows where it began:
  // a row begins on the first line fed while the parser is between rows.
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    constexpr int kRowNotBegun = 0;  // libcsv's parser state between rows
    if (parser.pstate == kRowNotBegun && rows.current.cells.empty()) row_start = line;
    std::size_t before = rows.rows.size();
    csv_parse(&parser, text.data() + pos, end - pos, &RowCollector::on_cell, &RowCollector::on_row, &rows);
    for (std::size_t r = before; r < rows.rows.size(); ++r) rows.rows[r].line = r == before ? row_start : line;
    ++line;
    pos = end;
  }
  // Lenient parsing (no CSV_STRICT: hand-edited files have stray quotes
  // inside cells, which Excel reads as text) still must not swallow the rest
  // of the file into one cell unnoticed: an open quoted cell at the end is
  // an error at the row where it began.
  constexpr int kFieldBegun = 2;  // libcsv's state inside a cell
  if (parser.pstate == kFieldBegun && parser.quoted) {
    draft.problems.push_back(bank_error(row_start, "",
                                        Localized{"a quoted cell is not closed: a '\"' is missing",
                                                  "một ô mở dấu ngoặc kép nhưng chưa đóng lại: thiếu một dấu '\"'"}));
    csv_free(&parser);
    return draft;
  }
  csv_fini(&parser, &RowCollector::on_cell, &RowCollector::on_row, &rows);
  for (auto& r : rows.rows) {
    if (r.line == 0) r.line = row_start;
  }
  csv_free(&parser);

  std::vector<TableRow> table;
  table.reserve(rows.rows.size());
  for (auto& r : rows.rows) {
    TableRow row{r.line, {}};
    row.cells.reserve(r.cells.size());
    for (auto& c : r.cells) row.cells.push_back({std::move(c), false});
    table.push_back(std::move(row));
  }
  read_table(std::move(table), {}, draft);
  return draft;
}

}  // namespace rq::core
