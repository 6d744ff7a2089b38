// Word documents (.docx) in the Vietnamese question-set layout of
// question_set.hpp. The container is read with libzip and its XML with
// expat, streamed: every paragraph of word/document.xml (tables and text
// boxes included, in document order) becomes a line, and a line break
// inside a paragraph starts a new line at the same paragraph number. Each
// run's markings (bold, underline, colour, highlight or shading) come from
// its own properties over its character style over its paragraph's style
// (word/styles.xml, followed through basedOn); paragraphs in a heading
// style (or with an outline level) are headings. A paragraph Word numbers
// itself (a list: "Câu %1:", "%1.") begins with the number Word shows
// (docx_numbering.hpp). Problems are placed by paragraph (counted from 1,
// empty ones too) and by question number.
#include <map>
#include <set>

#include <cstdlib>
#include <tuple>

#include "core/bank/bank_import.hpp"
#include "core/bank/docx_numbering.hpp"
#include "core/bank/question_set.hpp"
#include "core/bank/xml_reader.hpp"
#include "core/bank/zip_archive.hpp"
#include "core/text/normalize.hpp"

namespace rq::core {
namespace {

// Markings as properties set them: some on, some off, the rest inherited.
struct MarkSet {
  unsigned on = 0, off = 0;
  void set(unsigned mark, bool value) {
    on = value ? on | mark : on & ~mark;
    off = value ? off & ~mark : off | mark;
  }
  // `over` wins where it says something.
  MarkSet under(const MarkSet& over) const {
    MarkSet out;
    out.on = (on & ~over.off) | over.on;
    out.off = (off & ~over.on) | over.off;
    return out;
  }
};

// One property element of a run (<w:b/>, <w:u w:val="single"/>…) into marks.
void apply_property(std::string_view name, const std::vector<XmlAttribute>& a, MarkSet& m) {
  const std::string_view val = attribute_value(a, "val");
  const bool off = val == "0" || val == "false" || val == "off" || val == "none";
  if (name == "b") {
    m.set(kBold, !off);
  } else if (name == "u") {
    m.set(kUnderline, !off);
  } else if (name == "color") {
    const std::string_view theme = attribute_value(a, "themeColor");
    const bool plain = (val.empty() || val == "auto" || val == "000000") && (theme.empty() || theme == "text1" || theme == "dark1");
    m.set(kColour, !plain);
  } else if (name == "highlight") {
    m.set(kHighlight, !off);
  } else if (name == "shd") {
    const std::string_view fill = attribute_value(a, "fill");
    m.set(kHighlight, !(fill.empty() || fill == "auto" || fill == "FFFFFF" || fill == "ffffff"));
  }
}

struct Style {
  MarkSet marks;
  std::string based_on;
  bool heading = false;
  std::string num_id;  // a numbered style's list ("" when the style numbers nothing)
  int num_level = 0;
};

// word/styles.xml: each style's run properties, what it is based on, and
// whether it is a heading (its name "heading N", or an outline level).
class StylesHandler : public XmlHandler {
 public:
  std::map<std::string, Style> styles;

  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>& a, int) override {
    if (name == "style") {
      current_ = &styles[std::string(attribute_value(a, "styleId"))];
      in_rpr_ = false;
    } else if (!current_) {
      return;
    } else if (name == "name") {
      std::string n(attribute_value(a, "val"));
      for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (n.starts_with("heading")) current_->heading = true;
    } else if (name == "basedOn") {
      current_->based_on = attribute_value(a, "val");
    } else if (name == "outlineLvl") {
      if (attribute_value(a, "val") != "9") current_->heading = true;
    } else if (name == "numId") {
      current_->num_id = attribute_value(a, "val");
    } else if (name == "ilvl") {
      current_->num_level = std::atoi(std::string(attribute_value(a, "val")).c_str());
    } else if (name == "rPr") {
      in_rpr_ = true;
    } else if (in_rpr_) {
      apply_property(name, a, current_->marks);
    }
  }
  void end(std::string_view, std::string_view name) override {
    if (name == "style") current_ = nullptr;
    if (name == "rPr") in_rpr_ = false;
  }
  void text(std::string_view) override {}

  // A style's marks through its basedOn chain (bounded: a cycle ends it).
  MarkSet marks_of(const std::string& id) const {
    MarkSet out;
    std::vector<const Style*> chain;
    std::set<std::string> seen;
    for (std::string s = id; !s.empty() && seen.insert(s).second && chain.size() < 32;) {
      auto it = styles.find(s);
      if (it == styles.end()) break;
      chain.push_back(&it->second);
      s = it->second.based_on;
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) out = out.under((*it)->marks);
    return out;
  }
  // The list a style numbers its paragraphs in, through basedOn.
  std::pair<std::string, int> numbering_of(const std::string& id) const {
    std::set<std::string> seen;
    for (std::string s = id; !s.empty() && seen.insert(s).second;) {
      auto it = styles.find(s);
      if (it == styles.end()) break;
      if (!it->second.num_id.empty()) return {it->second.num_id, it->second.num_level};
      s = it->second.based_on;
    }
    return {"", 0};
  }
  bool is_heading(const std::string& id) const {
    auto it = styles.find(id);
    return it != styles.end() && it->second.heading;
  }

 private:
  Style* current_ = nullptr;
  bool in_rpr_ = false;
};

class DocumentHandler : public XmlHandler {
 public:
  DocumentHandler(const StylesHandler& styles, ListNumbers& numbers) : styles_(styles), numbers_(numbers) {}

  std::vector<SetLine> lines;

  void start(std::string_view, std::string_view name, const std::vector<XmlAttribute>& a, int) override {
    // Text boxes come twice, as the drawing and as its fallback: one is read.
    // Tracked formatting changes keep the old look, which is no marking.
    if (name == "Fallback" || name == "rPrChange" || name == "pPrChange" || skip_ > 0) {
      ++skip_;
      return;
    }
    if (name == "p") {
      ++paragraph_;
      ++depth_p_;
      paragraph_style_.clear();
      outline_heading_ = false;
      num_id_.clear();
      num_level_ = 0;
      paragraph_mark_ = MarkSet{};
      lines.push_back({{}, paragraph_, false, {}});
    } else if (depth_p_ == 0) {
      return;
    } else if (name == "pPr") {
      in_ppr_ = true;
    } else if (in_ppr_ && name == "pStyle") {
      paragraph_style_ = attribute_value(a, "val");
    } else if (in_ppr_ && name == "outlineLvl") {
      outline_heading_ = attribute_value(a, "val") != "9";
    } else if (in_ppr_ && name == "numId") {
      num_id_ = attribute_value(a, "val");
    } else if (in_ppr_ && name == "ilvl") {
      num_level_ = std::atoi(std::string(attribute_value(a, "val")).c_str());
    } else if (in_ppr_ && name == "rPr") {
      in_mark_rpr_ = true;  // the paragraph mark's look, which Word gives the list number too
    } else if (in_mark_rpr_) {
      apply_property(name, a, paragraph_mark_);
    } else if (in_ppr_) {
      return;  // tab stops, spacing…: layout, not text
    } else if (name == "r") {
      run_ = MarkSet{};
      run_style_.clear();
    } else if (name == "rPr" && !in_ppr_) {
      in_rpr_ = true;
    } else if (in_rpr_ && name == "rStyle") {
      run_style_ = attribute_value(a, "val");
    } else if (in_rpr_) {
      apply_property(name, a, run_);
    } else if (name == "t") {
      in_t_ = true;
      piece_.clear();
    } else if (name == "tab") {
      append("\t");
    } else if (name == "br" || name == "cr") {
      // A page break is no line of its own; a line break parts lines.
      if (attribute_value(a, "type") != "page") new_line();
    } else if (name == "noBreakHyphen") {
      append("-");
    }
  }
  void end(std::string_view, std::string_view name) override {
    if (skip_ > 0) {
      --skip_;
      return;
    }
    if (name == "p" && depth_p_ > 0) {
      --depth_p_;
      const bool heading = outline_heading_ || styles_.is_heading(paragraph_style_);
      // Every line of the paragraph shares its style.
      for (auto it = lines.rbegin(); it != lines.rend() && it->place == paragraph_; ++it) it->heading = heading;
    } else if (name == "pPr") {
      in_ppr_ = false;
      number_paragraph();
    } else if (name == "rPr" && in_mark_rpr_) {
      in_mark_rpr_ = false;
    } else if (name == "rPr") {
      in_rpr_ = false;
    } else if (name == "t" && in_t_) {
      in_t_ = false;
      append(to_nfc(piece_).value_or(piece_));
    }
  }
  void text(std::string_view chars) override {
    if (in_t_) piece_.append(chars);
  }

 private:
  // A paragraph in a numbered list begins with the number Word shows
  // ("Câu 3:", "B."), marked as its paragraph mark is.
  void number_paragraph() {
    std::string id = num_id_;
    int level = num_level_;
    if (id.empty()) std::tie(id, level) = styles_.numbering_of(paragraph_style_);
    if (id.empty()) return;
    const std::string number = numbers_.next(id, level);
    if (number.empty() || lines.empty()) return;
    auto& line = lines.back();
    const MarkSet marks = styles_.marks_of(paragraph_style_).under(paragraph_mark_);
    line.text = number + " " + line.text;
    for (auto& span : line.spans) span.begin += number.size() + 1, span.end += number.size() + 1;
    line.spans.insert(line.spans.begin(), MarkedSpan{0, number.size(), marks.on});
  }
  void new_line() {
    if (depth_p_ > 0) lines.push_back({{}, paragraph_, false, {}});
  }
  void append(const std::string& s) {
    if (lines.empty() || s.empty()) return;
    const MarkSet effective =
        styles_.marks_of(paragraph_style_).under(styles_.marks_of(run_style_)).under(run_);
    auto& line = lines.back();
    const std::size_t begin = line.text.size();
    line.text += s;
    if (!line.spans.empty() && line.spans.back().marks == effective.on && line.spans.back().end == begin) {
      line.spans.back().end = line.text.size();
    } else {
      line.spans.push_back({begin, line.text.size(), effective.on});
    }
  }

  const StylesHandler& styles_;
  ListNumbers& numbers_;
  int paragraph_ = 0, depth_p_ = 0, skip_ = 0, num_level_ = 0;
  bool in_ppr_ = false, in_rpr_ = false, in_mark_rpr_ = false, in_t_ = false, outline_heading_ = false;
  std::string paragraph_style_, run_style_, piece_, num_id_;
  MarkSet run_, paragraph_mark_;
};

}  // namespace

BankDraft parse_docx_bank(std::string_view bytes) {
  BankDraft draft;
  draft.unit = PlaceUnit::paragraph;
  Localized error;
  auto zip = ZipArchive::open(bytes, error);
  if (!zip) {
    draft.problems.push_back(bank_error(0, "", std::move(error)));
    return draft;
  }
  if (!zip->has("word/document.xml")) {
    draft.problems.push_back(bank_error(
        0, "",
        zip->has("xl/workbook.xml")
            ? Localized{"the file is an Excel workbook, not a Word document: upload it as .xlsx",
                        "tệp này là tệp Excel, không phải tệp Word: vui lòng tải lên dưới dạng .xlsx"}
            : Localized{"the file is not a Word document (it has no word/document.xml)",
                        "tệp này không phải là tệp Word (tệp không có phần word/document.xml)"}));
    return draft;
  }
  StylesHandler styles;
  if (zip->has("word/styles.xml")) {
    auto xml = zip->read("word/styles.xml", error);
    XmlReader reader;
    XmlError xml_error;
    if (!xml || !reader.parse(*xml, styles, xml_error)) {
      const Localized& why = xml ? xml_error.message : error;
      draft.problems.push_back(
          bank_error(0, "",
                     {"the document's styles (word/styles.xml) cannot be read: " + why.en,
                      "không đọc được các kiểu định dạng (word/styles.xml) của tệp Word: " + why.vi}));
      return draft;
    }
  }
  auto xml = zip->read("word/document.xml", error);
  if (!xml) {
    draft.problems.push_back(
        bank_error(0, "", {"the document is damaged: " + error.en, "tệp Word bị hỏng: " + error.vi}));
    return draft;
  }
  // Lists Word numbers itself ("Câu %1:"): a broken numbering part only
  // loses the numbers, which the reader then reports as missing.
  ListNumbers numbers;
  if (zip->has("word/numbering.xml")) {
    Localized ignored;
    if (auto numbering = zip->read("word/numbering.xml", ignored)) numbers.read(*numbering);
  }
  DocumentHandler document(styles, numbers);
  XmlReader reader;
  XmlError xml_error;
  if (!reader.parse(*xml, document, xml_error)) {
    draft.problems.push_back(
        bank_error(0, "",
                   {"the document's text (word/document.xml) cannot be read: " + xml_error.message.en,
                    "không đọc được nội dung (word/document.xml) của tệp Word: " + xml_error.message.vi}));
    return draft;
  }
  read_question_set(document.lines, true, draft);
  return draft;
}

}  // namespace rq::core
