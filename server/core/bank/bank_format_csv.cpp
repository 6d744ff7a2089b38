// CSV as Excel writes it (QUESTION_BANKS.md): UTF-8 with or without a BOM
// (removed before this parser sees the text), CRLF or LF, quoted cells with
// delimiters, doubled quotes and line breaks inside, and the delimiter, ','
// or ';', detected from the header row. Quoting is handled by libcsv; this
// file maps the header's column names and turns rows into questions. A row's
// problems are reported at the line where the row starts.
#include <array>
#include <map>

#include <csv.h>

#include "core/bank/bank_import.hpp"
#include "core/bank/bank_validator.hpp"
#include "core/text/normalize.hpp"

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

// Canonical column names by the slug of what the header says, so "Câu hỏi",
// "cau_hoi" and "CAU HOI" all find the text column.
const std::map<std::string, std::string>& column_aliases() {
  static const std::map<std::string, std::string> kAliases = [] {
    std::map<std::string, std::string> m{
        {"id", "id"},
        {"ma", "id"},
        {"topic", "topic"},
        {"chu_de", "topic"},
        {"text", "text"},
        {"question", "text"},
        {"cau_hoi", "text"},
        {"noi_dung", "text"},
        {"correct", "correct"},
        {"answer", "correct"},
        {"dap_an", "correct"},
        {"dap_an_dung", "correct"},
        {"source", "source"},
        {"nguon", "source"},
        {"difficulty", "difficulty"},
        {"do_kho", "difficulty"},
        {"explanation", "explanation"},
        {"giai_thich", "explanation"},
        {"valid_from", "valid_from"},
        {"hieu_luc_tu", "valid_from"},
        {"valid_until", "valid_until"},
        {"hieu_luc_den", "valid_until"},
    };
    for (char c = 'a'; c <= 'f'; ++c) {
      std::string col = std::string("option_") + c;
      m[std::string(1, c)] = col;
      m[col] = col;
      m[std::string("phuong_an_") + c] = col;
      m[std::string("lua_chon_") + c] = col;
    }
    return m;
  }();
  return kAliases;
}

std::string header_key(const std::string& cell) {
  std::string slug = slugify(cell);
  for (auto& c : slug) {
    if (c == '-') c = '_';
  }
  return slug;
}

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
    draft.problems.push_back(bank_error(row_start, "", "a quoted cell is not closed: a '\"' is missing"));
    csv_free(&parser);
    return draft;
  }
  csv_fini(&parser, &RowCollector::on_cell, &RowCollector::on_row, &rows);
  for (auto& r : rows.rows) {
    if (r.line == 0) r.line = row_start;
  }
  csv_free(&parser);

  if (rows.rows.empty()) {
    draft.problems.push_back(bank_error(0, "", "the file is empty: a header row is needed"));
    return draft;
  }

  // The header: which column holds what.
  const Row& header = rows.rows.front();
  std::map<std::string, std::size_t> column;  // canonical name -> index
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    auto normalized = normalize_text(header.cells[i]);
    std::string name = normalized ? *normalized : header.cells[i];
    if (name.empty()) continue;
    auto it = column_aliases().find(header_key(name));
    if (it == column_aliases().end()) {
      draft.problems.push_back(
          bank_warning(header.line, name, "the column '" + name + "' is not one this importer knows; it is ignored"));
      continue;
    }
    if (!column.emplace(it->second, i).second) {
      draft.problems.push_back(bank_error(header.line, it->second, "two columns mean '" + it->second + "'"));
    }
  }
  for (const char* required : {"text", "option_a", "option_b", "correct"}) {
    if (!column.count(required)) {
      draft.problems.push_back(bank_error(header.line, required,
                                          std::string("the header has no '") + required +
                                              "' column (column names are listed in question_banks/README.md)"));
    }
  }
  if (has_errors(draft.problems)) return draft;

  std::map<std::string, std::string> topic_names;  // id -> name, in first-use order below
  std::vector<std::string> topic_order;
  int number = 0;
  for (std::size_t r = 1; r < rows.rows.size(); ++r) {
    const Row& row = rows.rows[r];
    auto cell = [&](const std::string& name) -> std::string {
      auto it = column.find(name);
      if (it == column.end() || it->second >= row.cells.size()) return {};
      return row.cells[it->second];
    };
    bool blank = true;
    for (const auto& c : row.cells) {
      auto n = normalize_text(c);
      if (!n || !n->empty()) blank = false;
    }
    if (blank) continue;  // Excel leaves rows of empty cells at the end
    ++number;

    DraftQuestion dq;
    dq.line = row.line;
    auto& q = dq.question;
    q.id = cell("id");
    if (auto trimmed = normalize_text(q.id); trimmed && trimmed->empty()) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "q-%03d", number);
      q.id = buf;
    }
    std::string topic_cell = cell("topic");
    auto topic_text = normalize_text(topic_cell).value_or(topic_cell);
    if (topic_text.empty()) topic_text = "chung";
    std::string topic_id = is_slug(topic_text) ? topic_text : slugify(topic_text);
    if (topic_id.empty()) {
      draft.problems.push_back(bank_error(row.line, "topic", "the topic '" + topic_text + "' gives no usable id"));
    } else {
      if (!topic_names.count(topic_id)) {
        topic_names[topic_id] = topic_text == "chung" ? "Chung" : topic_text;
        topic_order.push_back(topic_id);
      }
      q.topic = topic_id;
    }
    q.text = cell("text");
    q.source = cell("source");
    q.explanation = cell("explanation");
    q.valid_from = cell("valid_from");
    q.valid_until = cell("valid_until");

    // Options are the filled cells from A on; a gap before a filled cell is
    // an error, since the letters would no longer match what Excel shows.
    int last_filled = -1;
    for (int k = 0; k < 6; ++k) {
      auto v = normalize_text(cell(std::string("option_") + static_cast<char>('a' + k)));
      if (!v || !v->empty()) last_filled = k;
    }
    for (int k = 0; k <= last_filled; ++k) {
      std::string id(1, static_cast<char>('a' + k));
      q.options.push_back(Option{id, cell("option_" + id)});
    }

    std::string answers = cell("correct");
    std::string token;
    auto flush = [&] {
      if (token.empty()) return;
      if (token.size() == 1 && std::isalpha(static_cast<unsigned char>(token[0]))) {
        q.correct.push_back(std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(token[0])))));
      } else {
        draft.problems.push_back(bank_error(row.line, "correct",
                                            "the answer '" + token + "' must be option letters such as B or A;C"));
      }
      token.clear();
    };
    for (char c : answers) {
      if (c == ';' || c == ',' || c == ' ' || c == '/' || c == '\t') flush();
      else token += c;
    }
    flush();

    std::string difficulty = cell("difficulty");
    if (auto d = normalize_text(difficulty); d && !d->empty()) {
      if (*d == "1" || *d == "2" || *d == "3") {
        q.difficulty = (*d)[0] - '0';
      } else {
        draft.problems.push_back(bank_error(row.line, "difficulty", "the difficulty must be 1, 2 or 3 (got '" + *d + "')"));
      }
    }
    if (row.cells.size() > header.cells.size()) {
      for (std::size_t k = header.cells.size(); k < row.cells.size(); ++k) {
        if (auto v = normalize_text(row.cells[k]); !v || !v->empty()) {
          draft.problems.push_back(bank_error(row.line, "", "the row has more cells than the header has columns"));
          break;
        }
      }
    }
    draft.questions.push_back(std::move(dq));
  }
  for (const auto& id : topic_order) draft.bank.topics.push_back(Topic{id, topic_names[id]});
  return draft;
}

}  // namespace rq::core
