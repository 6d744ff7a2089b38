// Question sets in the layout Vietnamese contests publish them ("Bộ câu
// hỏi"), read from plain text (bank_format_txt.cpp) or a Word document
// (bank_format_docx.cpp), both handing over their lines:
//
//   BỘ CÂU HỎI THI TÌM HIỂU …                 a title (the bank's, if none is given)
//   Phần I. CẢI CÁCH THỂ CHẾ                  a heading: the topic of what follows
//   Câu 1: Nghị quyết nào ban hành …          a question ("Câu 1." too); its text
//   … may go on over several lines             may run over several lines
//   A. Nghị quyết 30c/NQ-CP                    options: "A." "a)" "A/", from A on,
//   B. Nghị quyết 76/NQ-CP    C. …             several on a line when tabs or wide gaps part them
//   Đáp án: B                                  the right option(s): "ĐA: B", "Đáp án đúng: A, C"
//   Giải thích: …   Căn cứ: …                  optional: the explanation, the source
//
// Headings are "Phần", "Chủ đề", "Chuyên đề", "Chương", "Mục" with a number,
// or a Word heading style. In a Word document an option may instead be
// marked as the right one (bold, underlined, coloured or highlighted, on
// its whole text or on its letter): a marking counts for a question when
// it sets some options apart from the others; two markings that pick
// different options, an option marked only in part, or marks that
// contradict the "Đáp án" line are refused as ambiguous, naming the
// question and its paragraph.
#pragma once

#include <string>
#include <vector>

#include "core/bank/bank_draft.hpp"

namespace rq::core {

// The ways a Word run can be marked; a bit each.
enum Mark : unsigned { kBold = 1, kUnderline = 2, kColour = 4, kHighlight = 8 };
inline constexpr unsigned kAllMarks = kBold | kUnderline | kColour | kHighlight;

struct MarkedSpan {
  std::size_t begin = 0, end = 0;  // byte offsets into the line's text
  unsigned marks = 0;
};

struct SetLine {
  std::string text;
  int place = 0;              // its line (text) or paragraph (Word)
  bool heading = false;       // a Word heading style
  std::vector<MarkedSpan> spans;  // Word only; spans cover the text in order
};

// `marks_known` says whether the lines carry Word's markings at all.
void read_question_set(const std::vector<SetLine>& lines, bool marks_known, BankDraft& draft);

}  // namespace rq::core
