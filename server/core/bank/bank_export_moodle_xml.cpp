// A bank as Moodle XML, so that it can go back to Moodle (Question bank →
// Import → Moodle XML format) and come back here unchanged: each topic is a
// category question (its id in <idnumber>), each question a multichoice
// with its id in <idnumber>, its label (or id) as <name>, text in
// plain_text format, the explanation as general feedback. One right option
// gets fraction 100; several share 100 and wrong ones get -100, as Moodle's
// own multiple-answer questions do, so choosing everything scores nothing.
#include "core/bank/bank_export.hpp"

#include <cstdio>

namespace rq::core {
namespace {

std::string escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string text_element(std::string_view tag, std::string_view text, std::string_view indent, bool plain = true) {
  std::string out(indent);
  out += "<" + std::string(tag) + (plain ? " format=\"plain_text\"" : "") + ">\n";
  out += std::string(indent) + "  <text>" + escaped(text) + "</text>\n";
  out += std::string(indent) + "</" + std::string(tag) + ">\n";
  return out;
}

// Moodle writes a '/' inside a category name as "//".
std::string category_name(std::string_view name) {
  std::string out;
  for (char c : name) out += c == '/' ? std::string("//") : std::string(1, c);
  return out;
}

std::string fraction(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string bank_to_moodle_xml(const QuestionBank& bank) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n";
  out += "<!-- " + escaped(bank.id) + ": " + escaped(bank.title) + " (exported by reformquiz) -->\n";
  std::string topic;
  for (const auto& q : bank.questions) {
    if (q.topic != topic || &q == &bank.questions.front()) {
      topic = q.topic;
      std::string name = topic;
      for (const auto& t : bank.topics) {
        if (t.id == topic) name = t.name;
      }
      out += "  <question type=\"category\">\n";
      out += "    <category>\n      <text>$course$/top/" + escaped(category_name(name)) + "</text>\n    </category>\n";
      out += "    <idnumber>" + escaped(topic) + "</idnumber>\n";
      out += "  </question>\n";
    }
    const bool single = q.correct.size() == 1;
    out += "  <question type=\"multichoice\">\n";
    out += "    <name>\n      <text>" + escaped(q.label.empty() ? q.id : q.label) + "</text>\n    </name>\n";
    out += text_element("questiontext", q.text, "    ");
    out += text_element("generalfeedback", q.explanation, "    ");
    out += "    <defaultgrade>1</defaultgrade>\n    <penalty>0</penalty>\n    <hidden>0</hidden>\n";
    out += "    <idnumber>" + escaped(q.id) + "</idnumber>\n";
    out += std::string("    <single>") + (single ? "true" : "false") + "</single>\n";
    out += "    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n";
    for (const auto& o : q.options) {
      const bool right = std::find(q.correct.begin(), q.correct.end(), o.id) != q.correct.end();
      const std::string f = right ? fraction(100.0 / static_cast<double>(q.correct.size())) : single ? "0" : "-100";
      out += "    <answer fraction=\"" + f + "\" format=\"plain_text\">\n";
      out += "      <text>" + escaped(o.text) + "</text>\n";
      out += "      <feedback format=\"plain_text\">\n        <text></text>\n      </feedback>\n";
      out += "    </answer>\n";
    }
    out += "  </question>\n";
  }
  out += "</quiz>\n";
  return out;
}

}  // namespace rq::core
