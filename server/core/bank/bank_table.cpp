#include "core/bank/bank_table.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/text/ids.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

// Canonical column names by the slug of what the header says, so "Câu hỏi",
// "cau_hoi" and "CAU HOI" all find the text column.
const std::map<std::string, std::string>& column_aliases() {
  static const std::map<std::string, std::string> kAliases = [] {
    std::map<std::string, std::string> m{
        {"id", "id"},
        {"ma", "id"},
        {"ma_cau_hoi", "id"},
        {"topic", "topic"},
        {"chu_de", "topic"},
        {"linh_vuc", "topic"},
        {"text", "text"},
        {"question", "text"},
        {"cau_hoi", "text"},
        {"noi_dung", "text"},
        {"noi_dung_cau_hoi", "text"},
        {"correct", "correct"},
        {"answer", "correct"},
        {"dap_an", "correct"},
        {"dap_an_dung", "correct"},
        {"source", "source"},
        {"nguon", "source"},
        {"can_cu", "source"},
        {"difficulty", "difficulty"},
        {"do_kho", "difficulty"},
        {"label", "label"},
        {"title", "label"},
        {"name", "label"},
        {"tieu_de", "label"},
        {"ten_cau_hoi", "label"},
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
      m[std::string("dap_an_") + c] = col;
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

std::string clean(const std::string& cell) { return normalize_text(cell).value_or(cell); }

const std::string* known_column(const std::string& cell) {
  auto it = column_aliases().find(header_key(clean(cell)));
  return it == column_aliases().end() ? nullptr : &it->second;
}

bool blank_row(const TableRow& row) {
  for (const auto& c : row.cells) {
    auto n = normalize_text(c.text);
    if (!n || !n->empty()) return false;
  }
  return true;
}

// The header is the first row naming the text column and one other known
// column, among the first rows; rows above it are titles. When none does,
// the first row, so that its unknown names are reported.
std::size_t find_header(const std::vector<TableRow>& rows) {
  constexpr std::size_t kRowsLookedAt = 10;
  for (std::size_t r = 0; r < rows.size() && r < kRowsLookedAt; ++r) {
    bool text = false;
    int known = 0;
    for (const auto& c : rows[r].cells) {
      if (const auto* name = known_column(c.text)) {
        ++known;
        text = text || *name == "text";
      }
    }
    if (text && known >= 2) return r;
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!blank_row(rows[r])) return r;
  }
  return 0;
}

// Excel keeps a date as the number of days since 1899-12-30: a date column
// holding a number cell gets it back as YYYY-MM-DD.
std::string excel_date(const TableCell& cell) {
  if (!cell.number) return cell.text;
  double serial = 0;
  if (std::sscanf(cell.text.c_str(), "%lf", &serial) != 1 || serial < 1 || serial > 2958465) return cell.text;
  long days = static_cast<long>(std::floor(serial)) - 25569;  // days since 1970-01-01
  // Civil date from days (Howard Hinnant's algorithm).
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long doe = days - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
  return buf;
}

}  // namespace

std::string column_letters(std::size_t index) {
  std::string out;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

void read_table(std::vector<TableRow> rows, const std::vector<TableMerge>& merges, BankDraft& draft) {
  draft.letter_option_ids = true;
  if (rows.empty() || std::all_of(rows.begin(), rows.end(), blank_row)) {
    draft.problems.push_back(bank_error(
        0, "", Localized{"the file is empty: a header row is needed", "tệp đang để trống: cần có một hàng tiêu đề"}));
    return;
  }
  const std::size_t header_at = find_header(rows);
  TableRow header = rows[header_at];
  // A merged header cell names every column it spans…
  for (const auto& m : merges) {
    if (m.line != header.line || m.first >= header.cells.size()) continue;
    if (header.cells.size() <= m.last) header.cells.resize(m.last + 1);
    for (std::size_t c = m.first + 1; c <= m.last; ++c) header.cells[c] = header.cells[m.first];
  }
  // …and when it is no column's name, the row under it names them one by one
  // ("Phương án" over "A", "B", "C", "D"); that row is then no question.
  std::size_t first_data = header_at + 1;
  if (first_data < rows.size()) {
    const TableRow& under = rows[first_data];
    bool sub_header = false;
    for (std::size_t i = 0; i < header.cells.size() && i < under.cells.size(); ++i) {
      if (!known_column(header.cells[i].text) && known_column(under.cells[i].text)) sub_header = true;
    }
    if (sub_header) {
      for (std::size_t i = 0; i < header.cells.size() && i < under.cells.size(); ++i) {
        if (!known_column(header.cells[i].text) && !clean(under.cells[i].text).empty()) header.cells[i] = under.cells[i];
      }
      ++first_data;
    }
  }

  // The header: which column holds what.
  std::map<std::string, std::size_t> column;  // canonical name -> index
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    std::string name = clean(header.cells[i].text);
    if (name.empty()) continue;
    const std::string* canonical = known_column(name);
    if (!canonical) {
      draft.problems.push_back(
          bank_warning(header.line, name,
                       {"the column '" + name + "' is not one this importer knows; it is ignored",
                        "cột '" + name + "' không phải là cột mà chương trình nhận biết được; cột này được bỏ qua"}));
      continue;
    }
    if (!column.emplace(*canonical, i).second) {
      draft.problems.push_back(bank_error(header.line, *canonical,
                                          {"two columns mean '" + *canonical + "'",
                                           "có hai cột cùng là cột '" + *canonical + "'"}));
    }
  }
  for (const auto& [name, index] : column) draft.field_columns[name] = column_letters(index);
  for (const char* required : {"text", "option_a", "option_b", "correct"}) {
    if (!column.count(required)) {
      draft.problems.push_back(bank_error(header.line, required,
                                          {std::string("the header has no '") + required +
                                               "' column (column names are listed in question_banks/README.md)",
                                           std::string("hàng tiêu đề không có cột '") + required +
                                               "' (tên các cột được liệt kê trong question_banks/README.md)"}));
    }
  }
  if (has_errors(draft.problems)) return;

  std::map<std::string, std::string> topic_names;  // id -> name, in first-use order below
  std::vector<std::string> topic_order;
  int number = 0;
  for (std::size_t r = first_data; r < rows.size(); ++r) {
    const TableRow& row = rows[r];
    auto cell_at = [&](const std::string& name) -> const TableCell* {
      auto it = column.find(name);
      if (it == column.end() || it->second >= row.cells.size()) return nullptr;
      return &row.cells[it->second];
    };
    auto cell = [&](const std::string& name) -> std::string {
      const TableCell* c = cell_at(name);
      return c ? c->text : std::string();
    };
    if (blank_row(row)) continue;  // Excel leaves rows of empty cells at the end
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
    std::string topic_text = clean(cell("topic"));
    if (topic_text.empty()) topic_text = "chung";
    std::string topic_id = is_slug(topic_text) ? topic_text : slugify(topic_text);
    if (topic_id.empty()) {
      draft.problems.push_back(bank_error(row.line, "topic",
                                          {"the topic '" + topic_text + "' gives no usable id",
                                           "chủ đề '" + topic_text + "' không tạo ra được mã hợp lệ"}));
    } else {
      if (!topic_names.count(topic_id)) {
        topic_names[topic_id] = topic_text == "chung" ? "Chung" : topic_text;
        topic_order.push_back(topic_id);
      }
      q.topic = topic_id;
    }
    q.text = cell("text");
    q.label = cell("label");
    q.source = cell("source");
    q.explanation = cell("explanation");
    if (const TableCell* c = cell_at("valid_from")) q.valid_from = excel_date(*c);
    if (const TableCell* c = cell_at("valid_until")) q.valid_until = excel_date(*c);

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
                                            {"the answer '" + token + "' must be option letters such as B or A;C",
                                             "đáp án '" + token + "' phải là chữ cái của phương án, ví dụ B hoặc A;C"}));
      }
      token.clear();
    };
    for (char c : answers) {
      if (c == ';' || c == ',' || c == ' ' || c == '/' || c == '\t') flush();
      else token += c;
    }
    flush();

    if (auto d = normalize_text(cell("difficulty")); d && !d->empty()) {
      if (*d == "1" || *d == "2" || *d == "3") {
        q.difficulty = (*d)[0] - '0';
      } else {
        draft.problems.push_back(bank_error(row.line, "difficulty",
                                            {"the difficulty must be 1, 2 or 3 (got '" + *d + "')",
                                             "độ khó phải là 1, 2 hoặc 3 (giá trị đã nhập: '" + *d + "')"}));
      }
    }
    for (std::size_t k = header.cells.size(); k < row.cells.size(); ++k) {
      if (auto v = normalize_text(row.cells[k].text); !v || !v->empty()) {
        draft.problems.push_back(bank_error(row.line, "",
                                            Localized{"the row has more cells than the header has columns",
                                                      "hàng có nhiều ô hơn số cột của hàng tiêu đề"}));
        break;
      }
    }
    draft.questions.push_back(std::move(dq));
  }
  for (const auto& id : topic_order) draft.bank.topics.push_back(Topic{id, topic_names[id]});
}

}  // namespace rq::core
