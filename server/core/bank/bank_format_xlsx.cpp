// Excel workbooks (.xlsx): the CSV's columns on the first sheet, or on the
// sheet named at upload. The container is read with libzip (zip_archive.hpp)
// and its XML with expat (xml_reader.hpp): the workbook's list of sheets and
// where each is stored, the shared strings, then the sheet's rows, streamed.
// Cells are shared strings, inline strings, formula results, booleans or
// numbers (written as Excel shows them: 1, not 1.0); merged cells give the
// header's spans. The rows become questions in bank_table.cpp, like a CSV's,
// and every problem is placed on its sheet, row and column ("Sheet1!C14").
#include <charconv>
#include <cmath>
#include <cstdio>
#include <algorithm>
#include <map>
#include <set>

#include "core/bank/bank_import.hpp"
#include "core/bank/bank_table.hpp"
#include "core/bank/xml_reader.hpp"
#include "core/bank/zip_archive.hpp"
#include "core/text/ids.hpp"

namespace rq::core {
namespace {

// Columns beyond this are ignored (a bank has about sixteen); a stray cell
// at XFD1048576 must not cost a row of 16,384 cells.
constexpr std::size_t kMaxColumns = 256;

struct SheetEntry {
  std::string name;
  std::string relation;  // r:id
  std::string path;      // in the zip, "xl/worksheets/sheet1.xml"
};

// xl/workbook.xml: <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>…
class WorkbookHandler : public XmlHandler {
 public:
  std::vector<SheetEntry> sheets;
  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>& a, int) override {
    if (name == "sheet") sheets.push_back({std::string(attribute_value(a, "name")), std::string(attribute_value(a, "id")), {}});
  }
  void end(std::string_view, std::string_view) override {}
  void text(std::string_view) override {}
};

// xl/_rels/workbook.xml.rels: <Relationship Id="rId1" Target="worksheets/sheet1.xml"/>
class RelationsHandler : public XmlHandler {
 public:
  std::vector<std::pair<std::string, std::string>> targets;
  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>& a, int) override {
    if (name == "Relationship") targets.emplace_back(attribute_value(a, "Id"), attribute_value(a, "Target"));
  }
  void end(std::string_view, std::string_view) override {}
  void text(std::string_view) override {}
};

// xl/sharedStrings.xml: <si><t>text</t></si>, or rich text in runs
// <si><r><t>part</t></r>…</si>; phonetic hints (<rPh>) are not text.
class SharedStringsHandler : public XmlHandler {
 public:
  std::vector<std::string> strings;
  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>&, int) override {
    if (name == "si") strings.emplace_back(), in_si_ = true;
    else if (name == "rPh") ++in_phonetic_;
    else if (name == "t") in_t_ = true;
  }
  void end(std::string_view, std::string_view name) override {
    if (name == "si") in_si_ = false;
    else if (name == "rPh") --in_phonetic_;
    else if (name == "t") in_t_ = false;
  }
  void text(std::string_view chars) override {
    if (in_si_ && in_t_ && in_phonetic_ == 0) strings.back().append(chars);
  }

 private:
  bool in_si_ = false, in_t_ = false;
  int in_phonetic_ = 0;
};

// "C14" -> column 2 (0-based) and row 14; nullopt-like: false when malformed.
bool parse_reference(std::string_view ref, std::size_t& column, int& row) {
  std::size_t i = 0, col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
    if (col > 20000) return false;
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  int r = 0;
  auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (ec != std::errc() || end != ref.data() + ref.size() || r < 1) return false;
  column = col - 1;
  row = r;
  return true;
}

// A number cell as Excel shows it by default: integers without ".0", and
// binary noise (0.1 stored as 0.10000000000000001) rounded away.
std::string number_text(const std::string& v) {
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end != v.data() + v.size()) return v;
  char buf[32];
  if (std::fabs(d) < 1e15 && d == std::floor(d)) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", d);
  }
  return buf;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const std::vector<std::string>& shared, BankDraft& draft) : shared_(shared), draft_(draft) {}

  std::vector<TableRow> rows;
  std::vector<TableMerge> merges;

  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>& a, int) override {
    if (name == "row") {
      int r = 0;
      const auto ref = attribute_value(a, "r");
      if (ref.empty() || std::from_chars(ref.data(), ref.data() + ref.size(), r).ec != std::errc()) r = last_row_ + 1;
      last_row_ = r;
      rows.push_back({r, {}});
      next_column_ = 0;
    } else if (name == "c") {
      in_cell_ = true;
      type_ = std::string(attribute_value(a, "t"));
      value_.clear();
      inline_.clear();
      std::size_t column = next_column_;
      int row = last_row_;
      if (const auto ref = attribute_value(a, "r"); !ref.empty() && !parse_reference(ref, column, row)) column = next_column_;
      column_ = column;
      next_column_ = column + 1;
    } else if (name == "v" && in_cell_) {
      in_value_ = true;
    } else if (name == "is" && in_cell_) {
      in_inline_ = true;
    } else if (name == "rPh") {
      ++in_phonetic_;
    } else if (name == "t" && in_inline_) {
      in_t_ = true;
    } else if (name == "mergeCell") {
      std::size_t c1 = 0, c2 = 0;
      int r1 = 0, r2 = 0;
      const auto ref = attribute_value(a, "ref");
      const auto colon = ref.find(':');
      if (colon != std::string_view::npos && parse_reference(ref.substr(0, colon), c1, r1) &&
          parse_reference(ref.substr(colon + 1), c2, r2) && c2 > c1 && c2 < kMaxColumns) {
        merges.push_back({r1, c1, c2});
      }
    }
  }
  void end(std::string_view, std::string_view name) override {
    if (name == "c") {
      in_cell_ = false;
      store_cell();
    } else if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "rPh") {
      --in_phonetic_;
    } else if (name == "t") {
      in_t_ = false;
    }
  }
  void text(std::string_view chars) override {
    if (in_value_) value_.append(chars);
    else if (in_t_ && in_phonetic_ == 0) inline_.append(chars);
  }

  bool wide = false;  // a cell beyond kMaxColumns was seen

 private:
  void store_cell() {
    if (rows.empty()) return;
    TableCell cell;
    if (type_ == "s") {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
      if (ec == std::errc() && index < shared_.size()) {
        cell.text = shared_[index];
      } else {
        const std::string cell_name = column_letters(column_) + std::to_string(last_row_);
        draft_.problems.push_back(
            bank_error(last_row_, "",
                       {"cell " + cell_name + " refers to a shared string the workbook does not have",
                        "ô " + cell_name + " trỏ tới một chuỗi dùng chung (shared string) mà tệp Excel không có"}));
      }
    } else if (type_ == "inlineStr") {
      cell.text = inline_;
    } else if (type_ == "b") {
      cell.text = value_ == "1" ? "TRUE" : "FALSE";
    } else if (type_ == "str" || type_ == "e" || type_ == "d") {
      cell.text = value_;
    } else {
      cell.text = number_text(value_);
      cell.number = !value_.empty();
    }
    if (cell.text.empty()) return;
    if (column_ >= kMaxColumns) {
      wide = true;
      return;
    }
    auto& cells = rows.back().cells;
    if (cells.size() <= column_) cells.resize(column_ + 1);
    cells[column_] = std::move(cell);
  }

  const std::vector<std::string>& shared_;
  BankDraft& draft_;
  int last_row_ = 0;
  std::size_t next_column_ = 0, column_ = 0;
  bool in_cell_ = false, in_value_ = false, in_inline_ = false, in_t_ = false;
  int in_phonetic_ = 0;
  std::string type_, value_, inline_;
};

// Reads one XML part of the archive through a handler; false with a
// problem in the draft when it is missing or broken.
bool read_part(const ZipArchive& zip, const std::string& name, XmlHandler& handler, BankDraft& draft,
               const Localized& what) {
  Localized error;
  auto xml = zip.read(name, error);
  if (!xml) {
    draft.problems.push_back(
        bank_error(0, "", {"the workbook is damaged: " + error.en, "tệp Excel bị hỏng: " + error.vi}));
    return false;
  }
  XmlReader reader;
  XmlError xml_error;
  if (!reader.parse(*xml, handler, xml_error)) {
    const std::string line = std::to_string(xml_error.line);
    draft.problems.push_back(bank_error(
        0, "",
        {"the workbook's " + what.en + " (" + name + ") cannot be read: " + xml_error.message.en + " (its line " +
             line + ")",
         "không đọc được " + what.vi + " (" + name + ") của tệp Excel: " + xml_error.message.vi + " (dòng " + line +
             " của phần này)"}));
    return false;
  }
  return true;
}

std::string part_path(const std::string& target) {
  if (target.starts_with('/')) return target.substr(1);
  return "xl/" + target;
}

// docProps/core.xml: <dc:title>, the workbook's title (File → Info), which
// our export sets to the bank's title.
class TitleHandler : public XmlHandler {
 public:
  std::string title;
  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>&, int) override {
    in_title_ = name == "title";
  }
  void end(std::string_view, std::string_view) override { in_title_ = false; }
  void text(std::string_view chars) override {
    if (in_title_) title.append(chars);
  }

 private:
  bool in_title_ = false;
};

// A sheet "Chủ đề" (or "Topics"), as our own export writes, gives topics
// their ids and names: column A the id, B the name, under a header row. The
// questions' topic column may hold either.
void name_topics(const ZipArchive& zip, const std::vector<SheetEntry>& sheets,
                 const std::vector<std::pair<std::string, std::string>>& targets, const SheetEntry& chosen,
                 const std::vector<std::string>& shared, BankDraft& draft) {
  const SheetEntry* topics = nullptr;
  for (const auto& s : sheets) {
    if (&s != &chosen && (s.name == "Chủ đề" || s.name == "Topics")) topics = &s;
  }
  if (!topics) return;
  std::string path;
  for (const auto& [id, target] : targets) {
    if (id == topics->relation) path = part_path(target);
  }
  BankDraft scratch;
  SheetHandler sheet(shared, scratch);
  if (path.empty() ||
      !read_part(zip, path, sheet, scratch, {"sheet '" + topics->name + "'", "trang tính '" + topics->name + "'"})) {
    return;
  }
  std::map<std::string, std::pair<std::string, std::string>> by_text;  // id or name -> {id, name}
  for (std::size_t r = 1; r < sheet.rows.size(); ++r) {
    const auto& cells = sheet.rows[r].cells;
    if (cells.size() < 2 || !is_slug(cells[0].text) || cells[1].text.empty()) continue;
    by_text[cells[0].text] = by_text[cells[1].text] = {cells[0].text, cells[1].text};
  }
  std::map<std::string, std::string> renamed;  // old id -> id
  for (auto& t : draft.bank.topics) {
    auto it = by_text.find(t.name);
    if (it == by_text.end()) it = by_text.find(t.id);
    if (it == by_text.end()) continue;
    renamed[t.id] = it->second.first;
    t = Topic{it->second.first, it->second.second};
  }
  for (auto& dq : draft.questions) {
    if (auto it = renamed.find(dq.question.topic); it != renamed.end()) dq.question.topic = it->second;
  }
  // A topic written once by name and once by id is one topic.
  std::set<std::string> seen;
  auto& list = draft.bank.topics;
  list.erase(std::remove_if(list.begin(), list.end(), [&](const Topic& t) { return !seen.insert(t.id).second; }),
             list.end());
}

}  // namespace

BankDraft parse_xlsx_bank(std::string_view bytes, std::string_view sheet_name) {
  BankDraft draft;
  draft.letter_option_ids = true;
  draft.unit = PlaceUnit::row;
  Localized error;
  auto zip = ZipArchive::open(bytes, error);
  if (!zip) {
    draft.problems.push_back(bank_error(0, "", std::move(error)));
    return draft;
  }
  if (!zip->has("xl/workbook.xml")) {
    draft.problems.push_back(bank_error(
        0, "",
        zip->has("word/document.xml")
            ? Localized{"the file is a Word document, not an Excel workbook: upload it as .docx",
                        "tệp này là tệp Word, không phải tệp Excel: vui lòng tải lên dưới dạng .docx"}
            : Localized{"the file is not an Excel workbook (it has no xl/workbook.xml)",
                        "tệp này không phải là tệp Excel (tệp không có phần xl/workbook.xml)"}));
    return draft;
  }
  WorkbookHandler workbook;
  RelationsHandler relations;
  if (!read_part(*zip, "xl/workbook.xml", workbook, draft, {"list of sheets", "danh sách trang tính"})) return draft;
  if (!read_part(*zip, "xl/_rels/workbook.xml.rels", relations, draft, {"list of parts", "danh sách các phần"})) {
    return draft;
  }
  if (workbook.sheets.empty()) {
    draft.problems.push_back(
        bank_error(0, "", Localized{"the workbook has no sheets", "tệp Excel không có trang tính nào"}));
    return draft;
  }

  const SheetEntry* chosen = sheet_name.empty() ? &workbook.sheets.front() : nullptr;
  std::string names;
  for (const auto& s : workbook.sheets) {
    if (!chosen && s.name == sheet_name) chosen = &s;
    names += (names.empty() ? "'" : ", '") + s.name + "'";
  }
  if (!chosen) {
    const std::string wanted(sheet_name);
    draft.problems.push_back(
        bank_error(0, "sheet",
                   {"the workbook has no sheet '" + wanted + "' (its sheets: " + names + ")",
                    "tệp Excel không có trang tính '" + wanted + "' (các trang tính của tệp: " + names + ")"}));
    return draft;
  }
  std::string path;
  for (const auto& [id, target] : relations.targets) {
    if (id == chosen->relation) path = part_path(target);
  }
  if (path.empty()) {
    draft.problems.push_back(
        bank_error(0, "",
                   {"the workbook is damaged: the sheet '" + chosen->name + "' has no part",
                    "tệp Excel bị hỏng: trang tính '" + chosen->name + "' không có phần dữ liệu"}));
    return draft;
  }
  draft.sheet = chosen->name;

  SharedStringsHandler shared;
  if (zip->has("xl/sharedStrings.xml") &&
      !read_part(*zip, "xl/sharedStrings.xml", shared, draft, {"shared strings", "bảng chuỗi dùng chung"})) {
    return draft;
  }
  SheetHandler sheet(shared.strings, draft);
  if (!read_part(*zip, path, sheet, draft, {"sheet '" + chosen->name + "'", "trang tính '" + chosen->name + "'"})) {
    return draft;
  }
  if (sheet.wide) {
    const std::string last = column_letters(kMaxColumns - 1);
    draft.problems.push_back(bank_warning(
        0, "", {"cells beyond column " + last + " are ignored", "các ô nằm sau cột " + last + " bị bỏ qua"}));
  }
  read_table(std::move(sheet.rows), sheet.merges, draft);
  if (zip->has("docProps/core.xml")) {
    Localized ignored;
    if (auto xml = zip->read("docProps/core.xml", ignored)) {
      TitleHandler title;
      XmlReader reader;
      XmlError title_error;
      if (reader.parse(*xml, title, title_error)) draft.bank.title = title.title;
    }
  }
  name_topics(*zip, workbook.sheets, relations.targets, *chosen, shared.strings, draft);
  return draft;
}

}  // namespace rq::core
