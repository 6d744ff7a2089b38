// A bank in the Vietnamese question-set layout (question_set.hpp), as plain
// text and as a Word document, which the importers read back. A question's
// number is the one in its label when the label is "Câu N" (a set read in
// keeps its numbering), else its place in the bank. Topics become "Phần I."
// headings (Heading 1 in Word); the right options are written on an
// "Đáp án:" line, the one source of truth (the Word document marks nothing).
// The Word document is a minimal Office Open XML package (zip_writer.hpp).
#include <algorithm>
#include <cstdio>

#include "core/bank/bank_export.hpp"
#include "core/bank/zip_writer.hpp"

namespace rq::core {
namespace {

constexpr std::size_t kMaxSetOptions = 8;  // A to H

std::string roman(int n) {
  static const std::pair<int, const char*> kDigits[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
                                                        {90, "XC"},  {50, "L"},   {40, "XL"}, {10, "X"},   {9, "IX"},
                                                        {5, "V"},    {4, "IV"},   {1, "I"}};
  std::string out;
  for (const auto& [value, digits] : kDigits) {
    while (n >= value) out += digits, n -= value;
  }
  return out;
}

// One paragraph each; a line break inside a text would start a paragraph
// the importer reads as something else, so it becomes a space.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

int number_of(const Question& q, int position) {
  int n = 0;
  if (std::sscanf(q.label.c_str(), "Câu %d", &n) == 1 && n > 0 && q.label == "Câu " + std::to_string(n)) return n;
  return position;
}

struct SetParagraph {
  enum Kind { title, heading, body } kind = body;
  std::string text;
};

bool question_set(const QuestionBank& bank, std::vector<SetParagraph>& out, std::string& error) {
  out.push_back({SetParagraph::title, one_line(bank.title.empty() ? bank.id : bank.title)});
  std::string topic;
  int part = 0, position = 0;
  for (const auto& q : bank.questions) {
    ++position;
    if (q.options.size() > kMaxSetOptions) {
      error = "question " + q.id + " has " + std::to_string(q.options.size()) +
              " options; a question set holds at most eight (A–H): export as JSON instead";
      return false;
    }
    if (q.topic != topic || position == 1) {
      topic = q.topic;
      std::string name = topic;
      for (const auto& t : bank.topics) {
        if (t.id == topic) name = t.name;
      }
      out.push_back({SetParagraph::heading, "Phần " + roman(++part) + ". " + one_line(name)});
    }
    out.push_back({SetParagraph::body, "Câu " + std::to_string(number_of(q, position)) + ": " + one_line(q.text)});
    std::string answer;
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      const char letter = static_cast<char>('A' + i);
      out.push_back({SetParagraph::body, std::string(1, letter) + ". " + one_line(q.options[i].text)});
      if (std::find(q.correct.begin(), q.correct.end(), q.options[i].id) != q.correct.end()) {
        answer += (answer.empty() ? "" : ", ") + std::string(1, letter);
      }
    }
    out.push_back({SetParagraph::body, "Đáp án: " + answer});
    if (!q.explanation.empty()) out.push_back({SetParagraph::body, "Giải thích: " + one_line(q.explanation)});
    if (!q.source.empty()) out.push_back({SetParagraph::body, "Căn cứ: " + one_line(q.source)});
  }
  return true;
}

std::string xml_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

constexpr std::string_view kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "</Types>";

constexpr std::string_view kPackageRelations =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

constexpr std::string_view kDocumentRelations =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

// Times New Roman 13 pt, as administrative documents are set (Nghị định
// 30/2020/NĐ-CP); a Title and a Heading 1 style.
constexpr std::string_view kStyles =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
    "w:cs=\"Times New Roman\"/><w:sz w:val=\"26\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"60\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:pPr><w:jc w:val=\"center\"/><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:sz w:val=\"30\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
    "<w:rPr><w:sz w:val=\"28\"/></w:rPr></w:style>"
    "</w:styles>";

std::string document_xml(const std::vector<SetParagraph>& paragraphs) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
  for (const auto& p : paragraphs) {
    out += "<w:p>";
    if (p.kind == SetParagraph::title) out += "<w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>";
    if (p.kind == SetParagraph::heading) out += "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>";
    out += "<w:r><w:t xml:space=\"preserve\">" + xml_escaped(p.text) + "</w:t></w:r></w:p>";
  }
  out += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
         "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"720\" w:footer=\"720\" "
         "w:gutter=\"0\"/></w:sectPr></w:body></w:document>";
  return out;
}

}  // namespace

bool bank_to_question_set_text(const QuestionBank& bank, std::string& out, std::string& error) {
  std::vector<SetParagraph> paragraphs;
  out.clear();
  if (!question_set(bank, paragraphs, error)) return false;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const auto& p = paragraphs[i];
    // A blank line before each heading and each question, for the eye.
    if (i > 0 && (p.kind == SetParagraph::heading || p.text.starts_with("Câu "))) out += "\n";
    out += p.text + "\n";
  }
  return true;
}

bool bank_to_docx(const QuestionBank& bank, std::string& out, std::string& error) {
  std::vector<SetParagraph> paragraphs;
  out.clear();
  if (!question_set(bank, paragraphs, error)) return false;

  auto bytes = zip_parts({{"[Content_Types].xml", std::string(kContentTypes)},
                          {"_rels/.rels", std::string(kPackageRelations)},
                          {"word/_rels/document.xml.rels", std::string(kDocumentRelations)},
                          {"word/styles.xml", std::string(kStyles)},
                          {"word/document.xml", document_xml(paragraphs)}},
                         error);
  if (!bytes) return false;
  out = std::move(*bytes);
  return true;
}

}  // namespace rq::core
